"""Pronouns, descriptions, compounds and hyphenated dyads, on sentences we wrote."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def table(nlp, matcher, text, date="2016-07-16"):
    return [(m.text, m.kind, m.resolve(date).code) for m in matcher.match(nlp(text))]


def test_he_points_to_the_subject_of_the_previous_sentence(nlp, matcher):
    got = table(nlp, matcher, "Putin called Erdogan on Saturday. He said the coup had failed.")
    assert ("He", "pronoun", "RUSGOV") in got


def test_he_within_the_sentence(nlp, matcher):
    got = table(nlp, matcher, "Ecevit said he would order troops to Cyprus.", date="1974-07-19")
    assert ("he", "pronoun", "TURGOV") in got


def test_it_and_its_point_to_a_state(nlp, matcher):
    got = table(nlp, matcher, "Greece recalled its ambassador. Later it asked for talks.")
    assert ("its ambassador", "role", "GRCGOV") in got
    assert ("it", "pronoun", "GRC") in got


def test_expletive_it_is_no_actor(nlp, matcher):
    got = table(nlp, matcher, "Iran protested. It is clear that the talks failed.")
    assert [t for t, _, _ in got] == ["Iran"]


def test_they_needs_a_plural_antecedent(nlp, matcher):
    got = table(nlp, matcher, "Syrian rebels shelled the town. They said the army had fled.")
    assert ("They", "pronoun", "SYRREB") in got
    assert table(nlp, matcher, "Russia agreed. They left.") == [("Russia", "state", "RUS")]


def test_the_two_leaders_and_both_countries(nlp, matcher):
    text = "Putin met Erdogan in Sochi. The two leaders spoke for hours, and both countries gained."
    got = table(nlp, matcher, text)
    leaders = [g for g in got if g[0] == "two leaders" or g[0] == "The two leaders"]
    assert leaders and leaders[0][2] in ("RUSGOV", "TURGOV")
    assert any(t == "both countries" and c in ("RUS", "TUR") for t, _, c in got)


def test_the_president_takes_the_state_of_the_context(nlp, matcher):
    got = table(nlp, matcher, "Erdogan returned to Ankara. The president said the army was loyal.")
    assert ("president", "role", "TURGOV") in got
    assert ("army", "role", "TURMIL") in got


def test_role_without_context_keeps_no_state(nlp, matcher):
    assert table(nlp, matcher, "The president said the army was loyal.") == [
        ("president", "role", "GOV"),
        ("army", "role", "MIL"),
    ]


def test_his_aides_take_the_state_of_his_antecedent(nlp, matcher):
    got = table(nlp, matcher, "Lavrov arrived late, and his aides briefed reporters.")
    assert ("his aides", "role", "RUSGOV") in got


def test_his_turkish_counterpart(nlp, matcher):
    got = table(nlp, matcher, "Putin called his Turkish counterpart on Saturday.")
    assert got == [("Putin", "person", "RUSGOV"), ("his Turkish counterpart", "role", "TURGOV")]


def test_hyphenated_dyads_give_two_mentions(nlp, matcher):
    got = table(nlp, matcher, "Russian-Turkish rapprochement worried Washington.")
    assert [c for _, _, c in got][:2] == ["RUS", "TUR"]
    one_token = matcher.match(nlp("U.S.-Turkish relations soured."))
    assert [(m.text, m.country) for m in one_token] == [("U.S.", "USA"), ("Turkish", "TUR")]
    assert one_token[0].start == one_token[1].start == 0


def test_compound_roles_distribute(nlp, matcher):
    got = table(nlp, matcher, "American and British forces withdrew.")
    assert got == [("American", "role", "USAMIL"), ("British forces", "role", "GBRMIL")]


def test_people_living_in_another_state(nlp, matcher):
    assert table(nlp, matcher, "Bosnian Serbs demanded a truce.")[0][::2] == (
        "Bosnian Serbs",
        "BIH",
    )


def test_role_of_two_states_covers_both(nlp, matcher):
    got = table(nlp, matcher, "The foreign ministers of Russia and Turkey met in Antalya.")
    assert got[:2] == [
        ("foreign ministers of Russia", "role", "RUSGOV"),
        ("Turkey", "role", "TURGOV"),
    ]


def test_apposition_joins_a_role_and_its_person(nlp, matcher):
    text = "Russian President Vladimir Putin called his Turkish counterpart, Recep Tayyip Erdogan."
    [_, target] = matcher.match(nlp(text))
    assert target.text == "his Turkish counterpart, Recep Tayyip Erdogan"  # as in PRODUCT.md
    assert (target.name, target.resolve("2016-07-16").code) == ("Recep Tayyip Erdogan", "TURGOV")
    got = table(nlp, matcher, "Lavrov, Russia's foreign minister, spoke.")
    assert got == [("Lavrov, Russia's foreign minister", "person", "RUSGOV")]


def test_a_list_is_not_an_apposition(nlp, matcher):
    got = table(nlp, matcher, "The Turkish president, Putin and Obama met.")
    assert [t for t, _, _ in got] == ["Turkish president", "Putin", "Obama"]


def test_a_role_takes_no_state_from_an_organisation(nlp, matcher):
    got = table(nlp, matcher, "ISIS suffered setbacks. The rebels retreated.")
    assert got == [("ISIS", "group", "IMGREB"), ("rebels", "role", "REB")]


def test_a_state_word_covers_coordinated_heads(nlp, matcher):
    got = table(nlp, matcher, "Danish media and government warned Russia.")
    assert got[:2] == [("Danish media", "role", "DNKMED"), ("government", "role", "DNKGOV")]
    got = table(nlp, matcher, "Turkish officials and some rebels met.")
    assert got == [("Turkish officials", "role", "TURGOV"), ("rebels", "role", "REB")]


def test_a_possessive_in_a_clause_belongs_to_its_subject_before_a_nearer_object(coder) -> None:
    # the nearest state is the one apologised to; the gunboats are the apologiser's
    events = coder.code_text(
        "Chile has apologized to Peru for one of its gunboats intercepting a Peruvian ship."
    )
    interceptions = [e for e in events if e.root == "15"]
    assert [e.source.country for e in interceptions] == ["CHL"]


def test_a_pronoun_in_what_someone_is_told_is_the_teller(triples_of) -> None:
    # it = Canada, who tells; not the United States, who is told
    triples = triples_of(
        "Canada told the United States that it would impose duties on American corn.",
        "1987-05-04",
    )
    assert ("CAN", "16", "USA") in triples
    # a warning's pronoun is the one warned
    warned = triples_of("Iran warned Kuwait that it would face grave consequences.", "1987-05-04")
    assert ("IRN", "13", "KWT") in warned
