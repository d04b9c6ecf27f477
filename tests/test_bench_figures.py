"""The benchmark's own arithmetic: the plain stack's build time, measured, extrapolated or bounded below,
and the verdict on the speed-up target that follows from it."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_scale", ROOT / "bench" / "bench_scale.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_scale"] = module
    spec.loader.exec_module(module)
    return module


def _plain(load: float, reason: float | None, validate: float | None, timeout: float = 120.0) -> dict:
    def stage(name: str, seconds: float | None) -> dict:
        if seconds is None:
            return {"stopped": f"did not finish within {timeout:.0f} s", "timeout_seconds": timeout}
        return {"seconds": {"load": load, name: seconds}}
    return {"load": {"seconds": {"load": load}}, "reason": stage("reason", reason),
            "validate": stage("validate", validate)}


def _largest(seconds: float) -> dict:
    return {"triples": 1_000_000, "hisab": {}, "build_cli": {"seconds": seconds, "peak_mb": 1000.0}}


def test_measured_stages_add_up(bench) -> None:
    sizes = [{"triples": 10_000, "plain": _plain(1.0, 10.0, 20.0)}]
    bench.plain_build(sizes)
    assert sizes[0]["plain_build_seconds"] == {"seconds": 31.0, "extrapolated": False, "lower_bound": False,
                                               "how": ""}


def test_a_stage_that_never_finished_bounds_the_total_below(bench) -> None:
    """Validation stopped after 120 s at both small sizes, its process having loaded the data first: at 1M it
    counts 120 s minus that load, and reasoning is extrapolated from its two measured sizes."""
    sizes = [{"triples": 10_000, "plain": _plain(1.0, 10.0, None)},
             {"triples": 20_000, "plain": _plain(2.0, 20.0, None)},
             {"triples": 1_000_000}]
    bench.plain_build(sizes)
    largest = sizes[-1]["plain_build_seconds"]
    assert largest["lower_bound"] and largest["extrapolated"]
    assert largest["seconds"] == pytest.approx(100.0 + 1000.0 + 119.0)  # load and reasoning linear; 120 - 1
    assert "validate: more than 119 s" in largest["how"]
    assert "reason: t ∝ n^1.00" in largest["how"]


def test_a_stage_with_neither_points_nor_a_time_limit_leaves_the_total_unknown(bench) -> None:
    sizes = [{"triples": 10_000, "plain": {"load": {"seconds": {"load": 1.0}},
                                           "reason": {"stopped": "failed: MemoryError"}}}]
    bench.plain_build(sizes)
    assert sizes[0]["plain_build_seconds"] is None


@pytest.mark.parametrize(("plain_seconds", "lower_bound", "met", "shown"), [
    (1200.0, True, True, "at least 30.0×"),  # a bound beyond the goal meets it
    (790.0, True, None, "at least 19.8×"),   # a bound below the goal says nothing either way (not rounded up)
    (600.0, False, False, "15.0×"),          # a measured (or extrapolated) 15× misses it
])
def test_the_speed_up_verdict(bench, plain_seconds, lower_bound, met, shown) -> None:
    largest = _largest(40.0)
    largest["plain_build_seconds"] = {"seconds": plain_seconds, "extrapolated": True, "lower_bound": lower_bound,
                                      "how": "validate: more than 120 s"}
    verdict = next(t for t in bench.summarise([largest], {}) if t["target"].startswith("build speed-up"))
    assert verdict["met"] is met
    assert verdict["measured"].startswith(shown + " (plain stack")
