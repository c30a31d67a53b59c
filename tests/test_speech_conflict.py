"""Verbal conflict as wire copy words it, on our own sentences: requests made of a named party,
criticism by what is said of another state's act, dismissals, warnings and alleged breaches."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model




@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the addressee of "called on X to ..." is X, not a party of the requested act
        (
            "China called on Vietnam to withdraw its troops from Cambodia.",
            ("CHN", "02", "VNM"),
        ),
        # the named subject of a requested act is whom it is asked of
        ("Poland demanded that Austria recognise the new border.", ("POL", "10", "AUT")),
        ("Italy insisted that Greece lower its farm prices.", ("ITA", "10", "GRC")),
        ("Nigeria appealed for Ghana to reconsider its decision.", ("NGA", "02", "GHA")),
        # what one state wants or expects of another is asked of it
        ("The Dutch government wants Belgium to ease its import curbs.", ("NLD", "02", "BEL")),
        ("The ministers of Spain expect Morocco to open its waters.", ("ESP", "10", "MAR")),
    ],
)
def test_a_request_is_made_of_the_party_asked_to_act(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Iran insisted that Iraq had started the war.",  # a claim
        "Canada expects wheat prices to rise.",  # a prediction naming no party
    ],
)
def test_questions_claims_and_predictions_ask_nothing_of_anyone(triples_of, text: str) -> None:
    assert not any(root in {"02", "10"} and target is not None
                   for _, root, target in triples_of(text))  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a condemning word coordinated with another is said of the same act
        (
            '"Argentina\'s new duties are protectionist and illegal," the Brazilian trade '
            "minister said.",
            ("BRA", "11", "ARG"),
        ),
        # a state's act said to undermine or contradict something is criticised
        ("Chile said Peru's fishing policy was contradicting the treaty.", ("CHL", "11", "PER")),
        (
            "Norway said the aims of the Danish government were contradicted by its new quotas.",
            ("NOR", "11", "DNK"),
        ),
        # a claim said to be baseless or inaccurate is rejected
        ("Egypt said the Libyan allegations were baseless.", ("EGY", "12", "LBY")),
        ("The American embassy said the Chinese figures were inaccurate.", ("USA", "12", "CHN")),
    ],
)
def test_what_a_state_says_of_another_states_act(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_saying_an_act_does_no_harm_criticises_nobody(triples_of) -> None:
    triples = triples_of("Chile said Peru's new policy would not harm the treaty.")
    assert ("CHL", "11", "PER") not in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a warning that something will befall another state warns it
        ("The Kenyan government warned that Uganda would pay a heavy price.", ("KEN", "13", "UGA")),
        ("Kenya warned that Uganda would face military action.", ("KEN", "13", "UGA")),
    ],
)
def test_a_warning_of_what_will_befall_a_state_warns_it(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_a_warning_about_no_state_warns_nobody(triples_of) -> None:
    triples = triples_of("Kenya warned that the rains would come late this year.")
    assert not any(root == "13" for _, root, _ in triples)


@pytest.mark.parametrize(
    "text",
    [
        "Japan said South Korea's trade plan breaks the GATT rules.",
        "Japan said South Korean trawlers had violated the fishing agreement.",
    ],
)
def test_a_breach_alleged_by_a_state_is_one_against_it(triples_of, text: str) -> None:
    # the rules bind both: the breach is of the accused against the accuser, who accuses it
    triples = triples_of(text)
    assert ("KOR", "12", "JPN") in triples
    assert ("JPN", "11", "KOR") in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what another state would pay or face, said by a state, warns it
        ("Iraq said Iran would pay dearly for the raid.", ("IRQ", "13", "IRN")),
        ("Iraq said Iran would face a crushing military response.", ("IRQ", "13", "IRN")),
        # sanctions on a condition the other state must meet threaten it
        (
            '"Any unilateral Mexican moves would leave us no option but to react," the '
            "Canadian trade minister said.",
            ("CAN", "13", "MEX"),
        ),
        (
            "Washington said it would take retaliatory action if Tokyo did not open its market.",
            ("USA", "13", "JPN"),
        ),
    ],
)
def test_threats_of_what_another_state_will_undergo(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan said American farmers would suffer from the drought.",
        "Kenya said Uganda would receive the delegation next week.",
        "Japan said it would buy more American beef if prices fell.",
    ],
)
def test_a_forecast_or_an_offer_threatens_nobody(triples_of, text: str) -> None:
    assert not any(root == "13" for _, root, _ in triples_of(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # anger or displeasure expressed at another state's act disapproves of it
        ("Norway expressed anger at the Swedish decision to close the border.",
         ("NOR", "11", "SWE")),
        ("Japan voiced displeasure with the American trade bill.", ("JPN", "11", "USA")),
        ("Japanese anger over the American trade bill is growing.", ("JPN", "11", "USA")),
        # a state's charges against another accuse it
        ("Egypt rejected Libya's charges of interference.", ("LBY", "11", "EGY")),
    ],
)  # fmt: skip
def test_disapproval_and_charges_named_by_nouns(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_charges_of_no_actor_are_no_accusation(triples_of) -> None:
    assert not any(root == "11" for _, root, _ in triples_of("Port charges rose in Oslo."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a policy or a bill is attacked in words, not by arms
        ("The Australian government attacked the American farm bill.", ("AUS", "11", "USA")),
        # a condemning modifier of another state's act, in what a state says
        (
            "Washington said Japan's unfair trade practices had cost American jobs.",
            ("USA", "11", "JPN"),
        ),
        # a proposal or claim condemned or dismissed is rejected
        ("Greece said the Turkish proposals were unacceptable.", ("GRC", "12", "TUR")),
        ("Iraq said Iran's claims were lies.", ("IRQ", "12", "IRN")),
    ],
)
def test_criticism_and_rejection_of_what_another_state_does_or_proposes(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_an_attack_on_positions_stays_an_attack(triples_of) -> None:
    triples = triples_of("Iraqi troops attacked Iranian positions near Basra.")
    assert ("IRQ", "19", "IRN") in triples


def test_an_illegal_crossing_reported_is_no_criticism(triples_of) -> None:
    triples = triples_of("Malaysia said Indonesian illegal immigrants had crossed the border.")
    assert ("MYS", "11", "IDN") not in triples


@pytest.mark.parametrize(
    "text",
    [
        "Washington said Tokyo had failed to honour the pact.",
        "American officials said Japan had failed to live up to the chip agreement.",
    ],
)
def test_failing_to_keep_an_agreement_breaks_it(triples_of, text: str) -> None:
    triples = triples_of(text)
    assert ("JPN", "12", "USA") in triples  # the breach (128)
    assert ("USA", "11", "JPN") in triples  # the accusation that reports it


def test_failing_to_honour_the_dead_is_no_breach(triples_of) -> None:
    triples = triples_of("Washington said Tokyo had failed to honour the war dead.")
    assert not any(root == "12" for _, root, _ in triples)


def test_a_delegate_speaks_for_the_state(triples_of) -> None:
    triples = triples_of(
        'The Australian delegate said the waiver was a cover for "dubious protective measures" '
        "by the United States.",
    )
    assert ("AUS", "11", "USA") in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what a state says it will not let another do warns it
        ("Britain said it would not tolerate any Argentine attack on the islands.",
         ("GBR", "13", "ARG")),
        ("Iraq said it would not allow Iran to close the strait.", ("IRQ", "13", "IRN")),
        # in a coordinated clause of what is said
        ("Washington said it did not seek a war with Libya, but would not let Libya use its "
         "rockets against shipping.", ("USA", "13", "LBY")),
    ],
)  # fmt: skip
def test_what_a_state_will_not_let_another_do_warns_it(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_refusing_goods_threatens_nobody(triples_of) -> None:
    triples = triples_of("Japan said it would not allow American rice imports.")
    assert not any(root == "13" for _, root, _ in triples)


def test_a_complaint_to_a_body_about_a_states_act_is_against_that_state(triples_of) -> None:
    triples = triples_of(
        "Cyprus has protested to the United Nations over violations of its airspace by the "
        "Turkish air force.",
    )
    assert ("CYP", "11", "TUR") in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a stance its holder states, negated, is a refusal
        ('"We do not support the American proposal," the Japanese minister said.',
         ("JPN", "12", "USA")),
        # "we" in a quotation that runs over sentences is its speaker
        (
            'The American minister told the committee, "I think our position is clear. We do '
            'not support Soviet membership."',
            ("USA", "12", "SUN"),
        ),
        (
            'The Greek minister said in Athens: "Our position is clear. We will never recognise '
            'the Turkish state in Cyprus."',
            ("GRC", "12", "TUR"),
        ),
    ],
)
def test_refusals_held_and_quoted(triples_of, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples_of(text)


def test_a_past_act_not_done_is_no_refusal(triples_of) -> None:
    triples = triples_of("Japan did not support the American proposal in 1985.")
    assert ("JPN", "12", "USA") not in triples


def test_we_outside_a_quotation_is_nobody_in_particular(triples_of) -> None:
    triples = triples_of('Norway said "we are ready." We do not support the plan of Sweden.')
    assert ("NOR", "12", "SWE") not in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a reaction an act draws from a state is that state's, against the act's author
        ("The American move drew sharp criticism from Japan.", ("JPN", "11", "USA")),
        ("Washington's decision met with strong protests from Tokyo.", ("JPN", "11", "USA")),
        # a state's threat named by a noun
        ("Iran's threat to close the strait alarmed the shipping companies.", ("IRN", "13", None)),
    ],
)
def test_reactions_and_threats_named_by_nouns(triples_of, text: str, expected) -> None:
    assert expected in triples_of(text)


def test_an_act_meeting_with_protests_is_no_meeting(triples_of) -> None:
    triples = triples_of("Washington's decision met with strong protests from Tokyo.")
    assert not any(root == "04" for _, root, _ in triples)


def test_a_thing_that_draws_complaints_is_no_states_act(triples_of) -> None:
    triples = triples_of("Japanese textbooks still draw formal complaints from Seoul.")
    assert ("KOR", "11", "JPN") not in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # conduct condemned by its manner
        ("Norway's prime minister said Denmark had acted irresponsibly.", ("NOR", "11", "DNK")),
        ("Ghana said Togo had behaved illegally.", ("GHA", "11", "TGO")),
        # an act called an error, or described as something condemned
        (
            "Peru's foreign minister said the Bolivian decision was a grave error.",
            ("PER", "11", "BOL"),
        ),
        ("Spain described British policy on Gibraltar as colonialist.", ("ESP", "11", "GBR")),
        ("Malta described the Libyan move as unacceptable.", ("MLT", "11", "LBY")),
    ],
)
def test_criticism_by_manner_and_by_description(triples_of, text, expected) -> None:
    assert expected in triples_of(text)


def test_a_stance_that_cannot_be_taken_is_a_refusal_stated_now(coder) -> None:
    events = coder.code_text("Canada said it could not accept the American proposal.")
    refusals = [e for e in events if e.root == "12"]
    assert [(e.source.country, e.target.country, e.modality) for e in refusals] == [
        ("CAN", "USA", "asserted")
    ]


def test_inability_to_act_is_no_refusal(triples_of) -> None:
    assert not any(root == "12" for _, root, _ in triples_of("Iran cannot attack Iraq."))


@pytest.mark.parametrize(
    "text",
    [
        "Asked whether Chile would retaliate, the Chilean minister said no decision had been made.",
        "A Western diplomat in Lima, who asked not to be identified, said Peru would object.",
        "Asked about the Bolivian proposal, the Peruvian minister said it was interesting.",
        "The Austrian minister was asked by Italian reporters about the dispute.",
    ],
)
def test_questions_and_wishes_for_anonymity_are_no_appeals(triples_of, text) -> None:
    assert not any(root == "02" for _, root, _ in triples_of(text))


def test_a_request_made_of_a_party_is_still_an_appeal(triples_of) -> None:
    assert ("HUN", "02", "AUT") in triples_of("Hungary asked Austria to open the border.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a vow to carry on or step up force threatens it
        ("Oman vowed to continue its raids on Yemeni border posts.", ("OMN", "13", "YEM")),
        ("Syria's president vowed to drive Israeli troops out.", ("SYR", "13", "ISR")),
        ("Peru will not hesitate to use force if Ecuador enters the valley.", ("PER", "13", "ECU")),
        # the answer promised to any act of another state
        (
            "Damascus radio said Syria would give a crushing response to any Israeli attack.",
            ("SYR", "13", "ISR"),
        ),
        ("Canada said it would react to any U.S. duties on Canadian lumber.", ("CAN", "13", "USA")),
    ],
)
def test_vows_of_force_and_answers_to_any_act_are_threats(triples_of, text, expected) -> None:
    assert expected in triples_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan promised to continue its aid to war-torn Chad.",
        "Ecuador and Peru agreed to a truce to end months of fighting.",
        "Analysts said Ecuador would respond if Peru attacked.",
    ],
)
def test_no_threat_in_aid_truces_or_predictions(triples_of, text) -> None:
    assert not any(root == "13" for _, root, _ in triples_of(text))


def test_the_pope_speaks_for_the_holy_see(triples_of) -> None:
    found = triples_of("The Pope urged Argentina and Chile to settle their dispute.")
    assert {("VAT", "02", "ARG"), ("VAT", "02", "CHL")} <= found


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Syria is seeking Soviet arms.", ("SYR", "02", "SUN")),
        ("Bahrain sought protection for its tankers from Britain.", ("BHR", "02", "GBR")),
    ],
)
def test_seeking_arms_or_protection_appeals_to_who_would_give_it(
    triples_of, text, expected
) -> None:
    assert expected in triples_of(text, "1987-03-03")


def test_an_act_announced_by_a_possessed_noun_is_its_owners(triples_of) -> None:
    found = triples_of("Korea criticised Washington's decision to impose tariffs on Korean steel.")
    assert ("USA", "16", "KOR") in found
    assert ("KOR", "16", "USA") not in found


def test_an_appeal_to_ones_own_body_is_addressed_to_nobody_else(triples_of) -> None:
    found = triples_of(
        "Spanish ministers called on the Spanish cabinet to study Moroccan-Algerian trade."
    )
    assert not any(root == "02" and target in {"MAR", "DZA"} for _, root, target in found)


def test_admitting_a_state_into_a_scheme_is_no_admission(triples_of) -> None:
    found = triples_of("The United States should admit Vietnam into the trade scheme.")
    assert not any(root == "01" for _, root, _ in found)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kenya reprimanded Uganda over the border incident.", ("KEN", "11", "UGA")),
        ("The Thai premier chastised Laos for the raids.", ("THA", "11", "LAO")),
        ("Iraqi agents harassed Kuwaiti diplomats in Baghdad.", ("IRQ", "17", "KWT")),
    ],
)
def test_reprimands_and_harassment(triples_of, text, expected) -> None:
    assert expected in triples_of(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an act named by a noun that a light verb's agent made
        ("The offer was made last week by the Soviet foreign minister.", ("SUN", "03", None)),
        # a complaint presented to an organisation
        ("Chile presented its case to the GATT council on Monday.", ("CHL", "11", "WTO")),
        # "one of the flaws": a name said of the subject all the same
        (
            "Peru's delegate said the Bolivian quota was one of the basic flaws of the pact.",
            ("PER", "11", "BOL"),
        ),
    ],
)
def test_light_verb_agents_presented_cases_and_one_of_the_flaws(
    triples_of, text, expected
) -> None:
    assert expected in triples_of(text, "1987-03-03")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Iran pledged not to attack Kuwaiti tankers.", ("IRN", "0356", "KWT")),
        ("Syria promised never to send troops into Jordan.", ("SYR", "0356", "JOR")),
        ("Japan promised not to impose sanctions on Burma.", ("JPN", "0354", "MMR")),
        ("Norway agreed not to lift its sanctions on South Africa.", ("NOR", "124", "ZAF")),
    ],
)
def test_an_intent_not_to_act_is_no_threat(
    coder, text: str, expected: tuple[str, str, str]
) -> None:
    events = coder.code_text(text, date="1987-05-04")
    coded = {(e.source.country, e.cameo[: len(expected[1])], e.target.country)
             for e in events if e.source and e.target}  # fmt: skip
    assert expected in coded
    assert not any(e.root == "13" for e in events)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state's news agency or radio speaks for its state
        ("Tass said the United States was sabotaging the disarmament talks.", ("SUN", "11", "USA")),
        ("Xinhua said Hanoi was undermining the peace talks.", ("CHN", "11", "VNM")),
        ("The Iraqi News Agency accused Syria of helping Iran.", ("IRQ", "11", "SYR")),
    ],
)
def test_state_media_speak_for_their_state(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


def test_a_threat_reported_by_state_radio_is_the_state_named(coder) -> None:
    events = coder.code_text(
        "Radio Kabul said Afghanistan would retaliate if Pakistan kept arming the rebels.",
        date="1987-05-04",
    )
    threats = [e for e in events if e.root == "13"]
    assert [(e.source.code, e.target.country) for e in threats if e.source and e.target] == [
        ("AFG", "PAK")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # what the speaker refers to is what the quotation condemns
        ('"This is a provocation," a Greek minister said, referring to the Turkish flights.',
         ("GRC", "11", "TUR")),
        ('"It is a grave mistake," the Dutch minister said in reference to the Belgian decision.',
         ("NLD", "11", "BEL")),
        # an act named with a condemning adjective condemns
        ("Norway called the Danish decision an unfriendly act.", ("NOR", "11", "DNK")),
    ],
)
def test_quotations_condemn_what_they_refer_to(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Swedish proposal was welcomed in Oslo.", ("NOR", "05", "SWE")),
        ("The Danish plan was rejected in Stockholm.", ("SWE", "12", "DNK")),
    ],
)
def test_a_capital_where_something_is_said_says_it(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


def test_a_city_where_force_struck_is_no_attacker(triples_of) -> None:
    triples = triples_of("Two Syrian soldiers were attacked in Beirut.", "1987-05-04")
    assert not any(source == "LBN" for source, _, _ in triples)


def test_a_speakers_own_obligation_demands_nothing_of_another(triples_of) -> None:
    # "it" is the speaker: no demand of anyone
    triples = triples_of("After talks with Britain, Norway said it must reduce its fishing.")
    assert not any(root == "10" for _, root, _ in triples)
    assert ("NOR", "10", "SWE") in triples_of("Norway said Sweden must pay compensation.")


def test_assurances_sought_are_an_appeal(triples_of) -> None:
    assert ("TUR", "02", "GRC") in triples_of(
        "Turkey sought Greek assurances that its ship would be safe.", "1987-05-04"
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sweden's whaling policy came under fire from Norway.", ("NOR", "11", "SWE")),
        ("The Danish decision drew fire from Iceland.", ("ISL", "11", "DNK")),
        ("Chile took issue with Argentina's fishing limits.", ("CHL", "11", "ARG")),
        ("Ecuador brushed aside the Peruvian proposal.", ("ECU", "12", "PER")),
        ("Bolivia poured cold water on the Chilean offer.", ("BOL", "12", "CHL")),
        ("Norway said the Swedish stance was unhelpful.", ("NOR", "11", "SWE")),
    ],
)
def test_idioms_of_criticism_and_rejection(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


def test_a_ship_under_fire_is_no_criticism(triples_of) -> None:
    triples = triples_of("The tanker came under fire from Iranian gunboats.", "1987-05-04")
    assert not any(root == "11" for _, root, _ in triples)


def test_a_warning_not_to_act_is_to_the_one_warned(triples_of) -> None:
    triples = triples_of("Norway warned Sweden not to fish in the disputed zone.", "1987-05-04")
    assert ("NOR", "13", "SWE") in triples
    attacked = triples_of("Egypt warned Libya not to attack Sudan.", "1987-05-04")
    assert ("EGY", "13", "SDN") not in attacked  # Egypt threatens no attack on Sudan
    assert ("EGY", "13", "LBY") in attacked


def test_vowed_revenge_threatens(triples_of) -> None:
    assert ("IRQ", "13", "IRN") in triples_of(
        "Iraq vowed revenge for the Iranian shelling of Basra.", "1987-05-04"
    )
