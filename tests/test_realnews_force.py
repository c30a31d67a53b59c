"""Material conflict and force posture in wire copy, on our own sentences: passive agents,
parties of fights, ground taken in battle, posture and its instruments, complaints of force."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.model


def _events(coder, text: str, date: str = "1990-05-02") -> list:
    return list(coder.code_text(text, date=date))


def _triples(coder, text: str) -> set[tuple[str | None, str, str | None]]:
    return {
        (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
        for e in _events(coder, text)
    }


@pytest.mark.parametrize(
    "text",
    [
        "Dozens of tankers have been struck in the Gulf by Ecuador and Peru since 1985.",
        "Several freighters were attacked off the coast by Ethiopian and Somali gunboats.",
        "Several hundred vessels have been confirmed hit in the gulf by Ecuador and Peru.",
    ],
)
def test_passive_agents_of_force_act_on_the_subject_not_on_each_other(coder, text) -> None:
    triples = _triples(coder, text)
    firing = {(s, t) for s, root, t in triples if root == "19"}
    assert len(firing) == 2 and all(t is None for _, t in firing), triples


def test_a_passive_pact_still_binds_its_agents(coder) -> None:
    triples = _triples(coder, "A trade pact was signed by Chile and Peru on Monday.")
    assert {("CHL", "05", "PER"), ("PER", "05", "CHL")} <= triples


@pytest.mark.parametrize(
    ("text", "one", "other"),
    [
        ("Several skirmishes were reported last week near the border between troops loyal to "
         "the Egyptian president and Libyan forces.", "EGY", "LBY"),
        ("Fighting broke out yesterday between Ecuadorean and Peruvian troops.", "ECU", "PER"),
        ("Clashes erupted in the desert between Chadian soldiers and Libyan units.", "TCD", "LBY"),
    ],
)  # fmt: skip
def test_a_fight_takes_its_parties_from_a_between_phrase_hung_elsewhere(
    coder, text, one, other
) -> None:
    triples = _triples(coder, text)
    assert (one, "19", other) in triples and (other, "19", one) in triples, triples


@pytest.mark.parametrize(
    "text",
    [
        "Ecuadorean troops captured several Peruvian border posts in the night.",
        "Peruvian forces seized two strategic hills held by Ecuadorean troops.",
        "Ethiopian troops killed 200 Somali soldiers and captured 30 Somali soldiers on Monday.",
    ],
)
def test_ground_and_soldiers_taken_in_battle_are_force_not_arrest(coder, text) -> None:
    roots = {root for _, root, _ in _triples(coder, text)}
    assert "19" in roots and "17" not in roots, roots


def test_police_capturing_smugglers_still_arrest(coder) -> None:
    assert ("EGY", "17", "LBY") in _triples(coder, "Egyptian police captured two Libyan smugglers.")


@pytest.mark.parametrize(
    ("text", "mover", "over"),
    [
        ("Syrian jets flew over Lebanon on Monday.", "SYR", "LBN"),
        ("Two Iranian warships sailed into Kuwaiti waters.", "IRN", "KWT"),
        ("Turkish warplanes violated Greek airspace twice on Sunday.", "TUR", "GRC"),
    ],
)
def test_armed_forces_entering_anothers_air_or_waters_are_force_posture(
    coder, text, mover, over
) -> None:
    assert (mover, "15", over) in _triples(coder, text)


def test_a_civilian_flight_over_a_country_shows_no_force(coder) -> None:
    roots = {root for _, root, _ in _triples(coder, "The Syrian president flew over Lebanon.")}
    assert "15" not in roots


@pytest.mark.parametrize(
    ("text", "author", "victim", "root"),
    [
        ("Greece complained to NATO about repeated airspace violations by Turkish warplanes.",
         "TUR", "GRC", "15"),
        ("Lebanon protested to the United Nations over Syrian air raids.", "SYR", "LBN", "19"),
    ],
)  # fmt: skip
def test_who_complains_of_an_authored_act_of_force_suffered_it(
    coder, text, author, victim, root
) -> None:
    events = _events(coder, text)
    assert any(
        e.source is not None and e.source.country == author and e.root == root
        and e.target is not None and e.target.country == victim
        and "complainant-target" in e.rule
        for e in events
    ), [(e.source, e.root, e.target, e.rule) for e in events]


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Canada announced a package of sanctions against South Africa on Friday.", "CAN", "ZAF"),
        ("Norway unveiled its programme of economic sanctions against Chile.", "NOR", "CHL"),
    ],
)
def test_a_container_of_sanctions_takes_the_light_verbs_subject(coder, text, source, target):
    assert (source, "16", target) in _triples(coder, text)


@pytest.mark.parametrize(
    "text",
    [
        "Peru has a missile capable of hitting most areas of Ecuador.",
        "The longer-range weapon would enable Peru to strike at many towns in Ecuador.",
    ],
)
def test_what_a_weapon_could_do_is_no_act(coder, text) -> None:
    assert not any(root == "19" for _, root, _ in _triples(coder, text))


@pytest.mark.parametrize(
    ("text", "state", "other"),
    [
        ("Greek armed forces were placed on full alert on Friday.", "GRC", None),
        ("Iran moved troops to its border with Iraq.", "IRN", "IRQ"),
        ("Iraq massed troops along the Iranian frontier.", "IRQ", "IRN"),
    ],
)
def test_a_states_own_forces_are_the_means_of_its_posture_not_its_target(
    coder, text, state, other
) -> None:
    events = [e for e in _events(coder, text) if e.root == "15"]
    assert events, text
    for event in events:
        assert event.source is not None and event.source.country == state
        assert (event.target.country if event.target else None) == other


@pytest.mark.parametrize(
    ("text", "attacker", "holder"),
    [
        ("Peruvian forces seized two strategic hills held by Ecuadorean troops.", "PER", "ECU"),
        ("Iranian troops overran a garrison manned by Iraqi soldiers.", "IRN", "IRQ"),
    ],
)
def test_ground_is_aimed_at_whoever_holds_it(coder, text, attacker, holder) -> None:
    assert (attacker, "19", holder) in _triples(coder, text)


@pytest.mark.parametrize(
    ("text", "carried"),
    [
        ("Peru launched an offensive against Ecuador on Monday. Peruvian forces seized several "
         "strategic heights.", ("PER", "19", "ECU")),
        ("Peruvian troops attacked Ecuadorean border posts on Monday. A Peruvian spokesman said "
         "the troops had kept up their attacks.", ("PER", "19", "ECU")),
    ],
)  # fmt: skip
def test_an_attack_on_nothing_named_is_aimed_at_the_sources_recent_opponent(
    coder, text, carried
) -> None:
    events = [e for e in _events(coder, text) if "carried-target" in e.rule]
    assert {(e.source.country, e.root, e.target.country) for e in events} == {carried}


def test_ships_attacked_keep_their_unnamed_flag(coder) -> None:
    text = ("Peruvian troops attacked Ecuadorean border posts on Monday. Peru also attacked two "
            "tankers in the gulf.")  # fmt: skip
    assert ("PER", "19", None) in _triples(coder, text)
    assert not any("carried-target" in e.rule for e in _events(coder, text))


def test_a_test_missile_fired_is_a_show_of_force(coder) -> None:
    text = "A British naval source said Peru had fired one test missile against a hulk."
    events = [e for e in _events(coder, text) if e.source and e.source.country == "PER"]
    assert [(e.root, "test-firing" in e.rule) for e in events] == [("15", True)]


@pytest.mark.parametrize(
    "text",
    [
        "Attacks on shipping by Ecuador and Peru have increased.",
        "Ecuadorean and Peruvian attacks on shipping have increased.",
        "Ecuador and Peru have attacked more than 300 ships since 1984.",
    ],
)
def test_parties_attacking_a_named_thing_do_not_attack_each_other(coder, text) -> None:
    firing = {(s, t) for s, root, t in _triples(coder, text) if root == "19"}
    assert firing == {("ECU", None), ("PER", None)}


@pytest.mark.parametrize(
    "text",
    [
        "Ecuador and Peru clashed on the border.",
        "Ecuador and Peru have fought a bloody war since 1980.",
        "Ecuador and Peru attacked each other's oil installations.",
    ],
)
def test_parties_fighting_each_other_stay_mutual(coder, text) -> None:
    assert {("ECU", "19", "PER"), ("PER", "19", "ECU")} <= _triples(coder, text)


def test_disputing_parties_disapprove_of_each_other(coder) -> None:
    triples = _triples(coder, "Japan and the United States clashed over rice imports.")
    assert {("JPN", "11", "USA"), ("USA", "11", "JPN")} <= triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Greek forces were on full alert in the Aegean.", ("GRC", "15", None)),
        ("The Peruvian navy held manoeuvres off the coast on Monday.", ("PER", "15", None)),
        ("Peruvian customs officials impounded an Ecuadorean cargo ship.", ("PER", "17", "ECU")),
        ("Ecuadorean bombing of Peruvian towns continued.", ("ECU", "19", "PER")),
        ("Peruvian forces pushed into Ecuadorean territory.", ("PER", "19", "ECU")),
        ("Chadian troops inflicted heavy losses on the Libyan army.", ("TCD", "19", "LBY")),
        ("Fierce battles between Ecuadorean and Peruvian troops continued.", ("ECU", "19", "PER")),
        ("Iran said its gunboats attacked a Kuwaiti tanker.", ("IRN", "19", "KWT")),
        ("Reagan decided to curb Japanese exports to the United States.", ("USA", "16", "JPN")),
        ("Washington took retaliatory trade action against Japan.", ("USA", "16", "JPN")),
    ],
)  # fmt: skip
def test_wire_words_of_force_posture_coercion_and_fighting(coder, text, expected) -> None:
    assert expected in _triples(coder, text)


def test_joint_manoeuvres_stay_military_cooperation(coder) -> None:
    triples = _triples(coder, "Ecuador and Peru held joint manoeuvres.")
    assert ("ECU", "06", "PER") in triples and not any(r == "15" for _, r, _ in triples)


def test_a_firms_push_into_a_market_is_no_advance(coder) -> None:
    triples = _triples(coder, "Japanese firms pushed into the Peruvian market.")
    assert not any(r == "19" for _, r, _ in triples)


def test_hostages_held_by_a_group_are_its_hostage_taking(coder) -> None:
    events = _events(coder, "Two French hostages were held by Lebanese gunmen for a year.")
    assert any(e.root == "18" and e.target is not None and e.target.country == "FRA"
               for e in events), [(e.source, e.root, e.target) for e in events]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected", "tag"),
    [
        ("The American-flagged ship was hit by a missile, which shipping sources said was fired "
         "by Iran.", ("IRN", "19", "USA"), "fired-by"),
        ("Iraq said 500 Iranian soldiers were killed in the fighting.", ("IRQ", "19", "IRN"),
         "reported-losses"),
    ],
)  # fmt: skip
def test_the_author_of_an_attack_named_around_its_victim(coder, text, expected, tag) -> None:
    events = _events(coder, text)
    assert any(
        (e.source.country if e.source else None, e.root, e.target.country if e.target else None)
        == expected and tag in e.rule
        for e in events
    ), [(e.source, e.root, e.target, e.rule) for e in events]


@pytest.mark.parametrize(
    "text",
    [
        "A British naval source said three Iranian soldiers were killed.",
        "Iran said 40 Iranian civilians were killed in the raid.",
    ],
)
def test_losses_reported_by_no_enemy_voice_keep_their_author_unknown(coder, text) -> None:
    assert all(e.source is None for e in _events(coder, text) if e.root in {"18", "19"})



@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Britain urged Canada to impose sanctions on South Africa.", ("CAN", "16", "ZAF")),
        ("The UN urged Iraq to attack Iran.", ("IRQ", "19", "IRN")),
    ],
)  # fmt: skip
def test_the_act_an_appeal_asks_for_is_the_addressees_possible_act(coder, text, asked) -> None:
    events = [e for e in _events(coder, text) if "asked-act" in e.rule]
    assert [((e.source.country, e.root, e.target.country), e.modality) for e in events] == [
        (asked, "hypothetical")
    ]


def test_an_appeal_for_a_meeting_codes_only_the_appeal(coder) -> None:
    events = _events(coder, "Britain urged Canada to meet South Africa.")
    assert not any("asked-act" in e.rule for e in events)


@pytest.mark.parametrize(
    "text",
    [
        "The Greek government said it was taking control of a Canadian-led consortium.",
        "Iran seized the assets of a British company.",
    ],
)
def test_a_state_taking_a_foreign_firm_confiscates_property(coder, text) -> None:
    assert any(e.cameo == "1711" for e in _events(coder, text))


def test_equipment_captured_is_seized_not_arrested(coder) -> None:
    events = _events(coder, "Sudanese troops captured a Libyan helicopter near the border.")
    assert [e.root for e in events if e.trigger == "captured"] == ["17"]
    assert all(e.cameo != "173" for e in events)


def test_mobilizing_supporters_is_no_force_posture(coder) -> None:
    triples = _triples(coder, "Saudi Arabia has mobilized pressure groups in the United States.")
    assert not any(r == "15" for _, r, _ in triples)


def test_forces_a_state_calls_its_own_are_its_means_wherever_they_are(coder) -> None:
    events = [e for e in _events(coder, "Israel has strengthened its forces in Lebanon.")
              if e.root == "15"]  # fmt: skip
    assert [(e.source.country, e.target) for e in events] == [("ISR", None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("FBI agents arrested three Americans in Texas.", ("USA", "17", "USA")),
        ("Turkey arrested Turkish journalists.", ("TUR", "17", "TUR")),
        ("Police arrested two Iranian nationals in Houston.", ("USA", "17", "IRN")),
    ],
)
def test_authorities_coercing_people_of_their_own_or_in_their_place(coder, text, expected):
    assert expected in _triples(coder, text)


def test_a_state_arresting_its_own_government_is_not_a_dyad(coder) -> None:
    triples = _triples(coder, "The Turkish government arrested Turkish officials.")
    assert ("TUR", "17", "TUR") not in triples


def test_forces_ordered_on_alert(coder) -> None:
    assert ("LKA", "15", None) in _triples(coder, "Sri Lanka ordered its navy on full alert.")


def test_any_incursion_is_a_kind_of_act_not_one(coder) -> None:
    text = "Sri Lanka ordered its armed forces to be ready to repel any Indian incursion."
    assert not any(e.root == "19" for e in _events(coder, text))


def test_a_war_in_the_style_of_a_country_is_not_its_war(coder) -> None:
    events = _events(coder, "Albanians want to prevent a Bosnia-style civil war.")
    assert not any(e.source is not None and e.source.country == "BIH" for e in events)


def test_a_fight_parsed_into_the_list_before_its_clause_keeps_its_parties(coder) -> None:
    text = ("Ouadi Doum is the site of Libya's main airfield and several clashes have been "
            "reported over the past week in the desert between Chadian troops and Libyan forces.")
    triples = _triples(coder, text)
    assert {("TCD", "19", "LBY"), ("LBY", "19", "TCD")} <= triples


def test_a_stray_between_is_not_trusted_with_a_party_placed_by_the_dateline(coder) -> None:
    text = ("PARIS, March 20 - Several clashes have been reported in the desert between troops "
            "and Libyan forces.")
    assert not any("stray-between" in e.rule for e in _events(coder, text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The United States cut off aid to Panama.", ("USA", "16", "PAN")),
        ("Washington announced the suspension of aid to Panama.", ("USA", "16", "PAN")),
    ],
)
def test_aid_cut_off_or_suspended_reduces_relations(coder, text, expected) -> None:
    assert expected in _triples(coder, text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # forces under way are a show of force when armed forces move
        ("Portuguese naval units sailed toward the Azores on Monday.", ("PRT", "15", None)),
        ("Three Argentine frigates left port on Sunday.", ("ARG", "15", None)),
        # a state sends, moves or masses its forces
        ("Ethiopia moved armoured columns toward the Sudanese frontier.", ("ETH", "15", "SDN")),
        ("Egypt has rushed two brigades to the Libyan border.", ("EGY", "15", "LBY")),
        ("The Italian government cancelled all leave for soldiers.", ("ITA", "15", None)),
        # posture is aimed at the one other state the sentence names
        (
            "Peru put its air force on alert after Ecuador sent troops into the valley.",
            ("PER", "15", "ECU"),
        ),
    ],
)
def test_forces_under_way_sent_or_alerted_are_posture(coder, text, expected) -> None:
    assert expected in _triples(coder, text)


@pytest.mark.parametrize(
    "text",
    [
        "The Spanish foreign minister left Madrid for Rabat on Sunday.",
        "Norway sent a research ship to the Arctic.",
        "The ferry sailed toward the island on Monday.",
    ],
)
def test_travel_and_ships_of_no_force_are_no_posture(coder, text) -> None:
    assert not any(root == "15" for _, root, _ in _triples(coder, text))


def test_a_gerund_subject_is_the_act_it_names(coder) -> None:
    triples = _triples(coder, "Fighting between Ecuador and Peru intensified on Monday.")
    assert {("ECU", "19", "PER"), ("PER", "19", "ECU")} <= triples


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Norway protested against the seizure of a Norwegian trawler by Iceland.",
            ("ISL", "17", "NOR"),
        ),
        ("The expulsion of 20 Ugandan diplomats by Kenya was announced.", ("KEN", "16", "UGA")),
        (
            "The confiscation of Dutch property by Indonesia angered the Hague.",
            ("IDN", "17", "NLD"),
        ),
    ],
)
def test_coercion_named_by_a_noun_takes_its_agent_and_patient(coder, text, expected) -> None:
    assert expected in _triples(coder, text)


@pytest.mark.parametrize(
    ("text", "code", "modality"),
    [
        # sanctions and posture announced are those acts, intended, as the codebook codes them
        ("Norway will impose sanctions on South Africa from July 1.", "163", "intended"),
        ("Japan said it would cut aid to Vietnam.", "162", "intended"),
        # force announced is a threat of it, made now
        ("Iraq said it would attack Iranian oil terminals.", "138", "asserted"),
    ],
)
def test_announced_sanctions_are_intended_and_announced_force_threatens(
    coder, text, code, modality
) -> None:
    assert any(
        e.cameo.startswith(code) and e.modality == modality for e in _events(coder, text)
    ), [(e.cameo, e.modality) for e in _events(coder, text)]


def test_both_belligerents_are_the_two_sides_at_war(coder) -> None:
    triples = _triples(
        coder,
        "Ethiopia and Somalia have fought since 1977. Dozens of villages have been shelled by "
        "both belligerents this year.",
    )
    assert {source for source, root, _ in triples if root == "19"} == {"ETH", "SOM"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Greek F-16 fighter planes intercepted Turkish aircraft.", ("GRC", "15", "TUR")),
        ("Iraqi Mirage F-1 jets attacked an Iranian tanker.", ("IRQ", "19", "IRN")),
    ],
)
def test_a_model_designation_between_a_state_and_its_arms(coder, text, expected) -> None:
    assert expected in _triples(coder, text)


def test_a_vessel_escorted_by_warships_shows_force_where_it_sails(coder) -> None:
    text = "The Peruvian survey ship, escorted by warships, sailed into disputed waters."
    assert ("PER", "15", None) in _triples(coder, text)
    assert not any(r == "15" for _, r, _ in _triples(coder, "The Peruvian ferry sailed into port."))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Libya said its warplanes had flown over Chadian territory.", ("LBY", "15", "TCD")),
        ("Thailand staged military exercises close to the Cambodian border.", ("THA", "15", "KHM")),
    ],
)
def test_posture_over_or_near_a_states_territory(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    triples = triples_of(text, "1987-05-04")
    assert expected in triples
    assert not any(root == "06" for _, root, _ in triples)  # no cooperation with the neighbour


def test_an_exercise_with_a_partner_stays_cooperation(triples_of) -> None:
    assert ("EGY", "06", "USA") in triples_of(
        "Egypt held military exercises with the United States.", "1987-05-04"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Iraq attacked a tanker with French-built Exocet missiles.",
        "Iran has deployed Chinese-made missiles near the Strait of Hormuz.",
    ],
)
def test_the_maker_of_a_weapon_is_no_party_of_its_use(triples_of, text: str) -> None:
    triples = triples_of(text, "1987-05-04")
    assert triples and not any(t in {"FRA", "CHN"} for _, _, t in triples)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Pakistan said it had downed an Afghan MiG-21 jet.", ("PAK", "19", "AFG")),
        ("An Iranian gunboat set a Liberian-registered tanker ablaze off Dubai.",
         ("IRN", "19", "LBR")),
        ("South African troops crossed into Angola on Sunday.", ("ZAF", "19", "AGO")),
        # armed groups of the period by name
        ("Honduran troops clashed with Contra rebels near the border.", ("HND", "19", "NIC")),
        ("Zambia accused SWAPO guerrillas of attacking a village.", ("ZMB", "11", "NAM")),
    ],
)
def test_downing_burning_and_crossing_over_and_the_groups_of_the_period(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


def test_a_civilian_crossing_a_border_uses_no_force(triples_of) -> None:
    assert not triples_of("The Jordanian minister crossed into Syria on Monday.", "1987-05-04")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Vietnamese blockade of the Cambodian border camps ended.", ("VNM", "19", "KHM")),
        ("Ethiopia's recapture of the town was confirmed by diplomats.", ("ETH", "19", None)),
        ("Syria's release of the Jordanian diplomat eased tension.", ("SYR", "08", "JOR")),
    ],
)
def test_blockades_recaptures_and_releases_named_by_nouns(
    triples_of, text: str, expected: tuple[str, str, str | None]
) -> None:
    assert expected in triples_of(text, "1987-05-04")


def test_hurting_an_economy_is_no_assault(triples_of) -> None:
    triples = triples_of("The Libyan tariffs hurt Tunisian exporters.", "1987-05-04")
    assert not any(root == "18" for _, root, _ in triples)


def test_a_participle_on_a_noun_is_done_by_its_by_phrase(triples_of) -> None:
    # "weapons seized by Libyan troops": Libya seized them (the weapons seize nothing)
    assert ("LBY", "17", None) in triples_of(
        "Chad returned weapons seized by Libyan troops.", "1987-05-04"
    )


def test_a_misread_main_verb_keeps_its_subject(triples_of) -> None:
    triples = triples_of(
        "Cypriot youths resorted to throwing stones at Turkish soldiers, officials said.",
        "1987-05-04",
    )
    assert any(source == "CYP" for source, _, _ in triples)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Japan cancelled a loan to Burma.", ("JPN", "16", "MMR")),
        ("Belgium stopped arms deliveries to Zaire.", ("BEL", "16", "COD")),
    ],
)
def test_aid_and_deliveries_stopped_reduce_relations(
    triples_of, text: str, expected: tuple[str, str, str]
) -> None:
    triples = triples_of(text, "1987-05-04")
    assert expected in triples
    assert not any(root == "07" for _, root, _ in triples)  # no aid given
