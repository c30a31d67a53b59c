"""Meetings and visits as wire copy words them, on our own sentences: visitors named by an
adjective, hosts implied by a dateline or a capital, occasions inside another act, parties
coordinated inside a phrase, and topics that are no party."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the parser reads "visiting" as a verb whose object is the visitor
        (
            "OSLO, May 2 - Prime Minister Gro Harlem Brundtland held talks today with visiting "
            "Icelandic Prime Minister Steingrimur Hermannsson.",
            {("ISL", "04", "NOR"), ("NOR", "04", "ISL")},
        ),
        (
            "Chancellor Franz Vranitzky met visiting Hungarian Politburo member Karoly Nemeth.",
            {("HUN", "04", "AUT"), ("AUT", "04", "HUN")},
        ),
        (
            "The Emir of Kuwait received visiting Bahraini officials in his palace.",
            {("BHR", "04", "KWT")},
        ),
        # or the place the clause names
        (
            "Visiting Soviet Foreign Minister Eduard Shevardnadze told reporters in Bangkok "
            "that Moscow wanted peace.",
            {("SUN", "04", "THA")},
        ),
        # read right, as an adjective, the host is the state the story is filed from
        (
            "LISBON, May 2 - Visiting Spanish Foreign Minister Francisco Fernandez Ordonez said "
            "the fishing dispute was closed.",
            {("ESP", "04", "PRT"), ("PRT", "04", "ESP")},
        ),
        # a visit naming no destination, in a story filed from another state
        (
            "NAIROBI, May 2 - Tanzanian President Ali Hassan Mwinyi said at the end of his "
            "three-day visit that the border would stay open.",
            {("TZA", "04", "KEN"), ("KEN", "04", "TZA")},
        ),
        # an occasion that names its host is an event beside the verb's
        (
            "During his visit to Lima, the Bolivian president signed a gas accord.",
            {("BOL", "04", "PER"), ("PER", "04", "BOL")},
        ),
        # a capital its officials went to for talks names the government they meet
        (
            "Mexican trade officials are in Ottawa for talks on tariffs.",
            {("MEX", "04", "CAN"), ("CAN", "04", "MEX")},
        ),
        # parties coordinated inside "of"/"from" are all parties
        (
            "Negotiators from Peru and Bolivia held a second round of talks on Tuesday.",
            {("PER", "04", "BOL"), ("BOL", "04", "PER")},
        ),
        (
            "The foreign ministers of Denmark and Sweden met in Malmo.",
            {("DNK", "04", "SWE"), ("SWE", "04", "DNK")},
        ),
        # parties the parser hung on the verb
        (
            "Talks resumed between Morocco and Algeria.",
            {("MAR", "04", "DZA"), ("DZA", "04", "MAR")},
        ),
        # calling on a person with nothing asked of him is a visit
        (
            "The Polish envoy called on Foreign Minister Hans-Dietrich Genscher.",
            {("POL", "04", "DEU"), ("DEU", "04", "POL")},
        ),
        # a seat named as a place is the state of its day
        (
            "Chancellor Helmut Kohl arrived in Moscow on Sunday.",
            {("DEU", "04", "SUN"), ("SUN", "04", "DEU")},
        ),
    ],
)
def test_meeting_parties(triples_of, text: str, expected: set[tuple[str, str, str]]) -> None:
    found = triples_of(text, "1987-03-03")
    assert expected <= found
    # each side of a meeting or visit is named (no visit by nobody to the visitor)
    assert not any(root == "04" and None in (source, target) for source, root, target in found)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        # what is discussed is no party to the talks
        ("The Dutch premier discussed Suriname with the press.", ("NLD", "04", "SUR")),
        ("Kenya and Ethiopia discussed Somalia.", ("KEN", "04", "SOM")),
        # a city that only hosts talks is not met
        ("Soviet arms negotiators are in Geneva for talks on missiles.", ("SUN", "04", "CHE")),
    ],
)
def test_no_party_in_topics_and_venues(triples_of, text: str, wrong: tuple) -> None:
    assert wrong not in triples_of(text)


def test_a_visiting_team_is_no_state(triples_of) -> None:
    assert not any(root == "04" for _, root, _ in triples_of("The visiting team won easily."))


def test_a_shared_surname_after_an_unknown_given_name_is_someone_else(triples_of) -> None:
    # "Aliyev" is in the tables for a later office; "Politburo member Geidar Aliyev" in 1987 is
    # the Soviet official the title names
    found = triples_of(
        "Chancellor Helmut Kohl met Soviet Politburo member Geidar Aliyev.", "1987-03-03"
    )
    assert ("DEU", "04", "SUN") in found
    assert not any("AZE" in (s, t) for s, _, t in found)


def test_calling_on_someone_to_act_stays_an_appeal(triples_of) -> None:
    found = triples_of("The Polish envoy called on Genscher to resign.")
    assert ("POL", "02", "DEU") in found
    assert not any(root == "04" for _, root, _ in found)


def test_a_meeting_one_returned_from_is_the_returners(triples_of) -> None:
    found = triples_of("The Dutch premier returned from talks with Belgian leaders.")
    assert {("NLD", "04", "BEL"), ("BEL", "04", "NLD")} <= found


def test_what_was_no_issue_in_talks_is_no_party_to_them(triples_of) -> None:
    found = triples_of(
        "Norway had talks with Sweden. An official said Finland had not been an issue at the talks."
    )
    assert not any(source == "FIN" and root == "04" for source, root, _ in found)


def test_talks_a_state_reports_with_another_are_its_own(triples_of) -> None:
    found = triples_of("The talks with Chile resumed on Monday, Argentine officials said.")
    assert {("ARG", "04", "CHL"), ("CHL", "04", "ARG")} <= found


def test_a_journey_for_talks_is_also_the_talks(triples_of) -> None:
    triples = triples_of(
        "Foreign Minister Sten Andersson arrived in Vienna on Monday for talks with Polish "
        "Foreign Minister Marian Orzechowski.",
        "1987-05-04",
    )
    assert {("SWE", "04", "POL"), ("POL", "04", "SWE")} <= triples


def test_a_city_that_hosts_talks_is_no_host_of_the_visitor(triples_of) -> None:
    triples = triples_of(
        "Foreign Minister Sten Andersson arrived in Geneva on Monday for talks with Polish "
        "Foreign Minister Marian Orzechowski.",
        "1987-05-04",
    )
    assert {("SWE", "04", "POL"), ("POL", "04", "SWE")} <= triples
    assert not any("CHE" in (source, target) for source, _, target in triples)


def test_talks_asked_for_are_not_held(triples_of) -> None:
    triples = triples_of("Norway pressed Denmark for talks with Iceland.", "1987-05-04")
    assert not any(root == "04" for _, root, _ in triples)


def test_a_minister_due_in_a_capital_is_an_announced_visit(coder) -> None:
    events = coder.code_text(
        "The Danish foreign minister is due in Oslo next week.", date="1987-05-04"
    )
    visits = [
        (e.source.country, e.target.country, e.modality)
        for e in events
        if e.cameo == "042" and e.source and e.target
    ]
    assert visits == [("DNK", "NOR", "intended")]
    repaid = coder.code_text("Norway is due to repay the loan in March.", date="1987-05-04")
    assert all(e.root != "04" for e in repaid)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the one who met is the subject of the clause the gerund sets the time for
        ("After meeting Swedish Prime Minister Ingvar Carlsson, Kohl told reporters the "
         "talks were useful.", {("DEU", "04", "SWE"), ("SWE", "04", "DEU")}),
        # "in a meeting with X, Y said": a meeting of Y's
        ("In a meeting with Prime Minister Ingvar Carlsson, Kohl said Bonn wanted closer ties.",
         {("DEU", "04", "SWE"), ("SWE", "04", "DEU")}),
        # a role a named person owns serves that person's state
        ("Kohl's envoy met Swedish Prime Minister Ingvar Carlsson in Stockholm.",
         {("DEU", "04", "SWE")}),
        ("The Danish prime minister paid a call on Chancellor Helmut Kohl.",
         {("DNK", "04", "DEU")}),
    ],
)
def test_meetings_set_by_gerunds_occasions_owners_and_calls(
    triples_of, text: str, expected: set
) -> None:
    assert expected <= triples_of(text, "1987-05-04")


def test_negotiations_a_clause_happens_in_name_no_party(triples_of) -> None:
    triples = triples_of(
        "Kenya accused Uganda of blocking progress in the negotiations on the border.",
        "1987-05-04",
    )
    assert not any(root == "04" for _, root, _ in triples)


def test_a_visit_the_subject_is_on_and_talks_ended_are_held(triples_of) -> None:
    assert ("PRT", "04", "ESP") in triples_of(
        "Portuguese President Mario Soares, on a visit to Madrid, urged Spain to act.",
        "1987-05-04",
    )
    ended = triples_of("Norway and Sweden ended two days of talks in Oslo.", "1987-05-04")
    assert {("NOR", "04", "SWE"), ("SWE", "04", "NOR")} <= ended
    assert not any(root == "16" for _, root, _ in ended)  # talks held, not broken off
    broken = triples_of("Norway broke off its talks with Sweden.", "1987-05-04")
    assert ("NOR", "16", "SWE") in broken


def test_talks_proposed_or_asked_for_are_not_held(triples_of) -> None:
    proposed = triples_of("Oslo proposed a summit meeting with Stockholm.", "1987-05-04")
    assert ("NOR", "03", "SWE") in proposed  # an offer to meet (036)
    assert not any(root == "04" for _, root, _ in proposed)
    asked = triples_of("Seoul's call for talks with Pyongyang was rejected.", "1987-05-04")
    assert not any(root == "04" for _, root, _ in asked)


def test_a_half_read_meeting_beside_a_whole_event_is_dropped(coder) -> None:
    # talks with no partner found, in a sentence that names both sides of its act
    events = coder.code_text(
        "Mubarak, who held talks in Cairo on Monday, criticised Israel.", date="1987-05-04"
    )
    assert [(e.root, e.target.country if e.target else None) for e in events] == [("11", "ISR")]


def test_a_meeting_alone_in_its_sentence_stays_even_with_one_side(coder) -> None:
    events = coder.code_text("Kohl held talks on Monday.", date="1987-05-04")
    assert [e.root for e in events] == ["04"]


def test_three_way_talks_joined_meet_each_party(triples_of) -> None:
    triples = triples_of(
        "The Danish prime minister will join Kohl and Mitterrand for three-way talks.",
        "1987-05-04",
    )
    assert {("DNK", "04", "DEU"), ("DNK", "04", "FRA")} <= triples
