"""The story's thread: a past-tense paragraph with no date of its own goes on from the day, month
or year where the previous paragraph left off; scene-setting periods stay in their paragraph."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def date_of(parse_paragraphs, candidate, grounder):  # type: ignore[no-untyped-def]
    """`date_of(paragraphs, trigger, pub)`: the date and precision of the event at `trigger`."""

    def run(paragraphs: list[str | tuple[str, bool]], trigger: str, pub: str = "2024-05-02"):  # type: ignore[no-untyped-def]
        doc, context = parse_paragraphs(paragraphs, pub)
        (grounding,) = grounder.ground(doc, [candidate(doc, trigger)], context)
        return grounding.date, grounding.date_precision

    return run


def test_a_past_paragraph_goes_on_from_the_last_day_at_month_precision(date_of):
    paragraphs = [
        "On March 3, 2021, Ghana closed its border with Togo.",
        "Togo protested. Lome recalled its envoy.",
    ]
    assert date_of(paragraphs, "protested") == ("2021-03-01", "month")
    assert date_of(paragraphs, "recalled") == ("2021-03-01", "month")


def test_a_year_carries_as_a_year(date_of):
    paragraphs = ["In 2017, Qatar expanded its gas exports.", "Saudi Arabia objected."]
    assert date_of(paragraphs, "objected") == ("2017-01-01", "year")


def test_present_tense_and_periods_do_not_carry_over_a_break(date_of):
    # a paragraph in the present tense is not the story's past
    assert date_of(["On March 3, 2021, Ghana closed its border.", "Togo protests."],
                   "protests")[0] != "2021-03-01"
    # the paragraph before ended on what is to come: nothing to go on from
    assert not (date_of(["Ghana says it will reopen the border in March 2025.",
                         "Togo protested."], "protested")[0] or "").startswith("2025")
    # a decade sets the scene of its own paragraph only
    assert date_of(["In the 1990s, Ghana closed its border.", "Togo protested."],
                   "protested") == ("2024-05-02", "day")


def test_a_caption_is_no_part_of_the_thread(date_of):
    paragraphs = [("Soldiers at the border, March 3, 2021.", True), "Togo protested."]
    assert date_of(paragraphs, "protested") == ("2024-05-02", "day")
