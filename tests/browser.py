"""Helpers for the real-browser tests: Debian's Chromium driven headless through its chromedriver.

Nothing here downloads a browser or a driver: Selenium is given ``/usr/bin/chromedriver`` and
``/usr/bin/chromium`` (Debian packages ``chromium-driver`` and ``chromium``, which ``.ci/run`` installs),
so Selenium Manager never runs. Without them the browser tests are skipped on a developer's machine and
fail in CI (``CI`` set), where they must never be skipped silently.

- :func:`driver_fixture` makes a pytest fixture of one headless Chrome, 1280×1600, fresh profile;
- :func:`save_screenshot` writes a full-page PNG into ``$HISAB_ARTIFACTS/screenshots/``;
- :func:`run_axe` runs the vendored axe-core on the page for WCAG 2.1 A/AA; :func:`assert_accessible`
  fails listing every serious or critical violation.
"""

from __future__ import annotations

import base64
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
WINDOW = (1280, 1600)
CHROME_FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)
#: axe-core's tags for WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
BLOCKING_IMPACTS = ("serious", "critical")
_MAX_SCREENSHOT_HEIGHT = 16_000  # CSS pixels: a very long page is cut there rather than making a huge image


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when Chromium and its driver are installed."""
    missing = [str(path) for path in (CHROMIUM, CHROMEDRIVER) if not (path.is_file() and os.access(path, os.X_OK))]
    if not missing:
        return None
    return (f"{' and '.join(missing)} not found: install the Debian packages chromium and chromium-driver "
            "(apt-get install chromium chromium-driver; .ci/run does)")


def require_browser() -> None:
    """Skip the calling test when the browser is missing, or fail it in CI (``CI`` set): CI must run it."""
    reason = browser_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"CI is set and the browser tests cannot run: {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def chrome() -> Iterator[Any]:
    """A headless Chromium through chromedriver, with a fresh temporary profile, closed on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    with tempfile.TemporaryDirectory(prefix="hisab-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in CHROME_FLAGS:
            options.add_argument(flag)
        options.add_argument(f"--user-data-dir={profile}")
        options.add_argument(f"--window-size={WINDOW[0]},{WINDOW[1]}")
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
        try:
            driver.set_window_size(*WINDOW)
            driver.set_page_load_timeout(60)
            driver.set_script_timeout(60)
            yield driver
        finally:
            driver.quit()


def driver_fixture(scope: str = "module") -> Callable[..., Any]:
    """A pytest fixture (assign it to a name in a test module) giving one headless Chrome per ``scope``;
    skipped without the browser locally, failed in CI."""

    @pytest.fixture(scope=scope)
    def driver() -> Iterator[Any]:
        require_browser()
        with chrome() as instance:
            yield instance

    return driver


def artifacts_dir() -> Path:
    """Where tests leave files to look at: ``$HISAB_ARTIFACTS``, else ``test-artifacts/`` at the project root."""
    return Path(os.environ.get("HISAB_ARTIFACTS") or ROOT / "test-artifacts")


def save_screenshot(driver: Any, name: str) -> Path:
    """A PNG of the whole page (beyond the window, through Chrome DevTools) as ``screenshots/<name>``."""
    folder = artifacts_dir() / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name if name.endswith(".png") else name + ".png")
    from selenium.common.exceptions import WebDriverException

    try:
        metrics = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})
        size = metrics.get("cssContentSize") or metrics["contentSize"]
        width = max(1, int(size["width"]))
        height = max(1, min(int(size["height"]), _MAX_SCREENSHOT_HEIGHT))
        shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}})
        path.write_bytes(base64.b64decode(shot["data"]))
    except (WebDriverException, KeyError):  # no DevTools: the window's view is still worth having
        driver.save_screenshot(str(path))
    return path


def axe_script() -> Path:
    """The vendored axe-core (``hisab/web/static/vendor/axe-core/axe.min.js``)."""
    return Path(str(resources.files("hisab.web") / "static" / "vendor" / "axe-core" / "axe.min.js"))


def run_axe(driver: Any, script: Path | None = None) -> list[dict]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page open in ``driver``."""
    source = script or axe_script()
    if not source.is_file():
        raise AssertionError(f"axe-core is not vendored at {source}: the accessibility checks cannot run")
    if not driver.execute_script("return typeof window.axe === 'object' && typeof window.axe.run === 'function';"):
        driver.execute_script(source.read_text(encoding="utf-8"))
    outcome = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})"
        ".then(results => done({violations: results.violations}), error => done({error: String(error)}));",
        list(WCAG_TAGS))
    if "error" in outcome:
        raise AssertionError(f"axe-core failed on {driver.current_url}: {outcome['error']}")
    return outcome["violations"]


def blocking(violations: list[dict]) -> list[dict]:
    """The violations of impact serious or critical."""
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe_violations(violations: list[dict], targets: int = 3) -> str:
    """One line per violation: rule id, impact, help, how many elements and the first targets' selectors."""
    lines = []
    for violation in violations:
        nodes = violation.get("nodes", [])
        selectors = ["/".join(str(part) for part in node.get("target", [])) for node in nodes[:targets]]
        html = nodes[0].get("html", "")[:160] if nodes else ""
        lines.append(f"  {violation['id']} ({violation.get('impact')}): {violation.get('help')} — {len(nodes)} "
                     f"element(s), e.g. {', '.join(selectors)}" + (f"\n      {html}" if html else ""))
    return "\n".join(lines)


def assert_accessible(driver: Any, page: str = "") -> list[dict]:
    """Run axe-core and fail listing every serious or critical violation; the violations of lower impact are
    returned for the caller to report."""
    violations = run_axe(driver)
    serious = blocking(violations)
    where = page or driver.current_url
    assert not serious, f"accessibility violations (serious or critical) on {where}:\n{describe_violations(serious)}"
    return violations
