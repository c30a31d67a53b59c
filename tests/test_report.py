"""The standalone HTML report: content, self-containment, and rendering in a real browser."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from detente.analyse.sample import event, write_events
from detente.present.report import render_report
from detente.store import Store


def _rows() -> list[dict]:
    rows = [
        event("TURCVL", "RUSGOV", "141", -6.5, "2015-11-27", plover="PROTEST",
              sentence="Crowds in Istanbul protested against Moscow <loudly> & long."),
        event("RUSGOV", "TURGOV", "112", -2.0, "2015-12-02", sentence="Moscow accused Ankara."),
        event("RUSGOV", "TURGOV", "163", -8.0, "2015-12-20", sentence="Russia imposed sanctions."),
        event("RUSGOV", "TURGOV", "051", 3.4, "2016-07-16", sentence="Moscow praised Ankara."),
        event("RUSGOV", "TURGOV", "042", 1.9, "2016-07-17", sentence="The president called."),
        event("TURGOV", "RUSGOV", "043", 2.8, "2016-08-09", sentence="The leaders met."),
        event("RUSGOV", "TURGOV", "081", 5.0, "2016-08-10", sentence="Russia lifted sanctions."),
        event("TURGOV", "SYRREB", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Ankara armed the rebels."),
        event("RUSMIL", "SYRGOV", "070", 7.0, "2016-08-01", issues=("SYRIA",),
              sentence="Moscow armed Damascus."),
        event("SYRREB", "SYRGOV", "190", -10.0, "2016-08-02", issues=("SYRIA",),
              sentence="Rebels attacked the army."),
        event("TURGOV", "IGO:NATO", "042", 1.9, "2016-08-03", sentence="Ankara went to NATO."),
        event("RUSGOV", "WST", "111", -2.0, "2016-08-03", sentence="Moscow blamed the West."),
    ]
    for state in ("USA", "GBR"):
        rows += [event(f"{state}GOV", "UKRGOV", "070", 7.0, f"2016-0{m}-03",
                       sentence=f"{state} aid {m}") for m in (1, 2)]
        rows += [event(f"{state}GOV", "SYRGOV", "163", -8.0, f"2016-0{m}-04",
                       sentence=f"{state} sanction {m}") for m in (1, 2)]
    return rows


@pytest.fixture()
def page(tmp_path: Path) -> Path:
    con = Store(tmp_path / "store.duckdb")
    write_events(con, _rows())
    return render_report(con, tmp_path / "report.html", ("TUR", "RUS"))


def test_report_holds_every_section_and_the_analysis_json(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 4  # timeline, quad bars, affinity, heatmap
    for anchor in ("timeline", "third-parties", "issues", "matrix", "events"):
        assert f'id="{anchor}"' in html
    assert "rapprochement" in html.lower()
    assert "Ankara armed the rebels." in html
    # Sentences are escaped, not injected as markup.
    assert "&lt;loudly&gt; &amp; long." in html and "<loudly>" not in html
    data = json.loads(re.search(r'id="detente-data">(.*?)</script>', html, re.S).group(1))
    assert data["report"]["verdict"]["label"] == "rapprochement"
    assert data["dyad"] == ["TUR", "RUS"]
    # Only states in the heatmap: no organisations, regions or rebels.
    assert set(data["alignment_matrix"]["states"]) == {"TUR", "RUS", "SYR", "USA", "GBR", "UKR"}
    # Every evidence link points at a row of the event table.
    links = re.findall(r'href="#(ev-[0-9a-f]+)"', html)
    assert links
    for target in links:
        assert f'id="{target}"' in html


def test_report_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "@import" not in html
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    assert urls <= {"http://www.w3.org/2000/svg"}


def test_report_without_a_dyad_picks_the_busiest_pair(tmp_path: Path) -> None:
    con = Store(tmp_path / "store.duckdb")
    write_events(con, _rows())
    assert con.busiest_dyad() == ("RUS", "TUR")
    html = render_report(con, tmp_path / "r.html").read_text(encoding="utf-8")
    assert "RUS–TUR" in html
    empty = Store(tmp_path / "empty.duckdb")
    write_events(empty, [])
    text = render_report(empty, tmp_path / "empty.html").read_text(encoding="utf-8")
    assert "no events between two states" in text


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip("no chromium on PATH: install it with `apt-get install -y chromium` to run the "
                "browser test of the HTML report")
    raise AssertionError  # unreachable


BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.mark.slow
def test_report_renders_in_headless_chromium(page: Path, tmp_path: Path) -> None:
    browser = _chromium()
    dom = subprocess.run(
        [browser, *BROWSER_FLAGS, "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout
    assert dom.count("<svg") == 4
    assert len(re.findall(r"<circle ", dom)) >= 4  # timeline dots
    assert len(re.findall(r'class="cell"', dom)) >= 9  # heatmap cells
    assert "Moscow armed Damascus." in dom
    shot = tmp_path / "report.png"
    subprocess.run(
        [browser, *BROWSER_FLAGS, "--window-size=1000,2000", f"--screenshot={shot}",
         page.as_uri()],
        capture_output=True, timeout=120, check=True, cwd=tmp_path,
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1000, 2000)
    assert len(data) > 40_000  # a blank page compresses to a few kilobytes
