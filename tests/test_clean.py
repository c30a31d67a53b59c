"""Cleaning: page furniture out, captions flagged once, paragraphs kept."""

from __future__ import annotations

import pytest

from detente.clean import clean_document, clean_text
from detente.errors import MalformedInput
from detente.records import Document

ARTICLE = """Border talks resume

Indian and Chinese officers met at the border post on Monday for a fourth round of talks.
Ravi Kumar / AFP

Advertisement

The two armies have faced each other in the valley since a clash in June that killed soldiers on
both sides. Both foreign ministries said the talks were candid.

Soldiers patrol a mountain road near the disputed border, October 3, 2020.
Soldiers patrol a mountain road near the disputed border, October 3, 2020.
Jane Doe / Reuters
Diplomats expect a further meeting before winter, when the passes close.
New Delhi has asked Beijing to pull back troops from three positions.
Analysts in both capitals doubt that a settlement is near, and they say so openly.

You are reading your last free article.
Subscribe now to keep reading
  • Unlimited digital access
  • Our weekly newsletter
Subscribe Now
"""


def test_furniture_and_credits_are_removed():
    paragraphs, removed = clean_text(ARTICLE)
    texts = [p.text for p in paragraphs]
    assert "Advertisement" in removed
    assert "Ravi Kumar / AFP" in removed and "Jane Doe / Reuters" in removed
    assert not any("Subscribe" in t or "Unlimited digital access" in t for t in texts)
    assert texts[-1].startswith("Analysts in both capitals")


def test_caption_printed_twice_is_kept_once_and_flagged():
    paragraphs, _ = clean_text(ARTICLE)
    captions = [p for p in paragraphs if p.text.startswith("Soldiers patrol")]
    assert len(captions) == 1 and captions[0].is_caption
    # the line before the first credit is a caption too
    assert next(p for p in paragraphs if p.text.startswith("Indian and Chinese")).is_caption


def test_hard_wrapped_lines_join_into_one_paragraph():
    paragraphs, _ = clean_text(ARTICLE)
    joined = next(p.text for p in paragraphs if p.text.startswith("The two armies"))
    assert "killed soldiers on both sides." in joined


def test_truncated_caption_followed_by_full_caption_keeps_the_full_one():
    text = (
        "Officials brief reporters in Cairo, Egypt, May 4, 2021. The ministry said it had evid\n"
        "Officials brief reporters in Cairo, Egypt, May 4, 2021. The ministry said it had "
        "evidence of the smuggling.\nAmr Said / Reuters\nThe body of the article follows here."
    )
    paragraphs, _ = clean_text(text)
    assert [p.text for p in paragraphs][0].endswith("evidence of the smuggling.")
    assert paragraphs[0].is_caption and len(paragraphs) == 2


def test_paywall_phrase_early_in_an_article_is_not_a_paywall():
    text = "Subscribe to our view or not, the summit happened.\n" + "Body sentence here.\n" * 6
    paragraphs, _ = clean_text(text)
    assert paragraphs[0].text.startswith("Subscribe to our view")


def test_html_goes_through_extraction_with_paywall_pruned():
    html = """<html><head><title>Talks</title></head><body>
    <article><h1>Leaders meet in Hanoi</h1>
    <p>Vietnamese and Japanese leaders met in Hanoi on Friday to discuss maritime security in the
    South China Sea and new investment in ports and railways across the region.</p>
    <p>The two governments signed an agreement on the transfer of coast guard vessels, officials
    from both foreign ministries told reporters after the meeting ended.</p>
    <div class="paywall-box"><p>Subscribe to continue reading our journalism today.</p></div>
    </article></body></html>"""
    clean = clean_document(Document(id="page.html", text=html, path="page.html", format="html"))
    assert "met in Hanoi" in clean.text
    assert "Subscribe" not in clean.text


def test_html_without_text_is_a_clear_error():
    with pytest.raises(MalformedInput, match="empty.html"):
        clean_document(Document(id="e", text="<html><body></body></html>", path="empty.html",
                                format="html"))


def test_seed_article_loses_its_subscription_block_and_credits(shared_file):
    text = shared_file("seed", "000_a488dd144c49220e.txt").read_text(encoding="utf-8")
    paragraphs, removed = clean_text(text)
    joined = "\n".join(p.text for p in paragraphs)
    assert "Subscribe" not in joined and "Paywall-free" not in joined
    assert "/ Reuters" not in joined
    # the protest caption is printed twice in the source; the truncated ministry caption too
    assert joined.count("Pro-Islamist demonstrators") == 1
    assert joined.count("Defense ministry officials sit under screens") == 1
    assert sum(p.is_caption for p in paragraphs) == 3
