"""The HTML report in headless Chromium: charts render, nothing errors, no injected script runs.

Needs Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver).
Skips when they are missing outside CI; under CI (``CI`` set) a missing browser fails.
The screenshot goes to tests/compare/artifacts/report.png (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from chiso.store import Store
from compare.reference import load_reference
from compare.report import build_report

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path(shutil.which("chromedriver") or "/usr/bin/chromedriver")
ARTIFACTS = Path(__file__).parent / "artifacts"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (CHROMIUM.exists() and CHROMEDRIVER.exists()):
        if os.environ.get("CI"):
            pytest.fail("CI is set but /usr/bin/chromium or chromedriver is missing")
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-dev-shm-usage",
        "--window-size=1200,1400",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def site(store_path, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    with Store(store_path, read_only=True) as store:
        build_report(store, out, reference=load_reference())
    return out


def _errors(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]


def _open(driver, path: Path) -> None:
    driver.get(path.resolve().as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def test_locality_page_charts_render(browser, site):
    from selenium.webdriver.common.by import By

    page = next((site / "loc").glob("hai-phong-*.html"))
    _open(browser, page)
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    kinds = {c.get_attribute("class") for c in charts}
    assert {"chart chart-score", "chart chart-rank"} <= kinds
    for chart in charts:
        assert chart.size["width"] > 100 and chart.size["height"] > 100
    points = browser.find_elements(By.CSS_SELECTOR, "svg.chart-score circle.point")
    assert len(points) == 3  # PAR INDEX 2021, 2022, 2023 (DDCI is another locality)
    assert all(p.size["width"] > 0 for p in points)
    # a figure links to its sentence on the same page
    link = browser.find_element(By.CSS_SELECTOR, "table.panel a[href^='#ev-']")
    target = browser.find_element(By.ID, link.get_attribute("href").split("#")[1])
    assert "Hải Phòng" in target.text
    assert _errors(browser) == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    print(f"screenshot: {shot}")


def test_injected_markup_stays_text(browser, site):
    from selenium.webdriver.common.by import By

    page = next((site / "loc").glob("bac-ninh-*.html"))
    _open(browser, page)
    assert browser.execute_script("return window.__xss") is None
    assert browser.find_elements(By.TAG_NAME, "script") == []
    assert browser.find_elements(By.CSS_SELECTOR, "img") == []
    body = browser.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__xss=1</script>" in body  # the title, shown as text
    assert 'onerror="window.__xss=3"' in body
    assert browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']") == []
    assert _errors(browser) == []


def test_every_page_loads_without_console_errors(browser, site):
    for page in [site / "index.html", site / "conflicts.html", *sorted((site / "loc").glob("*.html"))]:
        _open(browser, page)
        assert browser.execute_script("return window.__xss") is None, page
        assert _errors(browser) == [], page
