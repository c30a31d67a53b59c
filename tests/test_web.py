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


@pytest.fixture()
def store_path(tmp_path, make_event, add_doc):
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


# shutdown() waits for the serving loop to look up: every 0.05 s instead of 0.5 s
POLL = {"poll_interval": 0.05}


def test_a_real_server_answers_on_loopback(store_path):
    server = serve(store_path, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs=POLL, daemon=True)
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


@pytest.fixture()
def live(store_path):
    """A real server on loopback; yields its port."""
    server = serve(store_path, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs=POLL, daemon=True)
    thread.start()
    try:
        yield server.server_port
    finally:
        server.shutdown()
        server.server_close()


def _get(port: int, target: str, host: str | None = None) -> tuple[int, dict[str, str], bytes]:
    """A GET over a real socket, with the Host header given (http.client sends it as is)."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    try:
        connection.putrequest("GET", target, skip_host=host is not None)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("limit", ["-1", "0", "5001", "99999999999999999999999", "ten", "1e3",
                                   "9" * 5000])
def test_bad_limits_get_a_400_with_a_json_message(live, limit):
    status, headers, body = _get(live, f"/api/events?limit={limit}")
    assert status == 400 and headers["Content-Type"].startswith("application/json")
    assert "limit" in json.loads(body)["error"]


def test_a_good_limit_is_kept(live):
    status, _, body = _get(live, "/api/events?limit=1")
    assert status == 200 and len(json.loads(body)) == 1


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1:1",
                                  "attacker.localhost.example:{port}", ""])
def test_requests_naming_another_host_are_refused(live, host):
    status, _, body = _get(live, "/api/events", host=host.format(port=live))
    assert status == 403
    assert "not this server's address" in json.loads(body)["error"]


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}",
                                  "127.0.0.1"])
def test_requests_naming_the_bound_address_are_answered(live, host):
    status, _, body = _get(live, "/api/events", host=host.format(port=live))
    assert status == 200 and len(json.loads(body)) == 3


def test_host_rules_follow_the_bound_address():
    from detente.web import host_allowed

    assert host_allowed("[::1]:80", "::1", 80)
    assert host_allowed("localhost", "::1", 80)
    assert not host_allowed("192.168.1.5:80", "127.0.0.1", 80)
    # bound to every address: any address of the machine, never a foreign domain name
    assert host_allowed("192.168.1.5:80", "0.0.0.0", 80)
    assert not host_allowed("rebind.example:80", "0.0.0.0", 80)
    assert host_allowed("dash.example.org", "0.0.0.0", 80, extra=["dash.example.org"])
    assert not host_allowed(None, "127.0.0.1", 80)


def test_every_response_carries_security_headers(live):
    import base64
    import hashlib
    import re

    for target in ("/", "/api/align", "/api/nothing", "/api/events?limit=-5"):
        _, headers, _ = _get(live, target)
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["X-Frame-Options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    status, headers, page = _get(live, "/?a=KOR&b=JPN")
    policy = headers["Content-Security-Policy"]
    # the policy fits the page: its one inline style sheet is allowed by hash, nothing runs
    style = re.search(r"<style>(.*?)</style>", page.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    assert status == 200 and f"style-src 'sha256-{digest}'" in policy
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "form-action 'self'" in policy  # the dyad form submits to the page itself
    assert re.findall(r"<script(?![^>]*application/json)", page.decode()) == []


def test_url_encoded_path_segments_are_decoded(store_path, tmp_path, make_event, add_doc):
    from detente.store import Store


    with Store(store_path) as store:
        add_doc(store, "k.txt", [make_event("k.txt", 0, "The Kurds met Turkey.",
                                            source="REB:Kurds", target="TUR")])
    web = App(store_path)
    plain = json.loads(web.respond("/api/dyad/KOR/JPN")[2])
    encoded = json.loads(web.respond("/api/dyad/%4BOR/J%50N")[2])
    assert encoded["dyad"] == plain["dyad"] == ["KOR", "JPN"]
    status, _, body = web.respond("/api/dyad/REB%3AKurds/TUR")
    assert status == 200 and json.loads(body)["dyad"] == ["REB:Kurds", "TUR"]
    assert web.respond("/api%2Fdyad/KOR/JPN")[0] == 404  # an encoded slash stays in its segment


@pytest.mark.slow
def test_serve_warns_when_listening_beyond_loopback(store_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "detente.cli", "serve", "--db", str(store_path), "--host",
         "0.0.0.0", "--port", "0"],
        stderr=subprocess.PIPE, text=True, env={**os.environ, "COLUMNS": "300"})
    try:
        lines = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            line = process.stderr.readline()
            lines.append(line)
            if "serving" in line or not line:
                break
        text = "".join(lines)
        assert "warning" in text and "other machines" in text and "serving" in text
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_serve_on_loopback_does_not_warn(store_path):
    from detente.web import is_loopback

    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5")


@pytest.mark.slow
def test_any_request_target_gets_an_answer(store_path):
    """Fuzzed request targets: every one is answered with JSON or the page, never an exception
    or a dropped connection (a 500 would mean a failure we did not foresee)."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    web = App(store_path)
    segment = st.one_of(st.sampled_from(["api", "dyad", "events", "align", "report", "KOR",
                                         "JPN", "REB%3AKurds", "%2F", "..", "%00", "%ZZ"]),
                        st.text(max_size=12))
    value = st.one_of(st.sampled_from(["-1", "0", "5001", "1e9", "KOR", "2023-01-01",
                                       "2023-02-30", "quarter", "", "%00", "ZZZ"]),
                      st.text(max_size=20))
    key = st.sampled_from(["limit", "a", "b", "country", "since", "until", "by", "countries"])

    @settings(max_examples=150, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(st.lists(segment, max_size=4), st.dictionaries(key, value, max_size=4))
    def check(segments: list[str], query: dict[str, str]) -> None:
        from urllib.parse import quote

        target = "/" + "/".join(quote(s, safe="%:") for s in segments)
        if query:
            target += "?" + "&".join(f"{k}={quote(v, safe='%')}" for k, v in query.items())
        status, kind, body = web.respond(target)
        assert status in (200, 400, 404), (target, status, body[:300])
        if kind.startswith("application/json"):
            data = json.loads(body)
            assert status == 200 or data["error"]

    check()


def test_browse_event_and_document_pages_share_their_json(tmp_path, make_event, add_doc):
    from detente.store import Store

    path = tmp_path / "b.duckdb"
    with Store(path) as store:
        add_doc(store, "doc <1>.txt", [
            make_event("doc <1>.txt", i, f"Seoul met Tokyo <b>{i}</b>.", date=f"2023-0{i + 1}-10")
            for i in range(5)
        ] + [make_event("doc <1>.txt", 5, "China criticized Washington.", "111", source="CHN",
                        target="USA")])
    web = App(path)
    status, _, body = web.respond("/api/browse?dyad=KOR-JPN&per_page=2&page=2")
    data = json.loads(body)
    assert status == 200 and data["total"] == 5 and data["pages"] == 3 and data["page"] == 2
    assert [e["sentence"] for e in data["events"]] == ["Seoul met Tokyo <b>2</b>.",
                                                      "Seoul met Tokyo <b>3</b>."]
    page = web.respond("/events?dyad=KOR-JPN&per_page=2&page=2")[2].decode()
    assert "5 events; page 2 of 3" in page
    assert "Seoul met Tokyo &lt;b&gt;2&lt;/b&gt;." in page and "<b>2</b>" not in page
    assert 'rel="prev"' in page and 'rel="next"' in page
    # filters narrow the list: a code, a modality, dates
    assert json.loads(web.respond("/api/browse?code=11")[2])["total"] == 1
    assert json.loads(web.respond("/api/browse?country=KOR&until=2023-02-28")[2])["total"] == 2
    assert json.loads(web.respond("/api/browse?modality=denied")[2])["total"] == 0
    # one event, by id: its sentence and document
    event_id = data["events"][0]["id"]
    event = json.loads(web.respond(f"/api/event/{event_id}")[2])
    assert event["event"]["sentence"] == "Seoul met Tokyo <b>2</b>."
    assert event["mentions"][0]["doc_id"] == "doc <1>.txt"
    page = web.respond(f"/event/{event_id}")[2].decode()
    assert "document?id=doc+%3C1%3E.txt#s-2" in page and "<1>" not in page
    document = json.loads(web.respond("/api/document?id=doc+%3C1%3E.txt")[2])
    assert len(document["sentences"]) == 6 and document["events"] == 6
    assert document["sentences"][2]["events"][0]["id"] == event_id
    assert 'id="s-2"' in web.respond("/document?id=doc+%3C1%3E.txt")[2].decode()
    # what does not exist is a 404, a bad parameter a 400 naming it
    assert web.respond("/event/0000")[0] == 404
    assert web.respond("/document?id=missing.txt")[0] == 404
    for bad, word in (("/api/browse?page=x", "page"), ("/api/browse?per_page=9999", "per_page"),
                      ("/api/browse?modality=maybe", "modality"), ("/api/browse?code=4x", "code"),
                      ("/api/browse?a=KOR", "both"), ("/api/browse?since=May", "since")):
        status, kind, body = web.respond(bad)
        assert status == 400 and word in json.loads(body)["error"], bad
        # the page of the same request says the same on a page, escaped
        status, kind, body = web.respond(bad.replace("/api/browse", "/events"))
        assert status == 400 and kind.startswith("text/html")
        assert "[E400]" in body.decode() and word in body.decode(), bad
    status, kind, body = web.respond("/events?country=%3Cscript%3E")
    assert status == 400 and "&lt;script&gt;" in body.decode() and "<script>" not in body.decode()
