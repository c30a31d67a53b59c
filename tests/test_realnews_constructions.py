"""Constructions of real wire copy, on our own sentences: datelines, and the actors around them."""

from __future__ import annotations

import pytest

from detente.parse.datelines import dateline_length

pytestmark = pytest.mark.model




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


def test_dateline_place_is_never_an_actor(triples_of) -> None:
    triples = triples_of(
        "OSLO, May 2 - Argentina accused Chile of violating the fishing accord."
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
def test_targets_inside_phrases(triples_of, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples_of(text)


def test_a_state_charged_with_unfair_practices_is_accused(triples_of) -> None:
    triples = triples_of("Ottawa charged Norway and Iceland with unfair fishing practices.")
    assert {("CAN", "11", "NOR"), ("CAN", "11", "ISL")} <= triples
    assert not any(root == "17" for _, root, _ in triples)


def test_people_charged_are_still_arrested(coder) -> None:
    events = coder.code_text(
        "Police charged three Danish sailors with smuggling.", date="1990-05-02"
    )
    assert any(e.cameo == "173" for e in events)


def test_a_war_named_by_its_parties_is_not_news(triples_of) -> None:
    triples = triples_of("Oman urged new efforts to end the Peru-Ecuador war.")
    assert not any(root == "19" for _, root, _ in triples)
    fought = triples_of("Peru and Ecuador fought a short war in the Andes.")
    assert {("PER", "19", "ECU"), ("ECU", "19", "PER")} <= fought


def test_talks_after_a_dateline_are_found_in_both_directions(triples_of) -> None:
    triples = triples_of(
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


def test_troops_killing_another_states_soldiers_fight(triples_of) -> None:
    triples = triples_of("Peruvian troops killed 40 Ecuadorean soldiers near the border.")
    assert ("PER", "19", "ECU") in triples
    assert not any(root == "18" for _, root, _ in triples)


def test_assault_by_others_stays_assault(triples_of) -> None:
    triples = triples_of("Gunmen killed two Chilean tourists in Lima.")
    assert any(root == "18" for _, root, _ in triples)


def test_troops_capturing_posts_are_not_accusing(triples_of) -> None:
    triples = triples_of("Peruvian forces captured several Ecuadorean border posts.")
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
def test_verb_classes_and_mutual_acts(triples_of, text: str, expected: set) -> None:
    assert expected <= triples_of(text)


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


def test_a_ministers_policy_noun_is_his_states(triples_of) -> None:
    triples = triples_of(
        "Norway's trade minister said a trade boycott of Chile would take effect in July.",
    )
    assert any(s == "NOR" and t == "CHL" and root == "16" for s, root, t in triples)


def test_meetings_are_coded_from_both_sides(coder, triples_of) -> None:
    triples = triples_of("The Chilean president held talks with Peru's foreign minister.")
    assert {("CHL", "04", "PER"), ("PER", "04", "CHL")} <= triples
    visit = coder.code_text("Peru's president visited Chile on Monday.", date="1990-05-02")
    codes = {(e.source.country, e.cameo, e.target.country) for e in visit if e.source and e.target}
    assert ("PER", "042", "CHL") in codes and ("CHL", "043", "PER") in codes


def test_one_sided_acts_are_not_mirrored(triples_of) -> None:
    triples = triples_of("Chile accused Peru of violating the treaty.")
    assert ("CHL", "11", "PER") in triples and ("PER", "11", "CHL") not in triples


# -- what a state says of another -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "accuser", "accused"),
    [
        ("Syria's defence ministry said Israeli jets had bombed an army depot near Homs.",
         "SYR", "ISR"),
        ("Finland's prime minister was quoted as saying Russia had attacked an undersea cable.",
         "FIN", "RUS"),
        ("The Greek statement said Turkish warplanes had fired on a patrol boat.", "GRC", "TUR"),
    ],
)  # fmt: skip
def test_a_state_reporting_anothers_force_accuses_it(triples_of, text, accuser, accused) -> None:
    assert (accuser, "11", accused) in triples_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "A Swedish naval source said Russia had fired a test missile over the Baltic.",
        "Syria's defence ministry said Syrian jets had bombed a rebel depot near Homs.",
        "Syria's defence ministry denied that Israeli jets had bombed a depot near Homs.",
    ],
)
def test_no_accusation_without_a_state_voice_or_another_state(triples_of, text) -> None:
    assert not any(root == "11" for _, root, _ in triples_of(text))


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Egypt said it would use force against the dam if Ethiopia continued to fill the "
         "reservoir.", "EGY", "ETH"),
        ("Pakistan said any Indian incursion across the border would meet a firm response.",
         "PAK", "IND"),
        ("Venezuela's president said confrontation would continue in Guyana unless British "
         "warships leave the area.", "VEN", "GUY"),
        ('Chile\'s foreign minister said: "Our navy is ready to respond if Argentina sends '
         'ships into the channel."', "CHL", "ARG"),
    ],
)  # fmt: skip
def test_force_said_to_follow_anothers_act_threatens_it(triples_of, text, source, target) -> None:
    assert (source, "13", target) in triples_of(text)


@pytest.mark.parametrize(
    "text",
    [
        "Japan said it would send ships if Malaysia asked for help.",
        "Norway said it would host the talks if both sides agreed.",
    ],
)
def test_an_offer_on_a_condition_is_no_threat(triples_of, text) -> None:
    assert not any(root == "13" for _, root, _ in triples_of(text))


@pytest.mark.parametrize(
    ("text", "speaker", "breaker", "breach"),
    [
        ("Oslo said Reykjavik had contravened the 1990 fisheries agreement.", "NOR", "ISL", "12"),
        # an airspace violation is force posture (150), as the real-news codebook codes it
        ('"Libyan jets are violating our airspace," a Tunisian government spokesman said.',
         "TUN", "LBY", "15"),
    ],
)  # fmt: skip
def test_a_state_reporting_anothers_breach_accuses_it(
    triples_of, text, speaker, breaker, breach
) -> None:
    triples = triples_of(text)
    # the breach itself (128, or force posture over airspace), against the state reporting it
    assert (breaker, breach, speaker) in triples
    assert (speaker, "11", breaker) in triples


@pytest.mark.parametrize(
    ("text", "speaker", "author"),
    [
        ("Hanoi called the Chinese drills a provocation.", "VNM", "CHN"),
        ("Cuba described the American blockade as an act of piracy.", "CUB", "USA"),
        ('"This is a provocation," the Lithuanian foreign ministry said of the Belarusian move.',
         "LTU", "BLR"),
        ("The Turkish landing on Cyprus is an invasion, the Greek government said.",
         "GRC", "TUR"),
        ("The Danish foreign ministry said Iceland's seizure of the trawler was unacceptable.",
         "DNK", "ISL"),
        ("Havana called the American blockade illegal.", "CUB", "USA"),
    ],
)  # fmt: skip
def test_naming_an_act_with_a_word_of_condemnation_denounces_it(triples_of, text, speaker, author):
    assert (speaker, "11", author) in triples_of(text)


def test_calling_something_a_name_is_no_telephone_call(triples_of) -> None:
    assert not any(root == "04" for _, root, _ in triples_of(
        "Britain called the Argentine move a mistake."))
    assert ("RUS", "04", "TUR") in triples_of("Moscow called Ankara on Monday.", "2020-05-04")


@pytest.mark.parametrize(
    "text",
    [
        "Norway and Russia resumed the Vienna talks.",
        "Moscow said Norway had violated the Helsinki Final Act.",
        "The Geneva Convention bans torture, Sweden said.",
    ],
)
def test_places_in_the_names_of_documents_and_forums_are_not_actors(triples_of, text) -> None:
    countries = {c for s, _, t in triples_of(text) for c in (s, t)}
    assert not countries & {"AUT", "FIN", "CHE"}


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Chile was angered by the Argentine decision.", "CHL", "ARG"),
        ("Ministers in Ottawa said Canada was disturbed by French fishing quotas.", "CAN", "FRA"),
    ],
)
def test_a_feeling_in_the_passive_is_its_subjects(triples_of, text, source, target) -> None:
    assert (source, "11", target) in triples_of(text)
    assert (target, "11", source) not in triples_of(text)


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Nordic ministers from Norway issued a statement deploring Iceland's whaling.",
         "NOR", "ISL"),
        ("A resolution condemning Israel was adopted by the Arab League.", "ARL", "ISR"),
        ("Norway unveiled sanctions against Chile.", "NOR", "CHL"),
    ],
)  # fmt: skip
def test_a_statement_acts_for_whoever_issues_it(triples_of, text, source, target) -> None:
    triples = triples_of(text)
    assert any(s == source and t == target for s, _, t in triples), triples


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Chilean Finance Ministry officials met Peru.", "CHL"),
        ("A Kenyan Foreign Ministry spokesman spoke to Uganda.", "KEN"),
        ("Australian Trade Department officials met Japan.", "AUS"),
    ],
)
def test_capitalised_fields_of_government_keep_the_officials_state(triples_of, text, country):
    assert any(s == country for s, _, _ in triples_of(text))


def test_an_unknown_titled_official_belongs_to_the_dateline_state(triples_of) -> None:
    text = "STOCKHOLM, May 2 - Trade Minister Karin Lindqvist met Finnish officials on Monday."
    assert ("SWE", "04", "FIN") in triples_of(text)
    foreign = "STOCKHOLM, May 2 - Finnish Trade Minister Karin Lindqvist met Swedish officials."
    assert ("FIN", "04", "SWE") in triples_of(foreign)


def test_a_warning_given_to_a_state_is_a_threat(triples_of) -> None:
    triples = triples_of("Canada warned Denmark and Norway that the fishing dispute "
                              "was harming relations.")  # fmt: skip
    assert {("CAN", "13", "DNK"), ("CAN", "13", "NOR")} <= triples
    assert not any(root == "13" for _, root, _ in triples_of(
        "Canadian economists warned that growth would slow."))


def test_a_state_protests_officially_its_people_demonstrate(triples_of) -> None:
    assert ("IDN", "11", "EUR") in triples_of("Indonesia protested against the EC plan.")
    assert ("IDN", "14", "EUR") in triples_of(
        "Thousands of Indonesians protested against the EC plan.")


@pytest.mark.parametrize(
    ("text", "triple"),
    [
        ("Japan charged that South Korea was dumping steel.", ("JPN", "11", "KOR")),
        ("Iran alleged that Iraq had used chemical weapons.", ("IRN", "11", "IRQ")),
        ("Japan complained that South Korea's export plan broke the rules.", ("JPN", "11", "KOR")),
        ("India said Pakistan was responsible for the attack.", ("IND", "11", "PAK")),
        ("Oslo said the Danish offer was a propaganda ploy.", ("NOR", "11", "DNK")),
    ],
)
def test_what_a_state_alleges_or_blames_accuses_another(triples_of, text, triple) -> None:
    assert triple in triples_of(text)


def test_an_allegation_is_no_arrest_and_a_denied_charge_no_accusation(triples_of) -> None:
    assert not any(root == "17" for _, root, _ in triples_of(
        "Japan charged that South Korea was dumping steel."))
    assert ("ITA", "11", "LBY") not in triples_of(
        "Italy denied Libyan charges that it had violated Libyan airspace.")


def test_a_person_named_again_by_surname_keeps_the_introductions_office(triples_of) -> None:
    text = ("Chilean Foreign Minister Ana Valdivia arrived in Lima on Monday. "
            "Valdivia said Chile would sign a fisheries accord with Peru.")
    assert ("CHL", "05", "PER") in triples_of(text)  # the signing, announced
    # two people of one surname: the bare surname is neither
    shared = ("Chilean Foreign Minister Ana Valdivia met Peruvian envoy Luis Valdivia. "
              "Valdivia praised Bolivia.")
    assert not any(t == "BOL" and s in {"CHL", "PER"} for s, _, t in triples_of(shared))


def test_the_two_sides_are_both_parties(triples_of) -> None:
    text = ("Danish and Swedish officials met in Malmo on Monday. "
            "The two sides agreed to resume talks on the bridge next month.")
    triples = triples_of(text)
    assert {("DNK", "03", "SWE"), ("SWE", "03", "DNK")} <= triples


def test_an_exchange_of_artillery_fire_is_between_the_two_subjects(triples_of) -> None:
    triples = triples_of("Ecuador and Peru exchanged artillery fire across the border.")
    assert {("ECU", "19", "PER"), ("PER", "19", "ECU")} <= triples
    assert not any(t is None for s, _, t in triples if s in {"ECU", "PER"})


def test_a_lead_after_a_dateline_keeps_its_short_subject(coder) -> None:
    # The parser used to cut "Austria" off as a sentence of its own after the dateline.
    events = coder.code_text(
        "VIENNA, May 4 - Austria has protested to the United Nations over alleged border "
        "violations by Hungarian troops.",
        date="1990-05-04",
    )
    # a protest to a forum over what another state did is against that state
    assert ("AUT", "11", "HUN") in {
        (e.source and e.source.country, e.root, e.target and e.target.country) for e in events
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an object that names its own author is an act of that author, addressed to whoever
        # answers it
        (
            "Hungary has rejected a demand by Romania for the return of the refugees.",
            {("HUN", "12", "ROU"), ("ROU", "10", "HUN")},
        ),
        ("Portugal turned down the Spanish offer of a joint patrol.", {("ESP", "03", "PRT")}),
        (
            "Norway, responding to a warning by Iceland against fishing near its coast, said "
            "its boats would stay.",
            {("ISL", "13", "NOR")},
        ),
        # a meeting beside the verb's act, with a named counterpart, is the subject's meeting
        (
            "The Dutch minister spoke to reporters after a meeting with Belgian officials.",
            {("NLD", "04", "BEL"), ("BEL", "04", "NLD")},
        ),
    ],
)
def test_authored_objects_and_occasions_are_events_of_their_own(
    triples_of, text: str, expected: set[tuple[str, str, str]]
) -> None:
    assert expected <= triples_of(text)


def test_an_own_possessive_adds_no_second_act(triples_of) -> None:
    # "its sanctions" are the lifter's own: lifting them is one act, not a second sanction.
    triples = triples_of("Washington urged Ankara to lift its sanctions on Moscow.")
    assert ("TUR", "16", "RUS") not in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Greek troops fired on a Turkish patrol boat on Monday. Athens later demanded an "
            "apology.",
            ("GRC", "10", "TUR"),
        ),
        (
            "Peru and Chile held talks on fishing rights. Lima then rejected the proposal.",
            ("PER", "12", "CHL"),
        ),
    ],
)
def test_an_addressed_act_without_a_named_target_is_aimed_at_the_story_s_other_party(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_no_other_party_nearby_leaves_the_target_empty(triples_of) -> None:
    assert ("PER", "12", None) in triples_of("Chile protested. Peru rejected the proposal.")


def test_a_base_is_an_event_only_as_what_a_verb_acts_on(triples_of) -> None:
    # "base" names a place where the fighting was, not a military arrangement that happened.
    near = triples_of(
        "Ethiopian troops attacked rebels near the Soviet-built air base in Eritrea."
    )
    assert not any(root == "06" for _, root, _ in near)
    assert ("RUS", "06", "ARM") in triples_of("Russia keeps a military base in Armenia.")


@pytest.mark.parametrize(
    ("text", "expected", "unexpected"),
    [
        # the event noun after a measure: "two hours of talks with X"
        (
            "The Dutch foreign minister held two hours of talks with his Belgian counterpart.",
            {("NLD", "04", "BEL"), ("BEL", "04", "NLD")},
            set(),
        ),
        # a visit ended is the visitor's visit
        ("The Pakistani president ended a four-day visit to China on Sunday.",
         {("PAK", "04", "CHN")}, set()),
        # what a meeting is about is no party to it
        (
            "Kohl and Mitterrand discussed European security at their meeting in Paris.",
            {("DEU", "04", "FRA"), ("FRA", "04", "DEU")},
            {("DEU", "04", "EUR"), ("FRA", "04", "EUR")},
        ),
    ],
)
def test_meetings_and_visits_keep_their_parties(
    triples_of,
    text: str,
    expected: set[tuple[str, str, str]],
    unexpected: set[tuple[str, str, str]],
) -> None:
    triples = triples_of(text)
    assert expected <= triples
    assert not unexpected & triples


def test_agreeing_to_meet_promises_and_schedules_the_meeting(coder, triples_of) -> None:
    events = coder.code_text("Iran agreed to hold talks with Iraq next month.", date="1990-05-02")
    coded = {(e.source.country, e.cameo, e.target.country, e.modality) for e in events}
    assert ("IRN", "036", "IRQ", "asserted") in coded
    assert {("IRN", "040", "IRQ", "intended"), ("IRQ", "040", "IRN", "intended")} <= coded
    refused = triples_of("Syria refused to meet Israeli envoys.")
    assert not any(root == "04" for _, root, _ in refused)


def test_two_organs_of_one_state_are_not_two_sides(coder, triples_of) -> None:
    # A person's state is known only once resolved on the date (Mulroney: Canada's government).
    events = coder.code_text("Brian Mulroney met Canadian officials in Ottawa.", date="1987-03-02")
    meetings = [e for e in events if e.root == "04"]
    assert meetings and all(e.target is None for e in meetings)
    assert len(meetings) == 1  # the other side of a misread pair goes with it
    # a state and its citizens stay two sides
    assert ("NGA", "17", "NGA") in triples_of("Nigerian police arrested Nigerian protesters.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a verb of receiving: the giver acts on the receiver
        ("Pakistan received two billion dollars in loans from Saudi Arabia.", ("SAU", "07", "PAK")),
        ("Syria received Soviet arms last year.", ("SUN", "07", "SYR")),
        ("Iran bought missiles from China.", ("CHN", "07", "IRN")),
    ],
)
def test_what_is_received_is_the_giver_s_act(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    triples = triples_of(text)
    assert expected in triples
    assert not any(root == "04" for _, root, _ in triples)  # receiving aid is no hosting


def test_receiving_a_visitor_is_still_hosting(triples_of) -> None:
    assert ("DEU", "04", "ISR") in triples_of("Kohl received the Israeli prime minister.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # proposals presented, handed or welcomed
        ("The United States handed Soviet negotiators a draft treaty.", ("USA", "03", "SUN")),
        ("The EC presented a proposal to Japan on car exports.", ("EUR", "03", "JPN")),
        ("Britain welcomed the Soviet proposal on missiles.", ("GBR", "05", "SUN")),
    ],
)
def test_proposals_are_offers_and_welcoming_them_endorses(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_indigenous_peoples_of_the_americas_are_not_india(triples_of) -> None:
    triples = triples_of(
        "The ANC official spoke to a conference on native Indian rights in Ottawa."
    )
    assert not any("IND" in (s, t) for s, _, t in triples)


def test_helping_an_outcome_aids_no_party(triples_of) -> None:
    for text in ("Japan's measures helped reduce the trade deficit.",
                 "Japan helped to reduce the trade deficit with Korea."):
        assert not any(root == "07" for _, root, _ in triples_of(text))
    assert ("EGY", "07", "SDN") in triples_of("Egypt helped Sudan after the floods.")


@pytest.mark.parametrize(
    ("text", "expected", "addressee"),
    [
        (
            "Malta protested to the United Nations over violations of its waters by Libyan "
            "patrol boats.",
            ("MLT", "11", "LBY"),
            ("MLT", "11", "UNO"),
        ),
        (
            "Chile complained to the GATT secretariat that Peru's new tariffs break its rules.",
            ("CHL", "11", "PER"),
            ("CHL", "11", "WTO"),
        ),
    ],
)
def test_a_complaint_to_an_organisation_is_aimed_at_the_state_it_is_about(
    triples_of, text: str, expected: tuple[str, str, str], addressee: tuple[str, str, str]
) -> None:
    triples = triples_of(text)
    assert expected in triples and addressee not in triples


def test_a_complaint_to_a_state_stays_aimed_at_that_state(triples_of) -> None:
    triples = triples_of("France protested to Iran over the arrest of French diplomats.")
    assert ("FRA", "11", "IRN") in triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("West Germany will provide Bolivia with 90 mln marks in aid.", ("DEU", "07", "BOL")),
        ("Iraq expressed appreciation for Saudi help.", ("IRQ", "05", "SAU")),
    ],
)
def test_aid_provided_with_and_thanks_expressed(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text)


def test_talks_a_visitor_is_in_a_capital_for_and_meetings_scheduled(coder, triples_of) -> None:
    triples = triples_of("The Egyptian president is in Washington for talks with Reagan.")
    assert ("EGY", "04", "USA") in triples
    events = coder.code_text(
        "Nakasone and Reagan are scheduled to meet in Washington on April 30.", date="1987-04-02"
    )
    coded = {(e.source.country, e.root, e.target.country, e.modality) for e in events
             if e.source and e.target}  # fmt: skip
    assert {("JPN", "04", "USA", "intended"), ("USA", "04", "JPN", "intended")} <= coded


def test_welcoming_a_visitor_hosts_and_welcoming_a_change_endorses(triples_of) -> None:
    assert ("DEU", "04", "ISR") in triples_of("Kohl welcomed the Israeli prime minister.")
    improved = triples_of("Peking welcomed the improvement in relations with Moscow.")
    assert ("CHN", "05", "SUN") in improved
    assert not any(root == "04" for _, root, _ in improved)


def test_a_settlement_reached_is_an_agreement_of_both_sides(triples_of) -> None:
    triples = triples_of(
        "The EC and the United States reached a settlement in their farm dispute."
    )
    assert {("EUR", "03", "USA"), ("USA", "03", "EUR")} <= triples


@pytest.mark.parametrize(
    "text",
    [
        "Kenya hoped the new plan would be acceptable to the World Bank.",
        "Korea said it hoped to narrow its trade deficit with Japan.",
    ],
)
def test_a_comment_is_addressed_to_no_party_of_what_it_hopes(triples_of, text: str) -> None:
    assert not any(root == "01" and target is not None for _, root, target in triples_of(text))


def test_a_comment_about_a_phrase_keeps_its_party(triples_of) -> None:
    triples = triples_of("Egypt said it was optimistic about talks with Israel.")
    assert ("EGY", "01", "ISR") in triples


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("The Norwegian statement said Oslo was ready to hold talks with Sweden.", "03"),
        ("Chile said in a communique that it rejected the Peruvian proposal.", "12"),
        ("A Libyan communique accusing Chad of aggression was read on the radio.", "11"),
    ],
)
def test_a_statement_that_says_something_is_its_voice_not_an_event(
    triples_of, text: str, said: str
) -> None:
    triples = triples_of(text)
    assert any(root == said for _, root, _ in triples)  # what it says is coded
    assert not any(root == "01" for _, root, _ in triples)  # the statement itself is not


def test_a_statement_to_someone_stays_an_event(triples_of) -> None:
    assert ("DNK", "01", "UNO") in triples_of("Denmark made a statement to the United Nations.")


def test_prisoners_exchanged_by_two_states_go_both_ways(triples_of) -> None:
    triples = triples_of("Ethiopia and Somalia exchanged prisoners of war on Tuesday.")
    assert {("ETH", "08", "SOM"), ("SOM", "08", "ETH")} <= triples


def test_grain_delivered_is_trade(triples_of) -> None:
    assert ("CAN", "06", "SUN") in triples_of(
        "Canada delivered 200,000 tonnes of wheat to the Soviet Union in April.", "1987-05-02"
    )


def test_a_withdrawal_from_a_state_is_aimed_at_it(triples_of) -> None:
    triples = triples_of("The Vietnamese withdrawal from Laos began on Monday.", "1987-05-04")
    assert ("VNM", "08", "LAO") in triples
    assert not any(source == "LAO" for source, _, _ in triples)  # the state left does not act


def test_concessions_to_a_state_yield_to_it(triples_of) -> None:
    assert ("KOR", "08", "USA") in triples_of(
        "Seoul's concessions to Washington on beef imports were criticised by farmers.",
        "1987-05-04",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Italy extended a 300 million dollar loan to Tunisia.", ("ITA", "07", "TUN")),
        ("Britain wrote off Ghana's debt.", ("GBR", "07", "GHA")),
        ("Bahrain voiced solidarity with Kuwait.", ("BHR", "01", "KWT")),
    ],
)
def test_loans_extended_debts_forgiven_and_solidarity_voiced(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Egypt bought 500,000 tonnes of Australian wheat.", ("EGY", "06", "AUS")),
        ("Peru repaid its debt to Brazil.", ("PER", "06", "BRA")),
        ("Syria purchased Soviet tanks.", ("SUN", "07", "SYR")),  # the seller arms the buyer
    ],
)
def test_purchases_and_repayments(triples_of, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples_of(text, "1987-05-04")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Relations between Kenya and Uganda were restored in 1986.", "05"),
        ("Relations between Peru and Chile have improved markedly.", "05"),
        ("Diplomatic ties between Ghana and Togo were frozen last year.", "16"),
    ],
)
def test_relations_named_by_their_parties_go_both_ways(
    triples_of, text: str, expected: str
) -> None:
    triples = triples_of(text, "1987-05-04")
    parties = sorted({s for s, root, t in triples if root == expected and s and t})
    assert len(parties) == 2 and all((s, expected, t) in triples for s in parties
                                     for t in parties if s != t)  # fmt: skip


def test_an_aim_is_not_yet_done(coder) -> None:
    events = coder.code_text(
        "Jordan held a meeting aimed at restoring diplomatic relations with Syria.",
        date="1987-05-04",
    )
    aims = [e for e in events if e.root == "05"]
    assert aims and all(e.modality == "hypothetical" for e in aims)


def test_a_thing_that_mended_relations_is_background(triples_of) -> None:
    # the treaty's work of another time, described in a relative clause: no act of the parties
    triples = triples_of(
        "Seoul accused Tokyo of violating the 1965 treaty that normalized relations between "
        "the two countries.",
        "2019-07-01",
    )
    assert not any(root == "05" for _, root, _ in triples)
