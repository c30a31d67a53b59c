"""The events an analyst lists from the seed article (issue: event coding of analysis prose).

Skipped when the reference data beside the repository is absent.
"""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = [pytest.mark.model, pytest.mark.shared]


@pytest.fixture()
def events(seed_events: list[Event]) -> list[Event]:
    return seed_events


def find(events: list[Event], source: str, target: str | None, root: str) -> list[Event]:
    return [
        e
        for e in events
        if e.root == root
        and e.source is not None
        and e.source.country == source
        and (target is None or (e.target is not None and e.target.country == target))
    ]


def test_meetings_and_calls(events: list[Event]) -> None:
    assert find(events, "RUS", "TUR", "04")  # the call of July 16, the St. Petersburg meeting
    assert find(events, "TUR", "RUS", "04")
    assert [e for e in find(events, "USA", None, "04") if e.trigger == "call" and not e.negated]


def test_support_and_backing(events: list[Event]) -> None:
    assert find(events, "RUS", "TUR", "05")  # Russia's support for Turkey's elected government
    assert find(events, "TUR", "SYR", "05")  # Turkish-supported rebels in Syria
    assert find(events, "RUS", "SYR", "05")  # the Russian-backed Syrian government


def test_reaching_out_and_promises(events: list[Event]) -> None:
    assert find(events, "TUR", "RUS", "03")  # reaching out to Russia
    assert find(events, "TUR", "ISR", "03")  # ... and Israel
    assert find(events, "RUS", "EUR", "03")  # a new gas pipeline to Europe


def test_sanctions_imposed_and_their_lifting(events: list[Event]) -> None:
    assert [e for e in events if e.cameo == "163" and e.source and e.source.country == "RUS"]
    lifting = [e for e in events if e.cameo == "0354" and e.source and e.source.country == "RUS"]
    assert lifting and lifting[0].trigger.startswith("agreed")


def test_deployments_and_bases(events: list[Event]) -> None:
    # Russia deploys air defence systems in Armenia, and keeps a military base there
    assert [e.trigger for e in find(events, "RUS", "ARM", "15")] == ["deploys"]
    assert [e.trigger for e in find(events, "RUS", "ARM", "06")] == ["keeps"]


def test_arming_kurdish_militias(events: list[Event]) -> None:
    arming = [e for e in find(events, "USA", None, "07") if e.cameo in {"071", "072"}]
    assert arming and all(e.modality == "asserted" for e in arming)


def test_protest_and_purges(events: list[Event]) -> None:
    assert find(events, "TUR", "RUS", "14")
    assert [e for e in find(events, "TUR", None, "17") if e.trigger == "purges"]


def test_false_story_is_reported_not_asserted(events: list[Event]) -> None:
    saved = [e for e in events if e.trigger == "saved"]
    assert saved and all(e.modality == "reported" for e in saved)
