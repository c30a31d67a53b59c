"""Actors a story leaves implicit: the state it is about when filed from elsewhere, officials
named again, and pronouns that cannot point where a careless reading sends them. Our own
sentences."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model

DATE = "1988-06-10"


def _mentions(nlp, matcher, text: str) -> dict[str, str | None]:
    return {m.text: m.resolve(DATE).country for m in matcher.match(nlp(text))}


def test_an_official_belongs_to_the_story_state_not_the_bureau(nlp, matcher):
    # filed from Nairobi about Uganda, Kenya named once in passing
    text = (
        "NAIROBI, June 10 - Uganda has turned down a World Bank loan offer. "
        "Uganda said the terms were too harsh, and Uganda will seek other lenders. "
        "Coffee exports to Kenya fell. Finance Minister Ezra Lwanga said the country "
        "would not accept the conditions."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Finance Minister Ezra Lwanga"] == "UGA"


def test_the_bureau_state_stays_home_when_the_story_is_about_it(nlp, matcher):
    text = (
        "NAIROBI, June 10 - Kenya and Uganda signed a border pact. Kenya said the pact would "
        "hold. Finance Minister Ezra Lwanga said trade would grow."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Finance Minister Ezra Lwanga"] == "KEN"


def test_officials_here_are_the_bureau_state(nlp, matcher):
    text = (
        "NAIROBI, June 10 - Uganda has turned down a loan. Uganda said the terms were harsh. "
        "Uganda will look elsewhere. Officials here said they regretted it."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Officials"] == "KEN"


def test_a_surname_takes_the_story_state_of_its_titled_introduction(coder):
    text = (
        "NAIROBI, June 10 - Uganda has rejected a demand by the World Bank to cut fuel "
        "subsidies. Uganda said the cuts would hurt farmers. Uganda wants new talks. "
        "Finance Minister Ezra Lwanga met World Bank officials yesterday. "
        "Lwanga criticised the World Bank."
    )
    events = coder.code_text(text, date=DATE)
    sources = {e.source.country for e in events if e.trigger.startswith("criticis") and e.source}
    assert sources == {"UGA"}


def test_a_later_titled_name_is_the_person_introduced_in_full(nlp, matcher):
    text = (
        "MANAMA, June 10 - Kuwait's Crown Prince Saad Al-Abdullah warned Iran. "
        "Prince Saad told reporters the Gulf must stay open."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Prince Saad"] == "KWT"


def test_his_government_is_the_state_of_the_official(nlp, matcher):
    text = (
        "NAIROBI, June 10 - Uganda has turned down a loan from the World Bank. Uganda said the "
        "terms were harsh. Uganda will look elsewhere. Finance Minister Ezra Lwanga said his "
        "government rejected a World Bank demand."
    )
    got = _mentions(nlp, matcher, text)
    assert got["his government"] == "UGA"


def test_the_country_is_never_an_organisation(nlp, matcher):
    got = _mentions(
        nlp, matcher, "Zambia owes money to the IMF. The IMF said the country must pay soon."
    )
    assert got["the country"] == "ZMB"


def test_an_object_pronoun_is_not_its_own_verbs_subject(nlp, matcher):
    got = _mentions(
        nlp,
        matcher,
        "Zambia is in arrears to the IMF, which declared it ineligible for new loans.",
    )
    assert got["it"] == "ZMB"


def _triples(coder, text: str) -> set[tuple[str | None, str, str | None]]:
    return {
        (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
        for e in coder.code_text(text, date=DATE)
    }


def test_whoever_a_measure_is_aimed_at_did_what_it_punishes(coder):
    got = _triples(
        coder, "Norway imposed duties on Chile for breaking its fishing accord with Peru."
    )
    assert ("CHL", "12", "PER") in got


def test_for_someone_to_act_names_whom_an_appeal_addresses(coder):
    got = _triples(coder, "Norway appealed for Chile to open its waters to trawlers.")
    assert ("NOR", "02", "CHL") in got


def test_a_bare_role_stays_stateless_in_a_story_the_bureau_state_is_absent_from(nlp, matcher):
    text = (
        "NAIROBI, June 10 - Uganda and Tanzania exchanged fire on the border. Uganda said "
        "Tanzania attacked first; Tanzania blamed Uganda. A military spokesman said two "
        "soldiers died."
    )
    got = _mentions(nlp, matcher, text)
    assert got["military spokesman"] is None


def test_a_program_of_measures_is_its_owners(coder):
    got = _triples(coder, "Chile condemned Norway's program of sanctions against Peru.")
    assert ("NOR", "16", "PER") in got
    got = _triples(coder, "Norway announced a package of tariffs on Chilean salmon.")
    assert ("NOR", "16", "CHL") in got


def test_a_denial_of_attacks_lends_no_author_to_the_attacks(coder):
    got = _triples(coder, "Norway rejected Chile's denial of attacks on Peru.")
    assert ("CHL", "19", "PER") not in got


def test_a_known_surname_after_another_given_name_is_someone_else(nlp, matcher):
    text = (
        "JAKARTA, June 10 - Indonesia will protest to Japan. Trade Minister Budi Saleh said "
        "Indonesia expected an answer."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Trade Minister Budi Saleh"] == "IDN"


def test_we_in_a_quotation_is_its_speaker(coder):
    got = _triples(
        coder,
        'Norway\'s foreign minister told reporters, "We will not recognise the claim. We '
        'condemn the attack on Peru."',
    )
    assert ("NOR", "11", "PER") in got
    got = _triples(coder, '"We condemn the raid on Peru," the Norwegian premier said.')
    assert ("NOR", "11", "PER") in got


def test_we_outside_a_quotation_is_nobody(coder):
    got = _triples(coder, "Norway said that we condemn the raid on Peru.")
    assert all(source is None or source == "NOR" for source, _, _ in got)


def test_an_unknown_minister_beside_a_known_home_official_is_the_other_party(nlp, matcher):
    text = (
        "WASHINGTON, June 10 - The United States and Peru signed a trade pact. Peru will "
        "cut tariffs and Peru will buy grain. The pact was signed by Secretary of State "
        "George Shultz and Trade Minister Luis Alva."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Trade Minister Luis Alva"] == "PER"


def test_a_name_with_an_umlaut_is_found_as_wire_copy_spells_it(nlp, matcher):
    got = {
        m.text: m.resolve("1990-05-02").country
        for m in matcher.match(nlp("Manfred Woerner flew to Ankara on Tuesday."))
    }
    assert got["Manfred Woerner"] == "NATO"


def test_late_1980s_office_holders_are_known(nlp, matcher):
    got = {
        m.text: m.resolve("1987-06-01").country
        for m in matcher.match(nlp("President Hissene Habre thanked Camdessus in Paris."))
    }
    assert got["President Hissene Habre"] == "TCD"
    assert got["Camdessus"] == "IMF"


def test_attacks_without_a_target_carry_the_war_they_continue(coder):
    text = (
        "Peru shelled Ecuadorean border posts on Monday. Ecuador's defence ministry said "
        "Peru had kept up its attacks."
    )
    events = coder.code_text(text, date=DATE)
    later = [e for e in events if e.sentence_index == 1 and e.root == "19"]
    assert any(e.source.country == "PER" and e.target and e.target.country == "ECU" for e in later)


def test_a_target_several_phrases_deep_is_found(coder):
    got = _triples(coder, "Peru threatened a resumption of air raids on Ecuadorean towns.")
    assert ("PER", "13", "ECU") in got


def test_a_complaint_to_a_forum_is_against_whom_it_is_about(coder):
    got = _triples(
        coder,
        "Chile has protested to the United Nations over incursions by the Peruvian navy.",
    )
    assert ("CHL", "11", "PER") in got
    assert ("CHL", "11", "UNO") not in got
    # with nobody named as the one complained of, the forum stays the target
    assert ("CHL", "11", "UNO") in _triples(coder, "Chile protested to the United Nations.")


def test_force_as_a_manner_or_a_legal_state_is_no_army(nlp, matcher):
    for text in (
        "Peru said the border accord with Chile entered into force in May.",
        "Chile vowed to resist with all force and by force of arms.",
    ):
        assert all(m.sector != "MIL" for m in matcher.match(nlp(text))), text


def test_a_bureau_state_named_once_in_passing_is_not_home_to_a_war_story(nlp, matcher):
    text = (
        "NAIROBI, June 10 - Uganda and Tanzania exchanged fire on the border, Kenyan radio "
        "said. Uganda said Tanzania attacked first; Tanzania blamed Uganda. A military "
        "spokesman said two soldiers died."
    )
    got = _mentions(nlp, matcher, text)
    assert got["military spokesman"] is None


def test_an_appeal_with_no_addressee_is_to_the_one_other_party_named_after_it(coder):
    got = _triples(
        coder, "Kuwait asked whether its ships could be escorted by American destroyers."
    )
    assert ("KWT", "02", "USA") in got


def test_two_other_parties_leave_the_addressee_unknown(coder):
    got = _triples(
        coder,
        "Kuwait asked whether its ships could be escorted by American or British destroyers.",
    )
    assert not any(s == "KWT" and r == "02" and t is not None for s, r, t in got)


def test_a_definite_role_repeats_the_same_word_named_before(nlp, matcher):
    text = (
        "EC foreign ministers met in Luxembourg. Diplomats said talks with Tokyo would go on, "
        "and the ministers called for closer ties with Japan."
    )
    got = {m.text: m.country for m in matcher.match(nlp(text))}
    assert got["ministers"] == "EUR"
    text = "Chile protested to the European Community. It called the community's quota unfair."
    got = {m.text: m.country for m in matcher.match(nlp(text))}
    assert got["community"] == "EUR"


def test_a_complaint_to_a_forum_that_a_state_broke_its_rules_is_against_the_state(coder):
    got = _triples(coder, "Chile has complained to GATT that Peru's import plan breaks its rules.")
    assert ("CHL", "11", "WTO") not in got
    assert ("CHL", "11", "PER") in got


def test_help_someone_acts_with_comes_to_them(coder):
    got = _triples(coder, "Peru has built a new radar with technical help from Japan.")
    assert ("JPN", "07", "PER") in got


def test_an_unknown_name_heading_a_states_team_is_its_official(nlp, matcher):
    text = (
        "Anders Lindqvist, who heads the Swedish delegation to the talks, spoke on Monday. "
        "Lindqvist said Sweden would propose a new text."
    )
    got = _mentions(nlp, matcher, text)
    assert got["Anders Lindqvist"] == "SWE"
    assert got["Lindqvist"] == "SWE"
