"""The views over a store coded by the real pipeline: the report and the dashboard."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest

from detente.web import App

pytestmark = pytest.mark.model

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "japan-korea-thaw.txt"


@pytest.fixture(scope="module")
def coded_store(coder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Our example article, coded and stored by the pipeline."""
    from detente.pipeline import analyze

    db = tmp_path_factory.mktemp("views") / "thaw.duckdb"
    result = analyze([str(EXAMPLE)], db=db, coder=coder)
    assert not result.failures
    return db


def _text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_verdict_and_trend_never_disagree(coded_store: Path, by: str) -> None:
    web = App(coded_store)
    status, _, body = web.respond(f"/api/report?a=JPN&b=KOR&by={by}")
    assert status == 200
    report = json.loads(body)["report"]
    direction = report["verdict"]["direction"]
    assert direction in ("warming", "cooling", "flat")
    assert report["trend"]["both"]["judged"] == direction
    # the page: the verdict's direction and the trend table's row for both directions
    status, _, page = web.respond(f"/?a=JPN&b=KOR&by={by}")
    html = page.decode()
    shown = re.search(r"Direct relations: <b>(\w+)</b>", html)
    assert shown and shown.group(1) == direction
    row = re.search(r"<tr><td>both directions</td>(.*?)</tr>", html, re.S)
    assert row, "the trend table has a row for both directions"
    cells = [_text(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]
    assert cells[-1].split()[0] == direction, (by, cells)


@pytest.mark.parametrize("by", ["month", "quarter", "year"])
def test_every_count_of_the_series_opens_the_events_it_counts(coded_store: Path, by: str):
    web = App(coded_store)
    status, _, page = web.respond(f"/?a=JPN&b=KOR&by={by}")
    assert status == 200
    links = re.findall(r'<a class="count" href="/events\?([^"]+)">(\d+)</a>', page.decode())
    # the trend rows (both directions, each direction) and the periods of the series; the
    # issue table counts stances toward third parties, which its links only approximate
    series = [(q, n) for q, n in links if "issue=" not in q]
    assert len(series) >= 3
    for query, shown in series:
        status, _, body = web.respond("/api/browse?" + unescape(query))
        assert status == 200, body
        assert json.loads(body)["total"] == int(shown), (by, unescape(query))


def _browser() -> tuple[object, str]:
    """Playwright's sync API and a Chromium to drive, or a skip saying what is missing."""
    import shutil

    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed: `pip install -e .[dev]` installs it, to run "
                    "the browser test of the dashboard")
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return sync_playwright, found
    pytest.skip("no chromium on PATH: install it with `apt-get install -y chromium` to run the "
                "browser test of the dashboard")
    raise AssertionError  # unreachable


@pytest.mark.slow
def test_dashboard_in_a_browser_from_a_number_to_its_sentence_and_document(
    coded_store: Path,
) -> None:
    """A real `detente serve` on the coded store, driven in Chromium: choose a dyad, follow the
    count of its events, filter them, open an event's sentence and then its document."""
    from .test_serve_beside_analyze import _start_server, _stop

    sync_playwright, chromium = _browser()
    process, port = _start_server(coded_store)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:  # type: ignore[operator]
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(base + "/")
            # choose the dyad in the list and show it by quarter
            page.select_option("select[name=pick]", "JPN-KOR")
            page.select_option("form:has(select[name=pick]) select[name=by]", "quarter")
            page.click("form:has(select[name=pick]) button")
            assert page.locator("h1").inner_text() == "detente report: JPN–KOR"
            verdict = page.locator(".verdict b").first.inner_text()
            both = page.locator("tr:has(td:text-is('both directions'))")
            assert both.locator("td").last.inner_text().startswith(verdict)
            counted = int(both.locator("td").nth(1).inner_text())
            # the number of events opens the events behind it
            both.locator("a.count").click()
            assert page.url.startswith(base + "/events?")
            found = page.locator("#found").inner_text()
            assert found.startswith(f"{counted} events"), (found, counted)
            # filter them: consultations only (CAMEO 04), then page through if needed
            page.fill("input[name=code]", "04")
            page.click("form.filters button")
            rows = page.locator("#event-list tr:has(td)")
            assert rows.count() >= 1
            codes = [rows.nth(i).locator("td").nth(3).inner_text() for i in range(rows.count())]
            assert all(code.startswith("04") for code in codes), codes
            assert int(page.locator("#found").inner_text().split()[0]) < counted
            # a sentence opens its event, which names its actors and rule
            sentence = rows.first.locator("a.sentence").inner_text()
            rows.first.locator("a.sentence").click()
            assert "/event/" in page.url
            assert page.locator("blockquote.sentence").inner_text() == sentence
            assert "JPN" in page.locator("table.fields").inner_text()
            # the coding rule: its mechanism and the lexicon file and entry behind it
            assert re.search(r"\brule\s+\w[\w-]*:events/data/\w+\.yaml:",
                             page.locator("table.fields").inner_text())
            # the event's document lists its sentences, this one with the event coded from it
            page.locator("p.meta a").first.click()
            assert "/document?" in page.url
            highlighted = page.locator("li.coded", has_text=sentence[:40])
            assert highlighted.count() >= 1
            assert highlighted.first.locator("ul.coded-events a").count() >= 1
            assert page.locator("ol.sentences > li").count() == 44  # the article's sentences
            browser.close()
    finally:
        _stop(process)
