"""Bad input: a message naming file, line and problem; exit 2; no traceback; nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest

HEADER = ("@prefix hisab: <https://w3id.org/hisab/ontology#> .\n"
          "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n")


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(HEADER + text, encoding="utf-8")
    return path


@pytest.mark.parametrize("body, line, words", [
    ("<https://w3id.org/hisab/id/test/a> a hisab:Incident\n<https://w3id.org/hisab/id/test/b> a hisab:Incident .\n",
     4, "dot is expected"),
    ('<https://w3id.org/hisab/id/test/a> rdfs:label "unterminated .\n', 3, "syntax error"),
    ("<https://w3id.org/hisab/id/test/a> zz:label \"x\" .\n", 3, "zz:"),
])
def test_syntax_error_names_file_and_line_and_exits_2(cli, tmp_path, body, line, words):
    path = _write(tmp_path, "bad.ttl", body)
    run = cli("validate", str(path))
    assert run.code == 2
    assert f"bad.ttl:{line}" in run.err
    assert words in run.err
    assert "Traceback" not in run.err + run.out


def test_unknown_prefix_has_a_hint(cli, tmp_path):
    path = _write(tmp_path, "prefix.ttl", '<https://w3id.org/hisab/id/test/a> zz:label "x" .\n')
    run = cli("validate", str(path))
    assert run.code == 2
    assert "@prefix" in run.err


def test_ill_typed_literal_is_an_error_with_its_line(cli, tmp_path):
    path = _write(tmp_path, "typed.ttl",
                  "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
                  '<https://w3id.org/hisab/id/test/t> hisab:count "seventy"^^xsd:integer .\n')
    run = cli("validate", str(path))
    assert run.code == 2
    assert 'typed.ttl:4' in run.err
    assert '"seventy" is not a valid xsd:integer' in run.err


def test_misspelt_term_is_a_warning_naming_the_closest_term(cli, tmp_path):
    path = _write(tmp_path, "typo.ttl",
                  "<https://w3id.org/hisab/id/test/t> hisab:perpetator <https://w3id.org/hisab/id/test/a> .\n")
    run = cli("validate", str(path))
    assert "hisab:perpetator is not defined" in run.err
    assert "did you mean hisab:perpetrator?" in run.err
    assert "typo.ttl:3" in run.err
    # and the node, which uses a Hisab term but has no class, does not escape validation
    assert run.code == 1 and "has no class" in run.out


def test_missing_file_is_an_input_error(cli, tmp_path):
    run = cli("validate", str(tmp_path / "nowhere.ttl"))
    assert run.code == 2
    assert "no such file" in run.err


def test_not_utf8_is_an_input_error(cli, tmp_path):
    path = tmp_path / "latin1.ttl"
    path.write_bytes(HEADER.encode() + '<https://w3id.org/hisab/id/test/a> rdfs:label "caf\xe9" .\n'.encode("latin-1"))
    run = cli("validate", str(path))
    assert run.code == 2
    assert "not valid UTF-8" in run.err


def test_build_with_a_bad_data_file_writes_nothing(cli, tmp_path, layout):
    """A copy of the project with one broken data file: build exits 2 and leaves no output behind."""
    import shutil

    copy = tmp_path / "project"
    for name in ("ontology", "shapes", "data"):
        shutil.copytree(layout.root / name, copy / name)
    (copy / "data" / "reports" / "broken.ttl").write_text(HEADER + "<x> a hisab:Incident\n", encoding="utf-8")
    out = tmp_path / "dist" / "hisab.trig"
    run = cli("build", "--out", str(out), cwd=copy)
    assert run.code == 2
    assert "broken.ttl:4" in run.err  # the unterminated statement runs into the end of the file
    assert (not out.exists() and not (tmp_path / "dist").exists()) or not any((tmp_path / "dist").iterdir())
