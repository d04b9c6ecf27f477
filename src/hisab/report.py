"""Render a validation outcome as text, Turtle (the SHACL report), JSON or JUnit XML."""

from __future__ import annotations

import json
from collections import defaultdict
from typing import TYPE_CHECKING
from xml.etree import ElementTree as ET

if TYPE_CHECKING:  # only named in annotations: `hisab query` need not import the validator
    from hisab.validate import ValidationOutcome

FORMATS = ("text", "turtle", "json", "junit")


def render(outcome: ValidationOutcome, fmt: str) -> str:
    """The report in ``fmt`` (one of :data:`FORMATS`)."""
    return {"text": as_text, "turtle": as_turtle, "json": as_json, "junit": as_junit}[fmt](outcome)


def verdict(outcome: ValidationOutcome) -> str:
    """One line: conforms or not, with counts."""
    v, w = len(outcome.violations), len(outcome.warnings)
    state = "CONFORMS" if outcome.conforms else "DOES NOT CONFORM"
    return f"{state}: {v} violation{'s' if v != 1 else ''}, {w} warning{'s' if w != 1 else ''}"


def as_text(outcome: ValidationOutcome) -> str:
    """Results grouped by focus node, with its label, the shape's message and the offending value."""
    groups: dict[tuple[str, str], list] = defaultdict(list)
    for row in outcome.results:
        groups[(row.focus, row.focus_label)].append(row)
    lines: list[str] = []
    for (focus, label), rows in groups.items():
        heading = focus if label == focus else f"{label}  ({focus})"
        lines.append(heading)
        for row in rows:
            where = f" {row.path}" if row.path else ""
            value = f" = {row.value}" if row.value else ""
            lines.append(f"  {row.severity.upper()}{where}{value}: {row.message}")
            lines.append(f"      shape {row.shape}" + (f" in {row.node_shape}" if row.node_shape != row.shape else ""))
        lines.append("")
    lines.append(verdict(outcome))
    return "\n".join(lines) + "\n"


def as_turtle(outcome: ValidationOutcome) -> str:
    """The standard SHACL validation report graph."""
    return outcome.report_graph.serialize(format="turtle")


def as_json(outcome: ValidationOutcome) -> str:
    """``{"conforms": …, "violations": n, "warnings": n, "results": [...]}``."""
    payload = {
        "conforms": outcome.conforms,
        "violations": len(outcome.violations),
        "warnings": len(outcome.warnings),
        "results": [row.__dict__ for row in outcome.results],
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


def as_junit(outcome: ValidationOutcome) -> str:
    """JUnit XML with one test case per node shape: failed if any violation came from it; warnings go to system-out."""
    by_shape: dict[str, list] = defaultdict(list)
    for row in outcome.results:
        by_shape[row.node_shape].append(row)
    shapes = sorted(set(outcome.node_shapes) | set(by_shape))
    failures = sum(1 for s in shapes if any(r.severity == "Violation" for r in by_shape[s]))
    suite = ET.Element("testsuite", name="hisab-shacl", tests=str(len(shapes)), failures=str(failures), errors="0")
    for shape in shapes:
        case = ET.SubElement(suite, "testcase", classname="hisab.shapes", name=shape)
        violations = [r for r in by_shape[shape] if r.severity == "Violation"]
        others = [r for r in by_shape[shape] if r.severity != "Violation"]
        if violations:
            failure = ET.SubElement(case, "failure", message=f"{len(violations)} violation(s)", type="sh:Violation")
            failure.text = "\n".join(_line(r) for r in violations)
        if others:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{r.severity}: {_line(r)}" for r in others)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def _line(row) -> str:
    path = f" {row.path}" if row.path else ""
    value = f" = {row.value}" if row.value else ""
    return f"{row.focus_label} ({row.focus}){path}{value}: {row.message}"
