"""Date expressions and publication dates, without the spaCy model."""

from __future__ import annotations

import datetime as dt

import pytest

from detente.errors import DataFileError
from detente.ground import find_dates, find_publication_date
from detente.ground.data import load_issues, load_places, load_words
from detente.ground.dates import find_dates_near_anchors, word_tokens

REF = dt.date(2016, 8, 10)  # a Wednesday


def one(text: str, *, future: bool = False, ref: dt.date | None = REF) -> tuple[str, str, str]:
    found = find_dates(text)
    assert len(found) == 1, found
    value = found[0].resolve(ref, future=future, past=not future)
    assert value is not None
    return value[0], value[1], found[0].text


@pytest.mark.parametrize(
    ("text", "date", "precision", "words"),
    [
        ("The two leaders met on August 9, 2016 in the city.", "2016-08-09", "day",
         "on August 9, 2016"),
        ("Jets were shot down on 24 November 2015.", "2015-11-24", "day", "on 24 November 2015"),
        ("The minister called on July 16.", "2016-07-16", "day", "on July 16"),
        ("They spoke on Sept. 3.", "2015-09-03", "day", "on Sept. 3"),
        ("A deal was signed in March 2014.", "2014-03-01", "month", "in March 2014"),
        ("Talks stalled in March.", "2016-03-01", "month", "in March"),
        ("Sanctions were lifted in 2015.", "2015-01-01", "year", "in 2015"),
        ("Relations froze in late 2015.", "2015-01-01", "year", "in late 2015"),
        ("Trade recovered by mid-2017.", "2017-01-01", "year", "by mid-2017"),
        ("In the 1970s, the two sides drew closer.", "1970-01-01", "decade", "In the 1970s"),
        ("In the late 1950s, Ankara looked north.", "1950-01-01", "decade", "In the late 1950s"),
        ("Ties were close during the 1920s and 1930s.", "1920-01-01", "decade",
         "during the 1920s and 1930s"),
        ("Borders were drawn in the 19th century.", "1800-01-01", "century", "in the 19th century"),
        ("After World War I, the republic was founded.", "1920-01-01", "decade",
         "After World War I"),
        ("Both joined during World War II.", "1940-01-01", "decade", "during World War II"),
        ("Crises recurred during the Cold War.", "1900-01-01", "century", "during the Cold War"),
        ("The ministry spoke yesterday.", "2016-08-09", "day", "yesterday"),
        ("A decree published last night warned the groups.", "2016-08-09", "day", "last night"),
        ("The envoy arrived last week.", "2016-08-01", "day", "last week"),
        ("The summit took place last month.", "2016-07-01", "month", "last month"),
        ("Exports fell early this year.", "2016-01-01", "year", "early this year"),
        ("Ankara reached out in recent months.", "2016-01-01", "year", "in recent months"),
        ("For over a year, the army has fought insurgents.", "2015-01-01", "year",
         "For over a year"),
        ("The border closed three years ago.", "2013-01-01", "year", "three years ago"),
    ],
)
def test_explicit_relative_fuzzy_and_historical_dates(text: str, date: str, precision: str,
                                                      words: str) -> None:
    assert one(text) == (date, precision, words)


@pytest.mark.parametrize(
    ("text", "date", "precision"),
    [
        ("Between 2014 and 2016, the two navies clashed.", "2010-01-01", "decade"),
        ("From 1991 to 1995, war raged.", "1990-01-01", "decade"),
        ("The 1999-2000 talks failed.", "1990-01-01", "decade"),  # a tie goes to the earlier
        ("The alliance held from 1950 to 1990.", "1900-01-01", "century"),
        ("Talks resumed this spring.", "2016-01-01", "year"),
        ("The ports froze last winter.", "2015-01-01", "year"),
        ("In the aftermath of World War II, borders moved.", "1940-01-01", "decade"),
        ("After World War II, Turkey joined the alliance.", "1950-01-01", "decade"),
        ("At the end of the Cold War, Moscow withdrew.", "1990-01-01", "decade"),
    ],
)
def test_ranges_seasons_and_period_prepositions(text: str, date: str, precision: str) -> None:
    assert one(text)[:2] == (date, precision)


def test_weekday_is_the_last_one_in_the_past_and_the_next_one_in_the_future() -> None:
    assert one("He flew there on Tuesday.")[:2] == ("2016-08-09", "day")
    assert one("He will fly there on Tuesday.", future=True)[:2] == ("2016-08-16", "day")
    # The publication day itself counts for the past ("on Wednesday" published on a Wednesday).
    assert one("The ministry said on Wednesday.")[0] == "2016-08-10"
    assert one("They met last Wednesday.")[0] == "2016-08-03"


def test_future_relative_expressions_count_forward() -> None:
    assert one("Erdogan will visit next month.", future=True)[:2] == ("2016-09-01", "month")
    assert one("The pipeline opens next year.", future=True)[:2] == ("2017-01-01", "year")
    assert one("Talks resume in March.", future=True)[0] == "2017-03-01"


def test_day_month_without_year_takes_the_year_that_fits_the_tense() -> None:
    ref = dt.date(2016, 1, 5)
    assert one("They met on December 20.", ref=ref)[0] == "2015-12-20"
    assert one("They will meet on December 20.", ref=ref, future=True)[0] == "2016-12-20"
    # Without a tense, the nearest such day.
    assert find_dates("on December 20")[0].resolve(ref) == ("2015-12-20", "day")
    assert find_dates("on January 9")[0].resolve(ref) == ("2016-01-09", "day")


def test_relative_expressions_need_a_reference_date() -> None:
    found = find_dates("The ministry spoke yesterday.")
    assert found[0].resolve(None) is None
    assert find_dates("on August 9, 2016")[0].resolve(None) == ("2016-08-09", "day")


@pytest.mark.parametrize("text", [
    "Resolution 2254 was adopted.", "Turkey may join.", "Protesters march to the embassy.",
    "It costs $2015.", "A 1975 percent rise.", "Flight No. 2015 landed.",
])
def test_numbers_and_verbs_are_not_dates(text: str) -> None:
    assert find_dates(text) == []


def test_historical_expressions_are_marked_historical() -> None:
    assert find_dates("In the 1970s, ties warmed.")[0].historical
    assert find_dates("during the Cold War")[0].historical
    assert not find_dates("on July 16")[0].historical


def test_publication_date_from_label_dateline_and_top() -> None:
    assert find_publication_date("Headline\nPublished: August 10, 2016\n\nText.") == (
        "2016-08-10", "label")
    assert find_publication_date("Updated 2016-08-11\nText") == ("2016-08-11", "label")
    dateline = "ANKARA, Aug. 10, 2016 (Reuters) - Turkey said on Wednesday it would act."
    assert find_publication_date(dateline) == ("2016-08-10", "dateline")
    caption = ("Leaders meet in Sochi, Russia, May 3, 2016.\n\nOfficials met on "
               "December 2, 2015, and again later.")
    assert find_publication_date(caption) == ("2016-05-03", "latest-date-near-top")
    assert find_publication_date("No date at all in this text about 1970s politics.") is None
    ahead = ("Officials met in Sochi on May 3, 2016.\n\nTalks will resume on December 5, 2016, "
             "in Geneva.")
    assert find_publication_date(ahead) == ("2016-05-03", "latest-date-near-top")


def test_loaders_name_file_and_line_on_errors(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "issues.yaml"
    bad.write_text("SYRIA_WAR:\n  terms: [assad]\nbad_tag:\n  terms: [x]\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"issues.yaml line 3"):
        load_issues(bad)
    places = tmp_path / "places.tsv"
    places.write_text("name\taliases\tcountry\tlat\tlon\tkind\nX\t\tTurkey\t1\t2\tregion\n",
                      encoding="utf-8")
    with pytest.raises(DataFileError, match=r"places.tsv line 2"):
        load_places(places)
    words = tmp_path / "words.yaml"
    words.write_text("months: {january: one}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"words.yaml"):
        load_words(words)


def test_shipped_data_files_load() -> None:
    assert len(load_words().periods) >= 10
    assert {"SYRIA_WAR", "CRIMEA", "NATO", "COUP"} <= {i.tag for i in load_issues()}
    assert any(p.name == "Crimea" for p in load_places())


def test_the_fast_search_finds_what_the_full_search_finds() -> None:
    texts = [
        "In the aftermath of the Second World War, Moscow demanded bases.",
        "At the end of the Cold War, between 1989 and 1991, the pact dissolved.",
        "By the end of the nineteenth century, in the second half of 1899, trade grew.",
        "Mid-June, two weeks ago, last Friday and on Sept. 3 they met; in the '70s too.",
        "For more than a year, and for the past two months, in recent weeks, they talked.",
        "The talks of 12 March 2019 and of December 2, 2015 failed yesterday.",
        "Yesterday, and in recent months, the Cold War era and the war in May ended.",
    ]
    for text in texts:
        slow = [(d.start, d.end, d.kind) for d in find_dates(text)]
        fast = [(d.start, d.end, d.kind) for d in find_dates_near_anchors(text, word_tokens(text))]
        assert fast == slow, text
        shifted = find_dates_near_anchors(text, word_tokens(text), offset=100)
        assert [(d.start - 100, d.end - 100) for d in shifted] == [(a, b) for a, b, _ in slow]


def test_every_issue_tag_is_documented() -> None:
    from pathlib import Path

    doc = Path(__file__).resolve().parents[1] / "docs" / "EVALUATION.md"
    text = doc.read_text(encoding="utf-8")
    section = text[text.index("## Time, place and issues"):]
    missing = [i.tag for i in load_issues() if i.tag not in section]
    assert missing == []
    assert all(i.description for i in load_issues())
