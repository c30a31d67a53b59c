"""Constructions of real wire copy, on our own sentences: datelines, and the actors around them."""

from __future__ import annotations

import pytest

from detente.parse.datelines import dateline_length

pytestmark = pytest.mark.model


def _triples(coder, text: str, date: str = "1990-05-02") -> set[tuple[str | None, str, str | None]]:
    return {
        (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
        for e in coder.code_text(text, date=date)
    }


@pytest.mark.parametrize(
    "text",
    [
        "OSLO, May 2 - ",
        "BUENOS AIRES, Argentina, May 2 (Wire) - ",
        "CANBERRA - ",
        "ST. JOHN'S, May 2 - ",
    ],
)
def test_dateline_heads_are_recognised(text: str) -> None:
    assert dateline_length(text + "Norway thanked Sweden.") >= len(text.rstrip())


@pytest.mark.parametrize(
    "text",
    [
        "Oslo, Stockholm and Helsinki protested to Moscow.",
        "A. Larsen: the deal is done.",
        "Norway, Denmark and Sweden met on Monday - and agreed.",
    ],
)
def test_running_text_is_not_a_dateline(text: str) -> None:
    assert dateline_length(text) == 0


def test_dateline_place_is_never_an_actor(coder) -> None:
    triples = _triples(
        coder, "OSLO, May 2 - Argentina accused Chile of violating the fishing accord."
    )
    assert ("ARG", "11", "CHL") in triples
    assert not any("NOR" in (s, t) for s, _, t in triples)


def test_sentence_after_a_dateline_keeps_its_subject(coder) -> None:
    events = coder.code_text(
        "CANBERRA, May 2 (Wire) - Japan and Peru signed a fisheries agreement today.",
        date="1990-05-02",
    )
    pairs = {(e.source.country, e.target.country) for e in events if e.source and e.target}
    assert {("JPN", "PER"), ("PER", "JPN")} <= pairs
    assert all("CANBERRA" not in e.sentence for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # targets inside phrases the trigger governs
        (
            "Canada called for an end to Washington's special tariff exemption.",
            ("CAN", "02", "USA"),
        ),
        (
            "The Dutch cabinet issued a note deploring Belgium's new border tolls.",
            ("NLD", "11", "BEL"),
        ),
        ("Peru appealed to the leaders of Ecuador to halt the shelling.", ("PER", "02", "ECU")),
    ],
)
def test_targets_inside_phrases(coder, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _triples(coder, text)


def test_a_state_charged_with_unfair_practices_is_accused(coder) -> None:
    triples = _triples(coder, "Ottawa charged Norway and Iceland with unfair fishing practices.")
    assert {("CAN", "11", "NOR"), ("CAN", "11", "ISL")} <= triples
    assert not any(root == "17" for _, root, _ in triples)


def test_people_charged_are_still_arrested(coder) -> None:
    events = coder.code_text(
        "Police charged three Danish sailors with smuggling.", date="1990-05-02"
    )
    assert any(e.cameo == "173" for e in events)


def test_a_war_named_by_its_parties_is_not_news(coder) -> None:
    triples = _triples(coder, "Oman urged new efforts to end the Peru-Ecuador war.")
    assert not any(root == "19" for _, root, _ in triples)
    fought = _triples(coder, "Peru and Ecuador fought a short war in the Andes.")
    assert {("PER", "19", "ECU"), ("ECU", "19", "PER")} <= fought


def test_talks_after_a_dateline_are_found_in_both_directions(coder) -> None:
    triples = _triples(
        coder,
        "LIMA, May 2 - Talks between Peru and Chile on the return of a loan by the late "
        "president have made progress, a Peruvian official said.",
    )
    assert {("PER", "04", "CHL"), ("CHL", "04", "PER")} <= triples
    assert all(t in {"PER", "CHL"} for _, root, t in triples if root == "04")


def test_officials_named_by_role_belong_to_the_dateline_state(coder) -> None:
    text = (
        "OSLO, May 2 - The fisheries minister accused Iceland of breaking the quota deal.\n\n"
        "Later, Foreign Minister Per Aasgaard met Danish envoys."
    )
    events = coder.code_text(text, date="1990-05-02")
    accusations = [e for e in events if e.root == "11"]
    assert accusations and accusations[0].source.country == "NOR"
    assert accusations[0].target.country == "ISL"


def test_without_a_dateline_a_role_keeps_no_country(coder) -> None:
    events = coder.code_text(
        "The fisheries minister accused Iceland of breaking the quota deal.", date="1990-05-02"
    )
    accusations = [e for e in events if e.root == "11"]
    # the accusation is coded, by a government of no stated country
    assert [(e.source.code if e.source else None, e.target.country if e.target else None)
            for e in accusations] == [("GOV", "ISL")]


def test_troops_killing_another_states_soldiers_fight(coder) -> None:
    triples = _triples(coder, "Peruvian troops killed 40 Ecuadorean soldiers near the border.")
    assert ("PER", "19", "ECU") in triples
    assert not any(root == "18" for _, root, _ in triples)


def test_assault_by_others_stays_assault(coder) -> None:
    triples = _triples(coder, "Gunmen killed two Chilean tourists in Lima.")
    assert any(root == "18" for _, root, _ in triples)


def test_troops_capturing_posts_are_not_accusing(coder) -> None:
    triples = _triples(coder, "Peruvian forces captured several Ecuadorean border posts.")
    assert not any(root == "11" for _, root, _ in triples)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Peru and Chile inked a fisheries accord in Lima.",
            {("PER", "05", "CHL"), ("CHL", "05", "PER")},
        ),
        (
            "Greek and Turkish patrol boats exchanged fire near Imia.",
            {("GRC", "19", "TUR"), ("TUR", "19", "GRC")},
        ),
        (
            "Ethiopian artillery hammered Eritrean positions near the border.",
            {("ETH", "19", "ERI")},
        ),
        ("Peru's downing of an Ecuadorean helicopter angered Quito.", {("PER", "19", "ECU")}),
    ],
)
def test_verb_classes_and_mutual_acts(coder, text: str, expected: set) -> None:
    assert expected <= _triples(coder, text)


def test_word_classes_expand_and_unknown_classes_are_named(tmp_path) -> None:
    from detente.errors import DataFileError
    from detente.events.lexicon import load_verb_patterns

    good = tmp_path / "verbs.yaml"
    good.write_text(
        'classes:\n  $seal: [seal, clinch]\n  $pact: [pact, accord]\n"057": [$seal +$pact]\n'
        '"190": [trade +blow <>]\n'
    )
    patterns = load_verb_patterns(good)
    assert {p.lemma for ps in patterns.values() for p in ps} == {"seal", "clinch", "trade"}
    assert patterns["clinch"][0].direct_objects == {"pact", "accord"}
    assert patterns["trade"][0].mutual
    bad = tmp_path / "bad.yaml"
    bad.write_text('classes:\n  $seal: [seal]\n"057": [$seal +$treaty]\n')
    with pytest.raises(DataFileError, match=r"bad.yaml line 3: unknown word class \$treaty"):
        load_verb_patterns(bad)


def test_a_mission_named_after_its_city_belongs_to_its_possessor(coder) -> None:
    events = coder.code_text(
        "The statement issued by Peru's Quito embassy said government troops had routed an "
        "Ecuadorean column.",
        date="1995-02-02",
    )
    assert ("PER", "19", "ECU") in {
        (e.source.country, e.root, e.target.country) for e in events if e.source and e.target
    }
    assert not any(e.source and e.source.country == "ECU" for e in events)


def test_a_ministers_policy_noun_is_his_states(coder) -> None:
    triples = _triples(
        coder,
        "Norway's trade minister said a trade boycott of Chile would take effect in July.",
    )
    assert any(s == "NOR" and t == "CHL" and root == "16" for s, root, t in triples)


def test_meetings_are_coded_from_both_sides(coder) -> None:
    triples = _triples(coder, "The Chilean president held talks with Peru's foreign minister.")
    assert {("CHL", "04", "PER"), ("PER", "04", "CHL")} <= triples
    visit = coder.code_text("Peru's president visited Chile on Monday.", date="1990-05-02")
    codes = {(e.source.country, e.cameo, e.target.country) for e in visit if e.source and e.target}
    assert ("PER", "042", "CHL") in codes and ("CHL", "043", "PER") in codes


def test_one_sided_acts_are_not_mirrored(coder) -> None:
    triples = _triples(coder, "Chile accused Peru of violating the treaty.")
    assert ("CHL", "11", "PER") in triples and ("PER", "11", "CHL") not in triples
