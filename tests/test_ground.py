"""The grounding stage on parsed sentences we wrote: dates per event, places, issues."""

from __future__ import annotations

import pytest

from detente.ground import Grounder

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def ground(parse_paragraphs, candidate):  # type: ignore[no-untyped-def]
    """`ground(grounder, paragraphs, triggers, pub)`: the groundings of candidates whose triggers
    are the given words (a word, or (word, {"nth": n}))."""

    def run(grounder: Grounder, paragraphs, triggers, pub="2016-08-10"):  # type: ignore[no-untyped-def]
        doc, ctx = parse_paragraphs(paragraphs, pub)
        cands = [candidate(doc, t) if isinstance(t, str) else candidate(doc, t[0], **t[1])
                 for t in triggers]
        return grounder.ground(doc, cands, ctx)

    return run


def test_one_grounding_per_candidate_in_order(grounder: Grounder, ground, parse_paragraphs) -> None:
    out = ground(grounder, ["Iran protested on May 4, 2016. Iraq complained on June 1, 2016."],
                 ["complained", "protested"])
    assert [g.date for g in out] == ["2016-06-01", "2016-05-04"]
    doc, context = parse_paragraphs(["Nothing here."])
    assert grounder.ground(doc, [], context) == []


def test_the_date_in_the_events_clause_beats_one_elsewhere(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Moscow phoned Ankara on July 16, but Washington waited until July 19 "
                            "before it called."], ["phoned", "called"])
    assert (out[0].date, out[0].date_text) == ("2016-07-16", "on July 16")
    assert (out[1].date, out[1].date_text) == ("2016-07-19", "until July 19")


def test_dates_in_relative_clauses_and_later_conjuncts_stay_there(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, [
        "Japan has agreed to ease the export curbs that it imposed in mid-2019.",
        "Oslo offers mediation, but its envoy recently told reporters that talks had stalled.",
        "After Hanoi seized a trawler on May 3, Beijing protested.",
    ], ["agreed", "imposed", "offers", "protested"])
    assert (out[0].date, out[0].date_text) == ("2016-08-10", None)
    assert (out[1].date, out[1].date_precision) == ("2019-01-01", "year")
    assert out[2].date == "2016-08-10" and out[2].date_text is None
    # An adverbial clause's date does anchor the main event.
    assert (out[3].date, out[3].date_text) == ("2016-05-03", "on May 3")


def test_story_dates_anchor_later_and_same_day(grounder: Grounder, ground) -> None:
    out = ground(grounder, [
        "On March 16, 2023, Seoul and Tokyo held a summit. Less than two months later, the "
        "Japanese premier travelled to Seoul. Pyongyang fired a missile the same day.",
    ], ["held", "travelled", "fired"], pub="2023-09-04")
    assert out[0].date == "2023-03-16"
    assert (out[1].date, out[1].date_precision) == ("2023-05-01", "month")
    # "The same day" follows the story's last date, and is no finer than it.
    assert (out[2].date, out[2].date_precision) == ("2023-05-01", "month")


def test_a_sequel_without_a_story_date_is_no_date(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Two days later, Minsk protested."], ["protested"])
    assert (out[0].date, out[0].date_text) == ("2016-08-10", None)


def test_in_n_years_dates_only_the_future(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Serbia will hold a referendum in two years.",
                            "He was the first Serbian leader in twelve years to visit Tirana."],
                 ["hold", "visit"])
    assert (out[0].date, out[0].date_precision) == ("2018-01-01", "year")
    assert out[1].date == "2016-08-10"


def test_a_year_that_names_a_thing_does_not_date_the_event(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Tokyo accused Seoul of violating the 1965 treaty.",
                            "Moscow protested after the 2014 referendum."],
                 ["accused", "protested"])
    assert out[0].date == "2016-08-10"
    assert (out[1].date, out[1].date_precision) == ("2014-01-01", "year")


def test_a_complement_clause_date_beats_the_clause_above(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["In October 2018, the court ordered the firm to pay workers "
                            "forced to work during the Second World War."], ["forced"])
    assert (out[0].date, out[0].date_precision) == ("1940-01-01", "decade")


def test_weekday_follows_the_tense(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["The Greek premier flew to Nicosia on Tuesday.",
                            "The Cypriot leader will travel to Athens on Tuesday."],
                 ["flew", "travel"])
    assert out[0].date == "2016-08-09" and out[0].date_precision == "day"
    assert out[1].date == "2016-08-16"


def test_publication_date_only_when_the_tense_allows(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Bulgaria condemns the attack. Romania criticised the decision. "
                            "Hungary will sign the agreement. Serbia might reject the plan."],
                 ["condemns", "criticised", "sign", "reject"])
    assert [(g.date, g.date_precision, g.date_text) for g in out[:2]] == [
        ("2016-08-10", "day", None), ("2016-08-10", "day", None)]
    assert out[2].date is None and out[3].date is None


def test_conditions_and_suppositions_get_no_publication_date(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["If Athens accepts the offer, Ankara will withdraw.",
                            "Even supposing that Seoul and Tokyo manage to agree, disputes remain.",
                            "Seoul and Tokyo agree on fisheries."],
                 ["accepts", "agree", ("agree", {"nth": 1})])
    assert out[0].date is None and out[1].date is None
    assert out[2].date == "2016-08-10"


def test_participles_used_as_adjectives_take_the_clause_tense(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Iranian-backed militias control the border crossing.",
                            "Iranian-backed militias will control the border."],
                 ["backed", ("backed", {"nth": 1})])
    assert out[0].date == "2016-08-10"
    assert out[1].date is None


def test_a_future_event_does_not_take_the_date_of_the_clause_above(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Residents were told last week that the council would close the "
                            "border.", "Residents were told last week that the council closed "
                            "the border."], ["close", "closed"])
    assert out[0].date is None
    assert (out[1].date, out[1].date_text) == ("2016-08-01", "last week")


def test_intended_events_are_not_dated_with_the_publication_date(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Qatar plans to mediate between the rivals."],
                 [("mediate", {"modality": "intended"})])
    assert out[0].date is None


def test_no_publication_date_means_no_inherited_date(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Bulgaria condemned the attack yesterday. Romania criticised it."],
                 ["condemned", "criticised"], pub=None)
    assert out[0].date is None and out[0].date_text == "yesterday"
    assert out[1].date is None


def test_scene_setting_period_carries_through_past_tense_sentences(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, [
        "In the 1960s, Greece accused Turkey of provocations. Athens recalled its ambassador. "
        "Today the two governments cooperate on migration.",
        "Athens recalled nobody else.",
    ], ["accused", "recalled", "cooperate", ("recalled", {"nth": 1})])
    assert (out[0].date, out[0].date_precision) == ("1960-01-01", "decade")
    assert (out[1].date, out[1].date_precision, out[1].date_text) == (
        "1960-01-01", "decade", "In the 1960s")
    assert out[2].date == "2016-08-10"
    # A new paragraph starts without the old scene.
    assert out[3].date == "2016-08-10"


def test_a_period_deep_in_a_complement_does_not_set_the_scene(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["In October 2018, the court ordered the firm to pay workers forced "
                            "to work during the Second World War. Tokyo protested at once."],
                 ["protested"])
    assert (out[0].date, out[0].date_precision) == ("2018-10-01", "month")


def test_historical_events_never_get_the_publication_date(
    grounder: Grounder, ground, parse_paragraphs, candidate, mention,
) -> None:
    doc, ctx = parse_paragraphs(["The Soviet Union supported Syria against Israel."])
    cand = candidate(doc, "supported", source=mention(doc, "Soviet Union", None, kind="historical"))
    assert grounder.ground(doc, [cand], ctx)[0].date is None
    out = ground(grounder, ["Historically, Iran backed Armenia."], ["backed"])
    assert out[0].date is None


def test_named_periods_date_their_events(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["After World War I, Greece invaded Anatolia.",
                            "Moscow armed Damascus during the Cold War."], ["invaded", "armed"])
    assert (out[0].date, out[0].date_precision) == ("1920-01-01", "decade")
    assert (out[1].date, out[1].date_precision) == ("1900-01-01", "century")


def test_caption_dates_stay_in_their_caption(grounder: Grounder, ground) -> None:
    out = ground(grounder, [
        ("Ministers shake hands at a summit in Sochi, Russia, May 3, 2016. Iran said on Tuesday "
         "it welcomed the talks.", True),
        "Azerbaijan condemned the talks.",
    ], ["shake", "said", "condemned"])
    assert out[0].date == "2016-05-03"
    assert out[1].date == "2016-05-03"  # Tuesday counted from the caption's own date
    assert out[2].date == "2016-08-10"


def test_places_with_country_hint_and_context(grounder: Grounder, ground) -> None:
    out = ground(grounder, [
        "The two presidents met in St. Petersburg, Russia, last week.",
        "Greek officials met in St. Petersburg, Florida, to discuss tourism.",
        "Delegates gathered in Geneva on Monday.",
        "Russia keeps a military base in Armenia.",
        "Moscow deploys new air defence systems in Crimea.",
    ], ["met", ("met", {"nth": 1}), "gathered", "keeps", "deploys"])
    assert (out[0].place.name, out[0].place.country) == ("Saint Petersburg", "RUS")
    assert out[0].place.lat == pytest.approx(59.94, abs=0.05)
    assert out[1].place.country == "USA"
    assert (out[2].place.name, out[2].place.country) == ("Geneva", "CHE")
    assert out[3].place.country == "ARM"
    assert (out[4].place.name, out[4].place.country) == ("Crimea", "UKR")


def test_an_opening_participle_shares_its_place_and_possessive_dates_count(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Speaking in Vienna on Monday, the Iranian envoy criticised Riyadh.",
                            "Yesterday's talks in Minsk ended without agreement."],
                 ["criticised", "ended"])
    assert (out[0].date, out[0].place.name) == ("2016-08-08", "Vienna")
    assert (out[1].date, out[1].place.name) == ("2016-08-09", "Minsk")


def test_a_city_named_in_a_nominal_event_is_its_place(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Both sides praised the Geneva talks.",
                            "Both sides praised the Syria talks."],
                 ["talks", ("talks", {"nth": 1})])
    assert out[0].place is not None and out[0].place.name == "Geneva"
    assert out[1].place is None


def test_once_again_is_not_history(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Athens once again condemned the flights.",
                            "The two empires once shared a long border."], ["condemned", "shared"])
    assert out[0].date == "2016-08-10"
    assert out[1].date is None


def test_a_small_town_inside_a_longer_unknown_name_is_not_the_place(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Cuba sent doctors to Central America.",
                            "Cuba sent doctors to Aleppo Province."],
                 ["sent", ("sent", {"nth": 1})])
    assert out[0].place is None
    assert out[1].place is not None and out[1].place.name == "Aleppo"  # a big city stays


def test_an_acronym_is_not_a_town(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Iran protested at the UN on Monday.",
                            "Iran protested in the UAE on Monday."],
                 ["protested", ("protested", {"nth": 1})])
    assert out[0].place is None
    assert out[1].place is not None and out[1].place.country == "ARE"


def test_a_month_is_not_a_town(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["Britain expelled the envoys in March.",
                            "Britain expelled the envoys in May in London."],
                 ["expelled", ("expelled", {"nth": 1})])
    assert out[0].place is None and out[0].date == "2016-03-01"
    assert out[1].place.name == "London"


def test_a_place_inside_a_named_country_is_preferred(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["A Russian jet crashed in Syria's Latakia province.",
                            "Rebels advanced in Syria's north."], ["crashed", "advanced"])
    assert (out[0].place.name, out[0].place.country) == ("Latakia", "SYR")
    assert (out[1].place.name, out[1].place.country) == ("Syria", "SYR")


def test_namesakes_follow_the_events_actors_and_possessives_are_owners(
    grounder: Grounder, parse_paragraphs, candidate, mention,
) -> None:
    doc, ctx = parse_paragraphs(["Syrian rebels met government envoys in Geneva.",
                      "American officials met Syrian envoys in Damascus.",
                      "Moscow aimed its criticism at Turkey's strategy."])
    met = candidate(doc, "met", source=mention(doc, "Syrian rebels", "SYR"))
    met2 = candidate(doc, "met", nth=1, source=mention(doc, "American officials", "USA"))
    aimed = candidate(doc, "aimed")
    out = grounder.ground(doc, [met, met2, aimed], ctx)
    assert (out[0].place.name, out[0].place.country) == ("Geneva", "CHE")
    assert out[1].place.country == "SYR"  # a big city beats a small namesake at home
    assert out[2].place is None


def test_a_name_pinned_down_once_keeps_its_sense_in_the_document(
    grounder: Grounder, parse_paragraphs, candidate, mention,
) -> None:
    doc, ctx = parse_paragraphs([("Officials talk in St. Petersburg, Florida, May 3, 2016.", True),
                      "Canadian envoys later flew to St. Petersburg."])
    flew = candidate(doc, "flew", source=mention(doc, "Canadian envoys", "CAN"))
    assert grounder.ground(doc, [flew], ctx)[0].place.country == "USA"
    doc, ctx = parse_paragraphs(["Canadian envoys later flew to St. Petersburg."])
    flew = candidate(doc, "flew", source=mention(doc, "Canadian envoys", "CAN"))
    assert grounder.ground(doc, [flew], ctx)[0].place.country == "RUS"


def test_the_place_of_a_reporting_clause_is_not_the_reported_events(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Officials in Brussels fear that Belgrade will join the bloc.",
                            "Officials in Brussels condemned the vote."], ["join", "condemned"])
    assert out[0].place is None
    assert out[1].place.name == "Brussels"


def test_destination_of_travel_is_the_place_but_a_dative_is_not(grounder: Grounder, ground) -> None:
    out = ground(grounder, ["The Turkish president flew to Moscow to meet his counterpart.",
                            "Ankara sent a letter to Cyprus."],
                 ["meet", "sent"])
    assert out[0].place is not None and out[0].place.name == "Moscow"
    assert out[1].place is not None and out[1].place.country == "CYP"  # "send" moves things
    out = ground(grounder, ["Ankara said to Athens that it objects."], ["said"])
    assert out[0].place is None


def test_issue_tags_from_sentence_and_paragraph(grounder: Grounder, ground) -> None:
    out = ground(grounder, [
        "Ankara and Moscow discussed the gas pipeline. They also met.",
        "The PKK attacked a Turkish convoy near the Iraqi border. Refugees fled.",
    ], ["discussed", "met", "attacked", "fled"])
    assert "ENERGY" in out[0].issues
    assert out[1].issues == ()  # one mention in the paragraph is not enough
    assert "KURDISH_QUESTION" in out[2].issues
    assert "MIGRATION" in out[3].issues


def test_a_sentence_without_issue_words_takes_its_paragraphs_subject(
    grounder: Grounder, ground,
) -> None:
    out = ground(grounder, ["Athens rejects any partition of Cyprus. Nicosia wants a federal "
                            "deal. The two leaders met again. Ankara also signed a gas pipeline "
                            "accord."], ["met", "signed"])
    assert out[0].issues == ("CYPRUS",)
    assert out[1].issues == ("ENERGY",)  # its own words only


def test_users_extend_the_issue_vocabulary(
    tmp_path, ground,
) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "issues.yaml"
    extra.write_text("WATER:\n  description: Rivers and dams.\n  terms: [dam*, euphrates]\n"
                     "ENERGY:\n  terms: [hydropower]\n", encoding="utf-8")
    grounder = Grounder(extra_issues=extra)
    out = ground(grounder, ["Syria accused Turkey over the Euphrates dams and hydropower."],
                 ["accused"])
    assert {"WATER", "ENERGY"} <= set(out[0].issues)
    assert "WATER" not in ground(Grounder(), ["Syria accused Turkey over the dams."],
                                 ["accused"])[0].issues


def test_a_grounder_travels_to_worker_processes_without_its_gazetteer(
    grounder: Grounder, ground,
) -> None:
    import pickle

    ground(grounder, ["Delegates met in Geneva."], ["met"])  # builds the gazetteer
    payload = pickle.dumps(grounder)
    assert len(payload) < 2_000_000
    copy = pickle.loads(payload)
    out = ground(copy, ["Delegates met in Geneva."], ["met"])
    assert out[0].place is not None and out[0].place.country == "CHE"


def test_tense_and_conditions_are_read_with_the_event_stages_modality_words(
    grounder: Grounder, ground,  # type: ignore[no-untyped-def]
) -> None:
    from dataclasses import replace

    from detente.events.lexicon import default_modality

    text = ["Hungary plans to sign the agreement. Croatia agreed to sign the treaty. "
            "Serbia signs the treaty.", "Imagine that Slovenia signs the treaty."]
    triggers = ["sign", ("sign", {"nth": 1}), "signs", ("signs", {"nth": 1})]
    out = ground(grounder, text, triggers)
    # what is planned or agreed is yet to come; a supposition is a condition
    assert [g.date for g in out] == [None, None, "2016-08-10", None]
    words = default_modality()
    plain = replace(words, plan=words.plan - {"plan"}, intent=words.intent - {"agree"},
                    supposition=words.supposition - {"imagine"})
    out = ground(Grounder(modality=plain), text, triggers)
    assert [g.date for g in out] == ["2016-08-10"] * 4
