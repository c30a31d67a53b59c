"""`detente serve`: the dashboard and JSON API over a real store and a real HTTP server."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from typer.testing import CliRunner

from detente.cli import app
from detente.web import App, serve

from .test_store import add_doc, make_event


@pytest.fixture()
def store_path(tmp_path):
    from detente.store import Store

    path = tmp_path / "w.duckdb"
    with Store(path) as store:
        add_doc(store, "a.txt", [
            make_event("a.txt", 0, "Yoon visited Tokyo.", source="KOR", target="JPN"),
            make_event("a.txt", 1, "Kishida visited Seoul.", date="2023-05-07", source="JPN",
                       target="KOR"),
            make_event("a.txt", 2, "China criticized the summit.", "111", source="CHN",
                       target="USA"),
        ])
    return path


def test_api_and_page_share_one_context(store_path):
    web = App(store_path)
    try:
        status, kind, body = web.respond("/api/report?a=kor&b=jpn")
        assert status == 200 and kind.startswith("application/json")
        report = json.loads(body)
        assert report["dyad"] == ["KOR", "JPN"] and report["store"]["events"] == 3
        status, kind, page = web.respond("/?a=KOR&b=JPN")
        assert status == 200 and kind.startswith("text/html")
        embedded = page.decode().split('id="detente-data">')[1].split("</script>")[0]
        assert json.loads(embedded)["report"]["verdict"] == report["report"]["verdict"]
        assert "<form" in page.decode() and "<svg" in page.decode()
    finally:
        web.close()


def test_bad_requests_get_clear_errors(store_path):
    web = App(store_path)
    try:
        status, _, body = web.respond("/api/dyad/K0R/JPN")
        assert status == 400 and "K0R" in json.loads(body)["error"]
        status, _, body = web.respond("/api/align?since=yesterday")
        assert status == 400
        assert web.respond("/nowhere")[0] == 404
    finally:
        web.close()


def test_a_real_server_answers_on_loopback(store_path):
    server = serve(store_path, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with urllib.request.urlopen(f"{base}/api/events?a=JPN&b=KOR", timeout=10) as response:
            events = json.loads(response.read())
        assert {e["sentence"] for e in events} == {"Yoon visited Tokyo.", "Kishida visited Seoul."}
        with urllib.request.urlopen(f"{base}/api/align", timeout=10) as response:
            assert set(json.loads(response.read())["states"]) >= {"JPN", "KOR"}
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}/api/nothing", timeout=10)
        assert missing.value.code == 404
    finally:
        server.shutdown()
        server.server_close()
        server.app.close()


def test_serve_get_answers_one_request_without_a_server(store_path):
    result = CliRunner().invoke(app, ["serve", "--db", str(store_path), "--get",
                                      "/api/dyad/KOR/JPN?by=year"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdict"]["label"]
