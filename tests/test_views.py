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
