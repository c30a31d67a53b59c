"""Actor matching on sentences we wrote: states, metonymy, sectors, titles, people by date."""

from __future__ import annotations

import pytest
from spacy.language import Language

from detente.actors import ActorMatcher
from detente.records import ActorMention

pytestmark = pytest.mark.model


def found(nlp: Language, matcher: ActorMatcher, text: str) -> list[ActorMention]:
    return matcher.match(nlp(text))


def codes(nlp: Language, matcher: ActorMatcher, text: str, date: str | None = "2016-07-16"):
    return [(m.text, m.resolve(date).code) for m in found(nlp, matcher, text)]


def test_mentions_are_sorted_and_disjoint(nlp, matcher):
    text = (
        "Russian President Vladimir Putin called his Turkish counterpart after the Turkish army "
        "shelled Kurdish positions, while the White House and NATO officials urged calm in Ankara."
    )
    mentions = found(nlp, matcher, text)
    assert len(mentions) >= 5
    for a, b in zip(mentions, mentions[1:], strict=False):
        assert a.end <= b.start
    doc = nlp(text)
    for m in mentions:
        assert doc[m.start : m.end].text == m.text


def test_title_state_and_person_make_one_mention(nlp, matcher):
    [putin] = found(nlp, matcher, "Russian President Vladimir Putin spoke on Monday.")
    assert (putin.text, putin.country, putin.sector) == (
        "Russian President Vladimir Putin",
        "RUS",
        "GOV",
    )
    assert putin.name == "Vladimir Putin" and putin.kind == "person"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Turkey protested.", ("Turkey", "TUR")),
        ("Türkiye protested.", ("Türkiye", "TUR")),
        ("The U.S. protested.", ("U.S.", "USA")),
        ("Britain protested.", ("Britain", "GBR")),
        ("Ankara said it would respond.", ("Ankara", "TURGOV")),
        ("The Kremlin said it would respond.", ("Kremlin", "RUSGOV")),
        ("The White House said it would respond.", ("White House", "USAGOV")),
        ("Downing Street said it would respond.", ("Downing Street", "GBRGOV")),
        ("The Pentagon said it would respond.", ("Pentagon", "USAMIL")),
        ("The Turks were angry.", ("Turks", "TUR")),
        ("Kosovo and Taiwan protested.", ("Kosovo", "XKX")),
        ("Western Sahara protested.", ("Western Sahara", "ESH")),
        ("The Holy See protested.", ("Holy See", "VAT")),
    ],
)
def test_state_names_capitals_and_seats(nlp, matcher, text, expected):
    assert codes(nlp, matcher, text)[0] == expected


def test_lowercase_common_words_are_not_states(nlp, matcher):
    assert codes(nlp, matcher, "They ate turkey and asked us to chad the ballot.") == []


def test_capital_as_location_is_a_place_not_the_government(nlp, matcher):
    [meeting] = found(nlp, matcher, "The talks were held in Moscow.")
    assert (meeting.kind, meeting.country, meeting.sector) == ("place", "RUS", None)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("The Turkish army advanced.", "TURMIL"),
        ("Russian intelligence was blamed.", "RUSSPY"),
        ("Turkish papers reported it.", "TURMED"),
        ("Iranian police arrested them.", "IRNCOP"),
        ("Syrian rebels retreated.", "SYRREB"),
        ("Egyptian protesters gathered.", "EGYCVL"),
        ("The Russian parliament voted.", "RUSLEG"),
        ("A Turkish court ruled.", "TURJUD"),
        ("Russia's defense minister spoke.", "RUSGOV"),
        ("The Turkish Foreign Ministry objected.", "TURGOV"),
        ("The Greek ambassador left.", "GRCGOV"),
        ("Chinese businesses invested.", "CHNBUS"),
        ("Iraqi militias attacked.", "IRQREB"),
        ("The ruling AKP won.", "TURPTY"),
        ("Israeli military officials denied it.", "ISRMIL"),
    ],
)
def test_role_words_give_sectors(nlp, matcher, text, code):
    assert codes(nlp, matcher, text)[0][1] == code


def test_backed_rebels_are_located_where_they_fight(nlp, matcher):
    got = codes(nlp, matcher, "Turkish-supported rebels in Syria took the town.")
    assert got == [("Turkish", "TUR"), ("rebels in Syria", "SYRREB")]


def test_role_of_state(nlp, matcher):
    assert codes(nlp, matcher, "The foreign minister of Turkey arrived.") == [
        ("foreign minister of Turkey", "TURGOV")
    ]


def test_unknown_name_after_title(nlp, matcher):
    [m] = found(nlp, matcher, "Moroccan Foreign Minister Nasser Bourita arrived.")
    assert (m.country, m.sector, m.name) == ("MAR", "GOV", "Nasser Bourita")


@pytest.mark.parametrize(
    ("name", "date", "code"),
    [
        ("Putin", "1995-03-01", "RUSELI"),
        ("Putin", "2016-07-16", "RUSGOV"),
        ("Obama", "2005-06-01", "USAELI"),
        ("Obama", "2012-06-01", "USAGOV"),
        ("Obama", "2019-06-01", "USAELI"),
        ("Ecevit", "1974-07-20", "TURGOV"),
        ("Ecevit", "1990-07-20", "TURELI"),
    ],
)
def test_people_resolve_by_date(nlp, matcher, name, date, code):
    [m] = found(nlp, matcher, f"{name} said the talks would go on.")
    assert m.resolve(date).code == code


def test_former_makes_elite(nlp, matcher):
    [m] = found(nlp, matcher, "The former Iraqi president criticized the plan.")
    assert m.resolve("2016-01-01").code == "IRQELI"


def test_compound_states_share_the_head_role(nlp, matcher):
    got = codes(nlp, matcher, "Senior Hungarian and Romanian officials agreed.")
    assert got == [("Hungarian", "HUNGOV"), ("Romanian officials", "ROUGOV")]


def test_compounds_stay_separate(nlp, matcher):
    got = codes(nlp, matcher, "Russia and Turkey signed a deal.")
    assert got == [("Russia", "RUS"), ("Turkey", "TUR")]


def test_igos_groups_and_historical_states(nlp, matcher):
    got = dict(codes(nlp, matcher, "NATO troops, Hamas leaders, the Soviet Union and the West."))
    assert got == {
        "NATO troops": "NATOMIL",
        "Hamas leaders": "PSEREB",
        "Soviet Union": "SUN",
        "the West": "WST",
    }


def test_ethnic_group_takes_the_state_before_it(nlp, matcher):
    [m] = found(nlp, matcher, "Iraqi Kurds demanded a vote.")
    assert (m.kind, m.country, m.name) == ("ethnic", "IRQ", "Kurds")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Protesters in Lagos blocked the road.", "NGACVL"),
        ("Police in Karachi arrested them.", "PAKCOP"),
        ("Rebels in Aleppo regrouped.", "SYRREB"),
        ("Russian troops in Crimea were reinforced.", "RUSMIL"),
    ],
)
def test_roles_located_in_cities_and_regions(nlp, matcher, text, code):
    assert codes(nlp, matcher, text)[0][1] == code


def test_led_makes_the_leading_state_the_actor(nlp, matcher):
    assert codes(nlp, matcher, "The Saudi-led coalition struck the port.") == [
        ("Saudi-led coalition", "SAUMIL")
    ]


def test_phrases_that_name_no_actor(nlp, matcher):
    assert codes(nlp, matcher, "At the press conference they discussed the military base.") == []


def test_a_title_before_a_name_keeps_its_sector(nlp, matcher):
    # the title says what the person was when the text was written; the bare name goes by date
    [titled] = found(nlp, matcher, "Russian President Boris Yeltsin signed the decree.")
    assert titled.explicit_sector and titled.resolve("2000-01-15").code == "RUSGOV"
    [bare] = found(nlp, matcher, "Yeltsin signed the decree.")
    assert bare.resolve("2000-01-15").code == "RUSELI"
    general = found(nlp, matcher, "General Hulusi Akar inspected the troops.")[0]
    assert general.resolve("2016-07-16").code == "TURMIL"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Latin American leaders gathered.", [("leaders", "GOV")]),  # leaders of no one state
        ("Ships crossed the South China Sea and the Persian Gulf.", []),
        ("The Arab Spring spread.", []),
    ],
)
def test_names_inside_larger_names_are_not_states(nlp, matcher, text, expected):
    assert codes(nlp, matcher, text) == expected


def test_regions_inside_a_state(nlp, matcher):
    assert codes(nlp, matcher, "Police in Northern Ireland arrested two men.") == [
        ("Police in Northern Ireland", "GBRCOP")
    ]


@pytest.mark.parametrize(
    ("date", "code"),
    [("1999-01-01", "AFGGOV"), ("2010-06-01", "AFGREB"), ("2022-06-01", "AFGGOV")],
)
def test_a_group_that_governed_for_a_while(nlp, matcher, date, code):
    [taliban] = found(nlp, matcher, "The Taliban announced a decree.")
    assert taliban.resolve(date).code == code


def test_intelligence_services(nlp, matcher):
    got = codes(nlp, matcher, "The CIA accused the FSB, and Mossad denied it.")
    assert [c for _, c in got][:3] == ["USASPY", "RUSSPY", "ISRSPY"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Turkish energy minister resigned.", [("Turkish energy minister", "TURGOV")]),
        ("Russian gas company executives met.", [("Russian gas company executives", "RUSBUS")]),
        ("The Hamas-run health ministry said.", [("Hamas-run health ministry", "PSEGOV")]),
        ("Pro-Russian separatists attacked.", [("Russian", "RUS"), ("separatists", "REB")]),
    ],
)
def test_field_words_control_words_and_orientations(nlp, matcher, text, expected):
    assert codes(nlp, matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kurds in Syria fled the fighting.", "SYRCVL"),
        ("Rebels in northern Syria regrouped.", "SYRREB"),
        ("Ethnic Albanians in south Serbia demanded autonomy.", "SRBCVL"),
    ],
)
def test_peoples_and_roles_located_by_a_phrase_after_them(nlp, matcher, text, code):
    assert codes(nlp, matcher, text)[0][1] == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Syrian refugees crossed the border.", "SYRREF"),
        ("Greek workers went on strike.", "GRCLAB"),
        ("Iranian students protested.", "IRNEDU"),
        ("Egyptian clerics condemned the film.", "EGYREL"),
        ("The Russian opposition called for a boycott.", "RUSOPP"),
        ("Mexican smugglers were arrested.", "MEXCRM"),
        ("French farmers blocked the roads.", "FRAAGR"),
        ("Unidentified gunmen attacked the convoy.", "UAF"),
        ("Turkish journalists were detained.", "TURJRN"),
        ("Former Turkish officials met.", "TURELI"),
        ("Ukrainian doctors treated the wounded.", "UKRHLH"),
        ("A Chinese spy was expelled.", "CHNSPY"),
    ],
)
def test_more_sectors(nlp, matcher, text, code):
    assert codes(nlp, matcher, text)[0][1] == code


def test_acronyms_in_shouted_headlines_are_words(nlp, matcher):
    assert codes(nlp, matcher, "WHAT IS NEXT FOR THE TALKS") == []
    assert codes(nlp, matcher, "IS fighters and the US clashed.") == [
        ("IS fighters", "IMGREB"),
        ("US", "USA"),
    ]
