"""detente.ingest: every input kind, and every bad input yielded as a named error."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from detente import errors
from detente.errors import InputError
from detente.ingest import read_inputs
from detente.records import Document

ARTICLE = (
    "The foreign ministers of Chile and Argentina met in Santiago on Tuesday to discuss the "
    "disputed glacier boundary. Both sides said the talks were useful, and they agreed to meet "
    "again before the end of the year. Argentina also asked Chile to share its survey data.\n\n"
    "Protesters gathered outside the ministry while the talks went on."
)
FRENCH = (
    "Le ministre des affaires étrangères a rencontré mardi son homologue argentin à Santiago "
    "pour discuter de la frontière contestée du glacier. Les deux parties ont jugé les "
    "discussions utiles et ont convenu de se revoir avant la fin de l'année, selon un "
    "communiqué publié par le ministère, qui évoque aussi une coopération renforcée."
)


def _all(paths: list[str], **kw: str) -> list[Document | InputError]:
    return list(read_inputs(paths, **kw))


def _write(path: Path, data: str | bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data)
    path.write_bytes(data)
    return str(path)


def _only(items: list[Document | InputError]) -> Document | InputError:
    assert len(items) == 1, items
    return items[0]


def test_text_file_doc_id_is_path_as_given(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", ARTICLE)
    doc = _only(_all([path]))
    assert isinstance(doc, Document)
    assert (doc.id, doc.path, doc.format, doc.text) == (path, path, "text", ARTICLE)
    assert doc.date is None and doc.date_source is None


def test_date_option_sets_publication_date(tmp_path: Path) -> None:
    doc = _only(_all([_write(tmp_path / "a.txt", ARTICLE)], date="2016-07-20"))
    assert isinstance(doc, Document)
    assert (doc.date, doc.date_source) == ("2016-07-20", "option")


def test_bad_date_option_is_a_usage_error() -> None:
    with pytest.raises(errors.UsageError, match="YYYY-MM-DD"):
        read_inputs(["x.txt"], date="20 July")


def test_directory_recursive_sorted_with_a_bad_file_among_good(tmp_path: Path) -> None:
    _write(tmp_path / "d" / "b.txt", ARTICLE)
    _write(tmp_path / "d" / "a.md", ARTICLE)
    _write(tmp_path / "d" / "sub" / "c.txt.gz", ARTICLE)
    _write(tmp_path / "d" / "empty.txt", "")
    _write(tmp_path / "d" / "notes.docx", b"PK\x03\x04 ignored: not an input suffix")
    items = _all([str(tmp_path / "d")])
    ids = [i.id if isinstance(i, Document) else f"ERR {i.path}" for i in items]  # type: ignore[attr-defined]
    d = str(tmp_path / "d")
    assert ids == [f"{d}/a.md", f"{d}/b.txt", f"ERR {d}/empty.txt", f"{d}/sub/c.txt.gz"]
    sub = items[3]
    assert isinstance(sub, Document) and sub.text == ARTICLE


def test_empty_directory_is_reported(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    err = _only(_all([str(tmp_path / "nothing")]))
    assert isinstance(err, errors.EmptyInput) and "no readable files" in err.message


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    doc = _only(_all(["-"]))
    assert isinstance(doc, Document) and (doc.id, doc.path) == ("-", "-")


@pytest.mark.parametrize(
    ("data", "cls", "needle"),
    [
        (b"", errors.EmptyInput, "empty"),
        (b"  \n\n\t ", errors.EmptyInput, "whitespace"),
        (b"Some text\x00\x01\x02 more", errors.BinaryInput, "NUL byte at byte offset 9"),
        (b"%PDF-1.7\n%binary", errors.BinaryInput, "PDF"),
        (b"\xff\xfeT\x00u\x00", errors.EncodingInput, "UTF-16"),
        ("Caf\u00e9 talks. ".encode("latin-1") + b"more", errors.EncodingInput, "byte offset 3"),
        (FRENCH.encode("utf-8"), errors.NotEnglishInput, "does not look like English"),
    ],
)
def test_bad_file_named_with_its_problem(
    tmp_path: Path, data: bytes, cls: type[InputError], needle: str
) -> None:
    path = _write(tmp_path / "bad.txt", data)
    err = _only(_all([path]))
    assert type(err) is cls
    assert err.path == path  # type: ignore[union-attr]
    assert path in err.message and needle in err.message


def test_missing_path_then_good_file_still_read(tmp_path: Path) -> None:
    good = _write(tmp_path / "ok.txt", ARTICLE)
    items = _all([str(tmp_path / "missing.txt"), good])
    assert isinstance(items[0], errors.MissingInput)
    assert "missing.txt" in items[0].message and items[0].path.endswith("missing.txt")  # type: ignore[attr-defined]
    assert isinstance(items[1], Document) and (items[1].id, items[1].text) == (good, ARTICLE)


def test_too_large_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import detente.ingest.reader as reader

    monkeypatch.setattr(reader, "MAX_DOCUMENT_BYTES", 100)
    err = _only(_all([_write(tmp_path / "big.txt", ARTICLE)]))
    assert isinstance(err, errors.TooLargeInput) and "limit" in err.message


def test_same_file_twice_read_once(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.txt", ARTICLE)
    assert len(_all([path, path])) == 1


def _jsonl(records: list[object]) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_corpus_with_metadata_and_errors_by_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "c.jsonl.gz",
        _jsonl(
            [
                {"id": "n1", "text": ARTICLE, "date": "2016-07-16T08:00:00Z", "title": "T",
                 "url": "https://example.org/n1", "source": "Wire"},
                "",
                '{"id": "n2", "text": ',
                {"id": "n3", "text": ARTICLE},
                {"id": "n4", "title": "no text"},
                {"id": "n5", "text": "   "},
                {"id": "n1", "text": ARTICLE},
                ["not", "an", "object"],
            ]
        ),
    )
    items = _all([path], date="2020-01-01")
    n1, bad_json, n3, no_text, empty, dup, not_obj = items
    assert isinstance(n1, Document)
    assert (n1.id, n1.date, n1.date_source, n1.title, n1.url, n1.source, n1.path) == (
        "n1", "2016-07-16", "metadata", "T", "https://example.org/n1", "Wire", path,
    )
    assert isinstance(n3, Document) and (n3.date, n3.date_source) == ("2020-01-01", "option")
    assert isinstance(bad_json, errors.MalformedInput) and "line 3" in bad_json.message
    assert bad_json.line == 3 and bad_json.path == path  # type: ignore[attr-defined]
    assert isinstance(no_text, errors.MalformedInput) and "line 5" in no_text.message
    assert isinstance(empty, errors.EmptyInput) and "line 6" in empty.message
    assert isinstance(dup, errors.MalformedInput) and "duplicate id 'n1'" in dup.message
    assert isinstance(not_obj, errors.MalformedInput) and "line 8" in not_obj.message


def test_jsonl_that_is_not_json_at_all_gives_one_error(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.jsonl", "plain text line\n" * 50)
    err = _only(_all([path]))
    assert isinstance(err, errors.MalformedInput) and "not a JSON-lines file" in err.message


def test_jsonl_oversized_record_skipped_rest_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import detente.ingest.corpora as corpora

    monkeypatch.setattr(corpora, "MAX_DOCUMENT_BYTES", 2000)
    big = {"id": "big", "text": "word " * 1000}
    path = _write(tmp_path / "c.jsonl", _jsonl([big, {"id": "ok", "text": ARTICLE}]))
    err, ok = _all([path])
    assert isinstance(err, errors.TooLargeInput) and "line 1" in err.message
    assert isinstance(ok, Document) and ok.id == "ok"


def test_jsonl_bad_utf8_names_line_and_offset(tmp_path: Path) -> None:
    line = b'{"id": "x", "text": "caf\xe9"}\n'
    path = _write(tmp_path / "c.jsonl", line + _jsonl([{"id": "y", "text": ARTICLE}]).encode())
    err, ok = _all([path])
    assert isinstance(err, errors.EncodingInput)
    assert "line 1" in err.message and "byte offset 24" in err.message
    assert isinstance(ok, Document)


def test_jsonl_html_record_becomes_html_document(tmp_path: Path) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Glacier talks</title></head>"
        f"<body><p>{ARTICLE}</p></body></html>"
    )
    doc = _only(_all([_write(tmp_path / "c.jsonl", _jsonl([{"id": "h", "text": page}]))]))
    assert isinstance(doc, Document) and doc.format == "html" and doc.title == "Glacier talks"


def test_csv_corpus(tmp_path: Path) -> None:
    import csv

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["ID", "Date", "Title", "Body", "Source"])
    w.writerow(["c1", "2016-08-09", "Summit", ARTICLE, "Daily"])
    w.writerow(["c2", "", "", "", ""])
    w.writerow(["c3", "not a date", "", ARTICLE.replace("\n\n", "\n"), ""])
    path = _write(tmp_path / "c.csv", buf.getvalue())
    c1, c2, c3 = _all([path])
    assert isinstance(c1, Document)
    assert (c1.id, c1.date, c1.title, c1.source, c1.text) == (
        "c1", "2016-08-09", "Summit", "Daily", ARTICLE,
    )
    # c1 spans lines 2-4 (its text has a blank line): rows are named by their first line
    assert isinstance(c2, errors.EmptyInput) and "line 5" in c2.message
    assert isinstance(c3, Document) and c3.date is None


def test_csv_without_text_column(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.csv", "id,headline\n1,Hello\n")
    err = _only(_all([path]))
    assert isinstance(err, errors.MalformedInput) and "no text column" in err.message
    assert "'headline'" in err.message


def test_csv_bad_utf8_names_row(tmp_path: Path) -> None:
    data = b"id,text\n1,caf\xe9 au lait\n2," + ARTICLE.encode().replace(b"\n\n", b" ") + b"\n"
    err, ok = _all([_write(tmp_path / "c.csv", data)])
    assert isinstance(err, errors.EncodingInput)
    assert "line 2" in err.message and "byte offset 3" in err.message and "'text'" in err.message
    assert isinstance(ok, Document) and ok.id == "2"


HTML = """<!DOCTYPE html>
<html><head>
<title>Page title | Site</title>
<meta property="og:title" content="Chile and Argentina talk glaciers">
<meta property="article:published_time" content="2016-07-19T10:00:00+03:00">
<meta property="og:site_name" content="Andes Review">
<link rel="canonical" href="https://example.org/glaciers">
<script>var x = "not visible";</script>
</head><body><article><p>{body}</p></article></body></html>
"""


def test_html_metadata(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.html", HTML.format(body=ARTICLE))
    doc = _only(_all([path], date="2020-01-01"))
    assert isinstance(doc, Document)
    assert doc.format == "html" and "<article>" in doc.text
    assert (doc.date, doc.date_source) == ("2016-07-19", "metadata")
    assert doc.title == "Chile and Argentina talk glaciers"
    assert (doc.url, doc.source) == ("https://example.org/glaciers", "Andes Review")


def test_html_without_text_is_malformed(tmp_path: Path) -> None:
    page = "<html><head><script>x()</script></head><body> </body></html>"
    path = _write(tmp_path / "p.htm", page)
    err = _only(_all([path]))
    assert isinstance(err, errors.MalformedInput) and "no visible text" in err.message


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(ARTICLE.encode())[:30])
    err = _only(_all([str(path)]))
    assert isinstance(err, errors.MalformedInput) and "gzip" in err.message


# Peak memory of this process image: VmHWM starts afresh at exec, whereas ru_maxrss keeps the
# peak of the (large) pytest process the child was forked from.
_PEAK = """
import sys
from detente.ingest import read_inputs
n = sum(1 for item in read_inputs([sys.argv[1]]) if not isinstance(item, Exception))
status = open("/proc/self/status").read().split("VmHWM:")[1].split()[0]
print(n, int(status) // 1024)
"""


@pytest.mark.slow
def test_corpus_is_streamed_with_bounded_memory(tmp_path: Path) -> None:
    import subprocess

    body = (ARTICLE + "\n\n") * 40  # ~16 kB a document
    path = tmp_path / "big.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1) as handle:
        for i in range(6000):  # ~100 MB of text once decompressed
            handle.write(json.dumps({"id": f"d{i}", "text": body}) + "\n")
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, str(path)], capture_output=True, text=True, check=True
    )
    count, peak_mb = map(int, out.stdout.split())
    assert count == 6000
    assert peak_mb < 80, f"reading a 100 MB corpus peaked at {peak_mb} MB"


def test_html_metadata_from_json_ld(tmp_path: Path) -> None:
    page = (
        "<html><head><title>Site | Glacier talks</title>"
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebSite", "name": "Andes Review"},'
        '{"@type": "NewsArticle", "headline": "Chile and Argentina resume glacier talks",'
        ' "datePublished": "2016-07-19T08:00:00Z", "url": "https://example.org/g",'
        ' "publisher": {"@type": "Organization", "name": "Andes Review"}}]}</script>'
        '<script type="application/ld+json">{not json</script>'
        f"</head><body><svg><title>icon</title></svg><p>{ARTICLE}</p></body></html>"
    )
    doc = _only(_all([_write(tmp_path / "p.html", page)]))
    assert isinstance(doc, Document)
    assert (doc.date, doc.date_source) == ("2016-07-19", "metadata")
    assert doc.title == "Chile and Argentina resume glacier talks"
    # the URL comes from the canonical link or og:url (trafilatura reads no URL from JSON-LD)
    assert (doc.url, doc.source) == (None, "Andes Review")


PARAGRAPH = ("<p>The foreign ministers of Chile and Argentina met in Santiago to discuss the "
             "glaciers and the water rights along their long shared border.</p>")


def test_html_date_from_the_address_and_author_from_the_page(tmp_path: Path) -> None:
    from detente.ingest.html import read_html_meta

    page = ('<html><head><link rel="canonical" href="https://news.example.org/2019/03/14/ice">'
            '<meta name="author" content="Maria Lopez"><title>Ice talks</title></head>'
            f"<body>{PARAGRAPH}</body></html>")
    doc = _only(_all([_write(tmp_path / "p.html", page)]))
    assert isinstance(doc, Document)
    assert (doc.date, doc.date_source) == ("2019-03-14", "metadata")
    assert (doc.url, doc.source) == ("https://news.example.org/2019/03/14/ice",
                                     "news.example.org")
    assert read_html_meta(page).author == "Maria Lopez"


def test_html_declared_date_of_an_archived_article_is_kept(tmp_path: Path) -> None:
    page = ('<html><head><meta property="article:published_time" content="1979-11-04">'
            f"<title>Embassy</title></head><body>{PARAGRAPH}</body></html>")
    doc = _only(_all([_write(tmp_path / "p.html", page)], date="2020-01-01"))
    assert isinstance(doc, Document) and (doc.date, doc.date_source) == ("1979-11-04", "metadata")


def test_html_date_in_the_text_alone_is_not_a_publication_date(tmp_path: Path) -> None:
    page = (f"<html><head><title>Ice</title></head><body><p>Published September 4, 2023</p>"
            f"{PARAGRAPH}</body></html>")
    doc = _only(_all([_write(tmp_path / "p.html", page)], date="2020-01-01"))
    assert isinstance(doc, Document) and (doc.date, doc.date_source) == ("2020-01-01", "option")


def test_html_title_element_when_no_metadata(tmp_path: Path) -> None:
    page = f"<html><head><title>Glacier  talks</title></head><body><p>{ARTICLE}</p></body></html>"
    doc = _only(_all([_write(tmp_path / "p.html", page)]))
    assert isinstance(doc, Document) and doc.title == "Glacier talks" and doc.date is None


def test_json_file_is_pointed_to_json_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "corpus.json", json.dumps([{"id": "a", "text": ARTICLE}]))
    err = _only(_all([path]))
    assert isinstance(err, errors.MalformedInput) and ".jsonl" in err.message
