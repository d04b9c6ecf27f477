"""Lexical-form checks for XSD datatypes (hisab.lexical), table-driven and property-based."""

from __future__ import annotations

import base64
import datetime as dt
import time
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hisab.lexical import XSD, lexical_problem

VALID: dict[str, list[str]] = {
    "integer": ["0", "-0", "+7", "0042", "-123456789012345678901234567890", " 12 ", "\t\n5\r", "9" * 5000],
    "long": ["9223372036854775807", "-9223372036854775808", "000000000000000000000000000000000000000000001"],
    "int": ["2147483647", "-2147483648"],
    "short": ["32767", "-32768"],
    "byte": ["127", "-128", "+0"],
    "nonNegativeInteger": ["0", "-0", "1" + "0" * 5000],
    "positiveInteger": ["1", "+0001"],
    "nonPositiveInteger": ["0", "+0", "-5", "-" + "9" * 5000],
    "negativeInteger": ["-1", "-0001"],
    "unsignedLong": ["18446744073709551615", "0"],
    "unsignedInt": ["4294967295"],
    "unsignedShort": ["65535"],
    "unsignedByte": ["255", "-0"],
    "decimal": ["0", "-1.5", "+.5", "5.", "0012.3400", " 3.14 "],
    "double": ["1", "-1.5e10", "1E-3", ".5e+2", "5.", "INF", "-INF", "+INF", "NaN", "1e999", "-0"],
    "float": ["3.4028235E38", "INF", "NaN", "0.1"],
    "boolean": ["true", "false", "1", "0", " true "],
    "date": ["2017-02-28", "2016-02-29", "2000-02-29", "0000-02-29", "-0044-03-15", "12345-12-31", "2017-01-31Z",
             "2017-01-31+14:00", "2017-01-31-05:30"],
    "dateTime": ["2017-02-03T04:05:06", "2017-02-03T24:00:00", "2017-02-03T24:00:00.000", "2017-02-03T23:59:59.999Z",
                 "2017-02-03T04:05:06-14:00", "2016-02-29T00:00:00"],
    "dateTimeStamp": ["2017-02-03T04:05:06Z", "2017-02-03T04:05:06.5+01:00"],
    "time": ["00:00:00", "23:59:59", "24:00:00", "12:30:00.123456Z", "12:30:00+05:45"],
    "gYear": ["2013", "-0001", "0000", "20130", "2013Z", "2013-05:00"],
    "gYearMonth": ["2013-12", "2013-01", "-0044-03", "2013-12+01:00"],
    "gMonth": ["--01", "--12", "--05Z"],
    "gMonthDay": ["--02-29", "--12-31", "--04-30Z"],
    "gDay": ["---01", "---31", "---15-03:00"],
    "duration": ["P1Y", "P1Y2M3DT4H5M6.7S", "-P3D", "PT0S", "PT36H", "P0D", "PT1M", "P1MT1S"],
    "dayTimeDuration": ["P3D", "PT4H", "-P1DT2H3M4.5S", "PT0.5S"],
    "yearMonthDuration": ["P1Y", "P2M", "-P1Y2M", "P0Y"],
    "anyURI": ["http://example.org/a#b", "", "relative/path", "urn:isbn:0451450523", "http://ex.org/ünïcode", " x "],
    "language": ["en", "pt-BR", "zh-Hant-TW", "x-private1", "sgn-BE-FR", "EN-gb"],
    "hexBinary": ["", "00", "0fB7", "DEADbeef"],
    "base64Binary": ["", "AAAA", "YQ==", "YWI=", "YWJj", "YW Jj", "YWJj\nZGVm", "Y Q = =", "QUJD REVG"],
}

INVALID: dict[str, list[tuple[str, str]]] = {
    "integer": [("abc", "not an integer"), ("1.0", "not an integer"), ("1e3", "not an integer"), ("", "empty"),
                ("1 2", "not an integer"), ("١٢", "not an integer"), ("--1", "not an integer"),
                ("\u00a012", "integer")],
    "long": [("9" * 5000, "5000-digit number is out of range"), ("9223372036854775808", "out of range"),
             ("-9223372036854775809", "out of range")],
    "int": [("2147483648", "out of range for xsd:int")],
    "short": [("32768", "out of range"), ("-32769", "out of range")],
    "byte": [("300", "300 is out of range for xsd:byte (-128 to 127)"), ("-129", "out of range")],
    "nonNegativeInteger": [("-1", "must be at least 0"), ("-" + "1" * 5000, "out of range")],
    "positiveInteger": [("0", "must be at least 1"), ("-0", "must be at least 1")],
    "nonPositiveInteger": [("1", "must be at most 0")],
    "negativeInteger": [("0", "must be at most -1"), ("-0", "must be at most -1")],
    "unsignedLong": [("18446744073709551616", "out of range"), ("-1", "out of range")],
    "unsignedInt": [("4294967296", "out of range")],
    "unsignedShort": [("65536", "out of range")],
    "unsignedByte": [("256", "out of range"), ("-1", "out of range")],
    "decimal": [("1e5", "only for xsd:double"), ("INF", "only for xsd:double"), ("1,5", "comma"),
                (".", "not a decimal"), ("1.2.3", "not a decimal"), ("abc", "not a decimal")],
    "double": [("inf", "INF, -INF or NaN"), ("-NaN", "INF, -INF or NaN"), ("Infinity", "INF"), ("1e", "floating"),
               ("e5", "floating"), ("1,5", "comma"), ("0x10", "floating"), ("1_000", "floating")],
    "float": [("abc", "floating"), ("nan", "NaN")],
    "boolean": [("True", "not a boolean"), ("yes", "not a boolean"), ("2", "not a boolean")],
    "date": [("2017-02-30", "February 2017 has no day 30"), ("2017-02-29", "February 2017 has no day 29"),
             ("1900-02-29", "February 1900 has no day 29"), ("2017-04-31", "April 2017 has no day 31"),
             ("2017-13-01", "month 13 does not exist"), ("2017-00-10", "month 0 does not exist"),
             ("2017-01-00", "day 0 does not exist"), ("2017-01-32", "day 32 does not exist"),
             ("2017-1-5", "expected YYYY-MM-DD"), ("17-01-05", "expected YYYY-MM-DD"), ("05/01/2017", "expected"),
             ("02017-01-01", "must not start with 0"), ("2017-01-01T00:00:00", "expected YYYY-MM-DD"),
             ("2017-01-01+15:00", "beyond ±14:00"), ("2017-01-01+14:01", "beyond ±14:00"),
             ("2017-01-01+05:60", "time-zone minute 60"), ("2017-01-01+0500", "expected")],
    "dateTime": [("2017-02-03T25:00:00", "hour 25 does not exist"), ("2017-02-03T24:00:01", "only allowed as 24:00:00"),
                 ("2017-02-03T24:00:00.5", "24:00:00"), ("2017-02-03T12:60:00", "minute 60 does not exist"),
                 ("2017-02-03T12:00:60", "second 60 does not exist"), ("2017-02-03", "expected YYYY-MM-DDThh:mm:ss"),
                 ("2017-02-03 04:05:06", "expected"), ("2017-02-30T00:00:00", "February 2017 has no day 30"),
                 ("2017-02-03T04:05", "expected"), ("2017-02-03T04:05:06.", "expected")],
    "dateTimeStamp": [("2017-02-03T04:05:06", "needs a time zone"), ("2017-02-03T04:05:06+15:00", "beyond ±14:00")],
    "time": [("25:00:00", "hour 25 does not exist"), ("24:30:00", "24:00:00"), ("12:00", "expected hh:mm:ss"),
             ("1:00:00", "expected"), ("12:00:00ZZ", "expected")],
    "gYear": [("13", "expected YYYY"), ("02013", "must not start with 0"), ("2013-13", "expected")],
    "gYearMonth": [("2013-13", "month 13 does not exist"), ("2013-00", "month 0 does not exist"),
                   ("2013", "expected YYYY-MM"), ("2013-1", "expected")],
    "gMonth": [("--13", "month 13 does not exist"), ("--00", "month 0"), ("05", "expected --MM"),
               ("--05--", "expected")],
    "gMonthDay": [("--02-30", "February has no day 30"), ("--04-31", "April has no day 31"), ("--13-01", "month 13")],
    "gDay": [("---32", "day 32 does not exist"), ("---00", "day 0 does not exist"), ("--01", "expected ---DD")],
    "duration": [("P", "at least one number"), ("PT", "nothing follows the T"), ("P1YT", "nothing follows the T"),
                 ("1Y", "expected"), ("P1D2M", "expected"), ("P-1D", "expected"), ("P1.5D", "expected"),
                 ("PT1.S", "expected"), ("P1H", "expected")],
    "dayTimeDuration": [("P1Y", "cannot have years or months"), ("P1M2D", "cannot have years or months")],
    "yearMonthDuration": [("P1D", "only have years and months"), ("P1YT1H", "only have years and months"),
                          ("P", "at least one number")],
    "anyURI": [("http://ex.org/a b", "space"), ("http://ex.org/\x00", "control"), ("a\tb", "whitespace")],
    "language": [("en_US", "-, not _"), ("", "empty"), ("toolongtag", "not a language tag"), ("en-", "not a language"),
                 ("-en", "not a language"), ("1en", "not a language"), ("en--US", "not a language")],
    "hexBinary": [("0", "odd number"), ("0g", "not a hex digit"), ("0 0", "not a hex digit")],
    "base64Binary": [("YQ", "multiple of 4"), ("Y===", "padding"), ("YQ=a", "padding"), ("YR==", "non-zero"),
                     ("YWJ=A===", "padding"), ("YWK=", "non-zero"), ("YW!j", "base64 alphabet")],
}


def _cases(table: dict) -> list:
    return [(name, case) for name, cases in table.items() for case in cases]


@pytest.mark.parametrize(("name", "lexical"), _cases(VALID))
def test_valid_forms(name: str, lexical: str) -> None:
    assert lexical_problem(lexical, XSD + name) is None


@pytest.mark.parametrize(("name", "case"), _cases(INVALID))
def test_invalid_forms(name: str, case: tuple[str, str]) -> None:
    lexical, expected = case
    problem = lexical_problem(lexical, XSD + name)
    assert problem is not None and expected in problem, problem


def test_messages_read_well() -> None:
    assert lexical_problem("2013-13", XSD + "gYearMonth") == "month 13 does not exist"
    assert lexical_problem("abc", XSD + "integer") == "not an integer"
    assert lexical_problem("2017-02-30", XSD + "date") == "February 2017 has no day 30"
    assert lexical_problem("25:00:00", XSD + "time") == "hour 25 does not exist"
    assert lexical_problem("300", XSD + "byte") == "300 is out of range for xsd:byte (-128 to 127)"
    assert len(lexical_problem("9" * 5000, XSD + "long") or "") < 200
    assert len(lexical_problem("9" * 5000 + "-02-29", XSD + "date") or "") < 100


def test_every_covered_datatype_is_tested() -> None:
    assert set(VALID) == set(INVALID)
    for name in VALID:
        assert lexical_problem("\x00 surely not valid", XSD + name) is not None, name


@pytest.mark.parametrize(
    "datatype",
    [
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString",
        "http://www.w3.org/2001/XMLSchema#string",
        "http://www.w3.org/2001/XMLSchema#notAType",
        "http://example.org/myType",
        "",
    ],
)
def test_unknown_datatypes_are_not_judged(datatype: str) -> None:
    assert lexical_problem("anything at all \x00", datatype) is None


def test_linear_time_on_adversarial_input() -> None:
    """Long near-misses must not trigger regex backtracking blow-ups (each would take minutes if quadratic)."""
    n = 100_000
    nasty = ["0" * n + "x", "1" * n + "-", "-" + "1" * n + "-01-01T", "P" + "1" * n, "PT1." + "1" * n,
             "1." + "1" * n + "e", "a-" * n, "A" * (4 * n + 1), " " * n + "1" + " " * n, "1" * n + "-13",
             "--" + "0" * n, "12:00:00." + "0" * n + "+"]
    start = time.perf_counter()
    for name in VALID:
        for text in nasty:
            lexical_problem(text, XSD + name)
    assert time.perf_counter() - start < 20


# --- properties -------------------------------------------------------------------------------------------------

DATATYPES = st.one_of(st.sampled_from([XSD + name for name in VALID]), st.text(max_size=60))
NASTY_TEXT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789+-.:eEINFaTPYMDHSZ =/\t\n", max_size=40),
    st.from_regex(r"\A-?[0-9]{4,6}-[0-9]{2}(-[0-9]{2})?(T[0-9]{2}:[0-9]{2}:[0-9]{2})?([+-][0-9]{2}:[0-9]{2})?\Z"),
)


@given(NASTY_TEXT, DATATYPES)
@settings(max_examples=500)
def test_never_raises(lexical: str, datatype: str) -> None:
    problem = lexical_problem(lexical, datatype)
    assert problem is None or (isinstance(problem, str) and problem)


def _xsd_int_names_containing(value: int) -> list[str]:
    bounds = {"long": 2**63, "int": 2**31, "short": 2**15, "byte": 2**7}
    names = ["integer"] + [n for n, b in bounds.items() if -b <= value < b]
    names += [f"unsigned{n.title()}" for n, b in bounds.items() if 0 <= value < 2 * b]
    names += ["nonNegativeInteger"] * (value >= 0) + ["positiveInteger"] * (value > 0)
    names += ["nonPositiveInteger"] * (value <= 0) + ["negativeInteger"] * (value < 0)
    return names


@given(st.integers(min_value=-(2**70), max_value=2**70))
def test_canonical_integers_accepted_exactly_within_range(value: int) -> None:
    inside = set(_xsd_int_names_containing(value))
    for name in VALID:
        if name in inside:
            assert lexical_problem(str(value), XSD + name) is None, name
        elif name in {"long", "int", "short", "byte", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte",
                      "nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"}:
            assert lexical_problem(str(value), XSD + name) is not None, name
    assert lexical_problem(str(value), XSD + "decimal") is None
    assert lexical_problem(str(value), XSD + "double") is None


@given(st.decimals(allow_nan=False, allow_infinity=False), st.floats(allow_nan=False, allow_infinity=False))
def test_canonical_numbers_accepted(decimal: Decimal, number: float) -> None:
    assert lexical_problem(f"{decimal:f}", XSD + "decimal") is None
    assert lexical_problem(repr(number), XSD + "double") is None
    assert lexical_problem(repr(number), XSD + "float") is None


ZONES = st.one_of(st.none(), st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m))))


@given(st.dates(), st.times(timezones=ZONES), ZONES)
def test_canonical_dates_and_times_accepted(day: dt.date, clock: dt.time, zone: dt.timezone | None) -> None:
    moment = dt.datetime.combine(day, clock)
    assert lexical_problem(day.isoformat(), XSD + "date") is None
    assert lexical_problem(moment.isoformat(), XSD + "dateTime") is None
    assert lexical_problem(clock.isoformat(), XSD + "time") is None
    stamp = moment.replace(tzinfo=zone or dt.UTC).isoformat()
    assert lexical_problem(stamp, XSD + "dateTimeStamp") is None
    assert lexical_problem(f"{day.year:04d}-{day.month:02d}", XSD + "gYearMonth") is None
    assert lexical_problem(f"--{day.month:02d}-{day.day:02d}", XSD + "gMonthDay") is None
    assert lexical_problem(f"---{day.day:02d}", XSD + "gDay") is None


@given(st.timedeltas())
def test_canonical_durations_accepted(delta: dt.timedelta) -> None:
    sign = "-" if delta < dt.timedelta(0) else ""
    delta = abs(delta)
    minutes, seconds = divmod(delta.seconds, 60)
    lexical = f"{sign}P{delta.days}DT{minutes // 60}H{minutes % 60}M{seconds}.{delta.microseconds:06d}S"
    assert lexical_problem(lexical, XSD + "duration") is None
    assert lexical_problem(lexical, XSD + "dayTimeDuration") is None


@given(st.integers(1, 9999), st.integers(0, 99), st.integers(0, 99))
def test_dates_agree_with_python(year: int, month: int, day: int) -> None:
    lexical = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        dt.date.fromisoformat(lexical)
    except ValueError:
        python_valid = False
    else:
        python_valid = True
    assert (lexical_problem(lexical, XSD + "date") is None) == python_valid


@given(st.binary(max_size=40))
def test_encoded_binary_accepted(data: bytes) -> None:
    assert lexical_problem(data.hex(), XSD + "hexBinary") is None
    assert lexical_problem(data.hex().upper(), XSD + "hexBinary") is None
    assert lexical_problem(base64.b64encode(data).decode(), XSD + "base64Binary") is None
    assert lexical_problem(base64.encodebytes(data).decode(), XSD + "base64Binary") is None
