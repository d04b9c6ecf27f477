"""Is a literal's lexical form valid for its XML Schema datatype? Checked without building rdflib Literals.

rdflib logs a full traceback for every ill-typed literal it meets and lets some invalid forms through
(``"2013-13"^^xsd:gYearMonth``).  :func:`lexical_problem` instead follows the lexical spaces of XML Schema 1.1
Part 2 and says, in a few words a user can act on, what is wrong.  Every check runs in time linear in the input
(no regex here can backtrack catastrophically), never calls ``int()`` on more than 40 digits and never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable

XSD = "http://www.w3.org/2001/XMLSchema#"

# XSD whitespace is exactly these four characters; bare str.strip() would also drop NBSP, U+2003 and the like.
_WS = " \t\n\r"
_WS_RUN = re.compile("[ \t\n\r]+")

_INTEGER = re.compile(r"([+-]?)([0-9]+)", re.ASCII)
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)
_DOUBLE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?INF|NaN", re.ASCII)
_LANGUAGE = re.compile(r"[a-zA-Z]{1,8}(?:-[a-zA-Z0-9]{1,8})*", re.ASCII)
_NOT_HEX = re.compile(r"[^0-9a-fA-F]")
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/=]")
_URI_FORBIDDEN = re.compile("[\x00-\x20\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_DURATION = re.compile(
    r"-?P(?:(?P<Y>[0-9]+)Y)?(?:(?P<M>[0-9]+)M)?(?:(?P<D>[0-9]+)D)?"
    r"(?P<T>T(?:(?P<h>[0-9]+)H)?(?:(?P<m>[0-9]+)M)?(?:(?P<s>[0-9]+(?:\.[0-9]+)?)S)?)?",
    re.ASCII,
)

_YEAR = r"(?P<year>-?[0-9]{4,})"
_MONTH = r"(?P<month>[0-9]{2})"
_DAY = r"(?P<day>[0-9]{2})"
_TIME = r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2}(?:\.[0-9]+)?)"
_ZONE = r"(?P<tz>Z|[+-](?P<tzh>[0-9]{2}):(?P<tzm>[0-9]{2}))?"
# datatype -> (pattern without the time zone, the shape to tell the user)
_CALENDAR: dict[str, tuple[str, str]] = {
    "date": (f"{_YEAR}-{_MONTH}-{_DAY}", "YYYY-MM-DD"),
    "dateTime": (f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}", "YYYY-MM-DDThh:mm:ss"),
    "dateTimeStamp": (f"{_YEAR}-{_MONTH}-{_DAY}T{_TIME}", "YYYY-MM-DDThh:mm:ss"),
    "time": (_TIME, "hh:mm:ss"),
    "gYear": (_YEAR, "YYYY"),
    "gYearMonth": (f"{_YEAR}-{_MONTH}", "YYYY-MM"),
    "gMonth": (f"--{_MONTH}", "--MM"),
    "gMonthDay": (f"--{_MONTH}-{_DAY}", "--MM-DD"),
    "gDay": (f"---{_DAY}", "---DD"),
}
_CALENDAR_RE = {name: re.compile(pattern + _ZONE, re.ASCII) for name, (pattern, _) in _CALENDAR.items()}
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# datatype -> (least, greatest) value; None means unbounded.
_INT_RANGES: dict[str, tuple[int | None, int | None]] = {
    "integer": (None, None),
    "long": (-(2**63), 2**63 - 1),
    "int": (-(2**31), 2**31 - 1),
    "short": (-(2**15), 2**15 - 1),
    "byte": (-(2**7), 2**7 - 1),
    "nonNegativeInteger": (0, None),
    "positiveInteger": (1, None),
    "nonPositiveInteger": (None, 0),
    "negativeInteger": (None, -1),
    "unsignedLong": (0, 2**64 - 1),
    "unsignedInt": (0, 2**32 - 1),
    "unsignedShort": (0, 2**16 - 1),
    "unsignedByte": (0, 2**8 - 1),
}
_DURATION_EXAMPLES = {"duration": "P1Y2M3DT4H5M6S", "dayTimeDuration": "P3DT4H5M6.5S", "yearMonthDuration": "P1Y2M"}


def _integer_problem(text: str, name: str) -> str | None:
    """Check an xsd:integer-derived form; ranges are compared without int() on more than 40 digits."""
    match = _INTEGER.fullmatch(text)
    if match is None:
        return "not an integer (no decimal point allowed)" if _DECIMAL.fullmatch(text) else "not an integer"
    low, high = _INT_RANGES[name]
    digits = match.group(2).lstrip("0")
    # Every finite bound has fewer than 40 digits, so 10**40 stands in for any longer magnitude.
    magnitude = int(digits or "0") if len(digits) <= 40 else 10**40
    value = -magnitude if match.group(1) == "-" else magnitude
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    shown = str(value) if len(digits) <= 40 else f"a {len(digits)}-digit number"
    if low is not None and high is not None:
        bounds = f"{low} to {high}"
    else:
        bounds = f"must be at least {low}" if low is not None else f"must be at most {high}"
    return f"{shown} is out of range for xsd:{name} ({bounds})"


def _decimal_problem(text: str, name: str) -> str | None:
    """Check an xsd:decimal form: digits with at most one point, no exponent, no INF/NaN."""
    if _DECIMAL.fullmatch(text):
        return None
    if _DECIMAL.fullmatch(text.replace(",", ".", 1)):
        return "use a point, not a comma, as the decimal separator"
    if _DOUBLE.fullmatch(text):
        return "not a decimal (exponents, INF and NaN are only for xsd:double and xsd:float)"
    return "not a decimal number"


def _double_problem(text: str, name: str) -> str | None:
    """Check an xsd:double or xsd:float form (values out of range round to INF, so only the shape matters)."""
    if _DOUBLE.fullmatch(text):
        return None
    if text.lstrip("+-").lower() in ("inf", "infinity", "nan"):
        return "write infinity and not-a-number as INF, -INF or NaN"
    if _DOUBLE.fullmatch(text.replace(",", ".", 1)):
        return "use a point, not a comma, as the decimal separator"
    return "not a floating-point number"


def _boolean_problem(text: str, name: str) -> str | None:
    """Check an xsd:boolean form."""
    return None if text in ("true", "false", "1", "0") else "not a boolean (use true, false, 1 or 0)"


def _days_in_month(month: int, year: str | None) -> int:
    """Days in `month` of the (astronomical, possibly huge) `year`; 29 for February when the year is absent."""
    if month != 2 or year is None:
        return _MONTH_DAYS[month - 1]
    last = int(year[-4:])  # year has at least four digits, and 400 divides 10000, so the last four digits decide
    return 29 if last % 4 == 0 and (last % 100 != 0 or last % 400 == 0) else 28


def _calendar_problem(text: str, name: str) -> str | None:
    """Check a date, time or Gregorian-fragment form: its shape, then real months, days, hours and zones."""
    match = _CALENDAR_RE[name].fullmatch(text)
    if match is None:
        return f"not an xsd:{name} (expected {_CALENDAR[name][1]}, optionally with a time zone such as Z or +02:00)"
    part = match.groupdict()
    year, month, day = part.get("year"), part.get("month"), part.get("day")
    if year is not None and len(year.lstrip("-")) > 4 and year.lstrip("-")[0] == "0":
        return "a year with more than four digits must not start with 0"
    if month is not None and not 1 <= int(month) <= 12:
        return f"month {int(month)} does not exist"
    if day is not None:
        number = int(day)
        if number == 0 or number > 31:
            return f"day {number} does not exist"
        if month is not None and number > _days_in_month(int(month), year):
            when = _MONTH_NAMES[int(month) - 1]
            if year is not None:
                when += " " + (year if len(year) <= 12 else "of that year")
            return f"{when} has no day {number}"
    if part.get("hour") is not None:
        hour, minute, second = int(part["hour"]), int(part["minute"]), part["second"]
        if hour > 24:
            return f"hour {hour} does not exist"
        if minute > 59:
            return f"minute {minute} does not exist"
        if int(second[:2]) > 59:
            return f"second {int(second[:2])} does not exist"
        if hour == 24 and (minute or second.replace(".", "").strip("0")):
            return "hour 24 is only allowed as 24:00:00"
    if part["tzh"] is not None:
        if int(part["tzm"]) > 59:
            return f"time-zone minute {int(part['tzm'])} does not exist"
        if int(part["tzh"]) * 60 + int(part["tzm"]) > 14 * 60:
            return f"time-zone offset {part['tz']} is beyond ±14:00"
    if name == "dateTimeStamp" and part["tz"] is None:
        return "xsd:dateTimeStamp needs a time zone, e.g. Z or +02:00"
    return None


def _duration_problem(text: str, name: str) -> str | None:
    """Check an xsd:duration, xsd:dayTimeDuration or xsd:yearMonthDuration form."""
    match = _DURATION.fullmatch(text)
    if match is None:
        return f"not an xsd:{name} (expected e.g. {_DURATION_EXAMPLES[name]})"
    part = match.groupdict()
    if part["T"] == "T":
        return "nothing follows the T (add hours, minutes or seconds, or drop the T)"
    if not any(part[key] for key in "YMDhms"):
        return f"a duration needs at least one number (e.g. {'P0M' if name == 'yearMonthDuration' else 'PT0S'})"
    if name == "dayTimeDuration" and (part["Y"] or part["M"]):
        return "xsd:dayTimeDuration cannot have years or months (use xsd:duration)"
    if name == "yearMonthDuration" and (part["D"] or part["T"]):
        return "xsd:yearMonthDuration can only have years and months (use xsd:duration)"
    return None


def _any_uri_problem(text: str, name: str) -> str | None:
    """Check an xsd:anyURI form leniently: only spaces and control (or non-XML) characters are refused."""
    bad = _URI_FORBIDDEN.search(text)
    if bad is None:
        return None
    return "contains whitespace (write a space as %20)" if bad.group() in _WS else "contains a control character"


def _language_problem(text: str, name: str) -> str | None:
    """Check an xsd:language form: letters, then hyphen-separated subtags of 1 to 8 letters or digits."""
    if _LANGUAGE.fullmatch(text):
        return None
    if _LANGUAGE.fullmatch(text.replace("_", "-")):
        return "separate the parts of a language tag with -, not _"
    return "not a language tag (expected e.g. en, pt-BR or zh-Hant)"


def _hex_problem(text: str, name: str) -> str | None:
    """Check an xsd:hexBinary form: pairs of hex digits."""
    if _NOT_HEX.search(text):
        return "contains a character that is not a hex digit"
    return "odd number of hex digits" if len(text) % 2 else None


def _base64_problem(text: str, name: str) -> str | None:
    """Check an xsd:base64Binary form (whitespace is already removed): quads, padding and zero pad bits."""
    if _NOT_BASE64.search(text):
        return "contains a character that is not in the base64 alphabet"
    if len(text) % 4:
        return "length (without whitespace) is not a multiple of 4"
    body = text.rstrip("=")
    if "=" in body or len(text) - len(body) > 2:
        return "padding '=' may only be the last one or two characters"
    if text.endswith("==") and body[-1] not in "AQgw":
        return "the character before '==' has non-zero unused bits"
    if text.endswith("=") and not text.endswith("==") and body[-1] not in "AEIMQUYcgkosw048":
        return "the character before '=' has non-zero unused bits"
    return None


_CHECKS: dict[str, Callable[[str, str], str | None]] = {
    **dict.fromkeys(_INT_RANGES, _integer_problem),
    **dict.fromkeys(_CALENDAR, _calendar_problem),
    **dict.fromkeys(_DURATION_EXAMPLES, _duration_problem),
    "decimal": _decimal_problem,
    "double": _double_problem,
    "float": _double_problem,
    "boolean": _boolean_problem,
    "anyURI": _any_uri_problem,
    "language": _language_problem,
    "hexBinary": _hex_problem,
    "base64Binary": _base64_problem,
}
_MAY_BE_EMPTY = frozenset({"anyURI", "hexBinary", "base64Binary"})


def lexical_problem(lexical: str, datatype: str) -> str | None:
    """None if `lexical` is a valid lexical form of the XSD datatype IRI `datatype` (or the datatype is
    not one this module knows, e.g. a non-XSD datatype or rdf:langString); else a short reason a user can act on,
    e.g. 'month 13 does not exist', 'not an integer', 'February 2017 has no day 30', 'hour 25 does not exist'.

    Every datatype covered here has whiteSpace="collapse", so leading and trailing XSD whitespace is allowed
    (and, for base64Binary, whitespace anywhere).
    """
    if not datatype.startswith(XSD) or (check := _CHECKS.get(datatype[len(XSD) :])) is None:
        return None
    name = datatype[len(XSD) :]
    text = _WS_RUN.sub("", lexical) if name == "base64Binary" else lexical.strip(_WS)
    if not text and name not in _MAY_BE_EMPTY:
        return "empty lexical form"
    return check(text, name)


def checks_datatype(datatype: str) -> bool:
    """Whether :func:`lexical_problem` checks literals of the datatype IRI ``datatype`` (for callers that
    look at many literals: the answer for a datatype is the same for every literal)."""
    return datatype.startswith(XSD) and datatype[len(XSD) :] in _CHECKS
