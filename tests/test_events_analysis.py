"""Event coding of analysis prose: dates, trade measures, official protests, prospects,
accusations by evidence, conflicts between parties, and actors sharing one token."""

from __future__ import annotations

import pytest

from detente.records import Event

pytestmark = pytest.mark.model

def asserted(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {
        (e.source.country if e.source else None, e.target.country if e.target else None, e.cameo)
        for e in events
        if e.modality in {"asserted", "reported"} and not e.negated
    }


# -- 1. month names are dates ---------------------------------------------------------------


def test_capitalised_month_names_are_never_triggers(code) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Thailand proposed in March 2021 that Cambodia should reopen the border.",
        "Thailand said in May that Cambodia had closed the border.",
        "March 2021 brought Thailand and Cambodia closer.",
    ):
        assert not any(e.trigger in {"March", "May"} for e in code(text)), text
    # the verb still codes a demonstration
    assert any(e.cameo == "141" for e in code("The students marched to the Russian embassy."))


# -- 2. trade measures and lists of partners ------------------------------------------------


def test_trade_measures_target_where_goods_come_from_or_go_to(code) -> None:  # type: ignore[no-untyped-def]
    assert ("IND", "BGD", "163") in asserted(code("India banned all rice imports from Bangladesh."))
    assert ("IND", "BGD", "163") in asserted(
        code("India announced a ban on rice exports to Bangladesh.")
    )


def test_restricted_goods_target_the_country_of_their_buyers(code) -> None:  # type: ignore[no-untyped-def]
    found = asserted(code("Germany restricted sales of machine parts that Iranian factories need."))
    assert ("DEU", "IRN", "163") in found


def test_removal_from_a_list_of_partners_reduces_relations(code) -> None:  # type: ignore[no-untyped-def]
    found = asserted(
        code("In 2020 Canada removed Chile from its list of trusted trading partners.")
    )
    assert ("CAN", "CHL", "160") in found


# -- 3. who protests ------------------------------------------------------------------------


def test_a_government_protest_is_an_official_complaint(code) -> None:  # type: ignore[no-untyped-def]
    events = code("The Chinese government protested when Vietnam drilled near the islands.")
    codes = {e.cameo for e in events if e.source and e.source.country == "CHN"}
    assert "114" in codes and "141" not in codes
    events = code("The students protested in Hanoi.")
    assert {(e.source.country, e.cameo) for e in events if e.source} == {("VNM", "141")}


def test_protesters_outside_an_embassy_are_people_of_the_city(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Thousands of students protested outside the Russian embassy in Tbilisi.")
    assert [(e.source.country, e.cameo) for e in events if e.source] == [("GEO", "141")]


# -- 4. prospects, hindrances, suppositions, conditions ------------------------------------


def test_what_is_only_possible_or_hindered_did_not_happen(code) -> None:  # type: ignore[no-untyped-def]
    for text in (
        "Deep disagreements limit the possibilities for Greek-Turkish rapprochement.",
        "Prospects for a Greek-Turkish rapprochement are slim.",
        "Old grievances hamper reconciliation between Serbia and Kosovo.",
        "Even supposing that India and Pakistan manage to agree on Kashmir, the border stays shut.",
        "Any deal would require Iran to accept inspections.",
        "Brazil is unlikely to support Argentina.",
        "The outcome will depend on whether Serbia cooperates with Kosovo.",
    ):
        found = asserted(code(text))
        assert not {c for _, _, c in found if c[:2] in {"03", "04", "05", "06", "10"}}, text
    # the same noun, asserted, still counts
    found = asserted(code("The reconciliation between Serbia and Kosovo surprised everyone."))
    assert {("SRB", "XKX", "050"), ("XKX", "SRB", "050")} <= found


# -- 5. accusations by evidence, conflicts between parties, standing relations --------------


def test_claiming_proof_of_wrongdoing_is_an_accusation(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "The Indian foreign ministry said on Monday it had proof that Pakistani officials "
        "were financing the militants."
    )
    assert ("IND", "PAK", "112") in asserted(events)
    inner = [e for e in events if e.cameo.startswith("07")]
    assert inner and all(e.modality == "reported" for e in inner)
    # no evidence: no accusation, and what it would show did not happen
    assert not asserted(code("India said there was no evidence that Pakistani officials helped."))


def test_a_conflict_between_two_parties_is_force_both_ways(code) -> None:  # type: ignore[no-untyped-def]
    found = asserted(code("The long conflict between Ethiopia and Eritrea shaped the region."))
    assert {("ETH", "ERI", "190"), ("ERI", "ETH", "190")} <= found
    # the subject of the next clause, parsed into the list, is no party
    found = asserted(
        code("In the bitter conflict between Ethiopia and Eritrea, Russia supports Eritrea.")
    )
    assert not any(c == "190" and "RUS" in (s, t) for s, t, c in found)
    # a list that is the subject of its verb (through an auxiliary) keeps every member
    found = asserted(code("Ethiopia and Eritrea have agreed to reopen the border."))
    assert {(s, t) for s, t, c in found if c.startswith("03")} == {("ETH", "ERI"), ("ERI", "ETH")}


def test_standing_relations_are_cooperation_unless_tense(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Tehran has relations with Shiite militias that go back decades.")
    assert any(e.cameo == "050" and e.target and e.target.sector == "REB" for e in events)
    assert not asserted(code("Russia has tense relations with Turkey."))


# -- 7. actors sharing a token, coordinated adjectives ------------------------------------


def test_both_halves_of_a_one_token_dyad_are_parties(code) -> None:  # type: ignore[no-untyped-def]
    found = asserted(code("U.S.-Turkish rapprochement began quickly."))
    assert {("USA", "TUR", "050"), ("TUR", "USA", "050")} <= found


def test_coordinated_adjectives_give_every_source(code) -> None:  # type: ignore[no-untyped-def]
    found = asserted(code("Senior Greek and Cypriot officials met in Athens."))
    assert {("GRC", "CYP", "040"), ("CYP", "GRC", "040")} <= found


# -- 6. sanctions that name no target -------------------------------------------------------


def test_sanctions_without_a_target_take_the_other_party_of_the_dyad(code) -> None:  # type: ignore[no-untyped-def]
    events = code(
        "India expelled Iranian diplomats in June. Tehran imposed sanctions in late 2019. "
        "Iran has now agreed to lift the sanctions."
    )
    found = asserted(events)
    assert ("IRN", "IND", "163") in found
    assert ("IRN", "IND", "0354") in found
    assert all(e.rule.endswith("; carried-target") for e in events if e.cameo in {"163", "0354"})
    # nothing to carry: no dyad of the source's state nearby
    events = code(
        "India expelled Iranian diplomats in June. Brazil won the cup. Chile won nothing. "
        "Argentina lost. Tehran imposed sanctions in late 2019."
    )
    assert ("IRN", None, "163") in asserted(events)
