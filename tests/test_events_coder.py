"""Event coding on sentences we wrote, one construction, modality and root at a time."""

from __future__ import annotations

import pytest

from detente.records import Actor, Event

pytestmark = pytest.mark.model

def party(actor: Actor | None) -> str | None:
    """A state by its country; a group of no country by its code and name ("REB:Kurds"), as the
    analyses and the dashboard name it."""
    if actor is None:
        return None
    return actor.country or f"{actor.code}:{actor.name}"


def triples(events: list[Event]) -> set[tuple[str | None, str | None, str]]:
    return {(party(e.source), party(e.target), e.cameo) for e in events}


def only(events: list[Event]) -> Event:
    assert len(events) == 1, events
    return events[0]


# -- constructions ---------------------------------------------------------------------------


def test_active_subject_and_object(code) -> None:  # type: ignore[no-untyped-def]
    event = only(
        code("Russian President Vladimir Putin called his Turkish counterpart on Saturday.")
    )
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "041")
    assert event.trigger == "called" and event.modality == "asserted" and not event.negated


def test_prepositional_object(code) -> None:  # type: ignore[no-untyped-def]
    # a meeting is coded from both sides, as CAMEO coders list it
    assert triples(code("Putin met with Erdogan in Sochi.")) == {
        ("RUS", "TUR", "040"),
        ("TUR", "RUS", "040"),
    }
    clash = triples(code("Turkish troops clashed with Kurdish militias."))
    assert ("TUR", "REB:Kurds", "190") in clash


def test_passive_with_agent(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Turkey was attacked by Russian forces."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "190")
    assert event.rule.split(":")[0] == "verb-passive"  # mechanism:file:entry


def test_at_the_hands_of(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "REB:Kurds", "1823") in triples(
        code("Kurdish fighters were killed at the hands of Turkish troops.")
    )


def test_phrasal_verb_with_target_preposition(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Russia reached out to Turkey.")) == {("RUS", "TUR", "030")}
    assert ("USA", "REB:Kurds", "052") in triples(
        code("The United States stood up for Kurdish militias.")
    )


def test_object_lemma_picks_the_subcode(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Russia lifted sanctions on Turkey.")) == {("RUS", "TUR", "085")}
    assert triples(code("Russia imposed sanctions on Turkey.")) == {("RUS", "TUR", "163")}
    assert ("RUS", "ARM", "062") in triples(code("Russia keeps a military base in Armenia."))


def test_compound_subject_gives_one_event_per_actor(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Russia and Iran criticized Turkey."))
    assert found == {("RUS", "TUR", "111"), ("IRN", "TUR", "111")}


def test_compound_subject_without_object_meets_each_other(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Putin and Erdogan met in Saint Petersburg.")) == {
        ("RUS", "TUR", "040"),
        ("TUR", "RUS", "040"),
    }


def test_coordinated_verbs_share_the_subject(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Erdogan praised Putin and criticized the United States."))
    assert found == {("TUR", "RUS", "051"), ("TUR", "USA", "111")}


def test_stray_subject_after_a_list_is_not_merged_into_it(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Turkey keeps a military base in Syria and Russia reached out to Ankara."))
    assert ("RUS", "TUR", "030") in found
    assert ("SYR", "TUR", "030") not in found


def test_relative_clause_event(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("The sanctions that Russia imposed on Turkey in late 2015 hurt farmers."))
    assert ("RUS", "TUR", "163") in found


def test_appositive_target(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Putin phoned the Turkish leader, Erdogan, on Saturday."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "041")


# -- chains ----------------------------------------------------------------------------------


def test_agreed_to_lift_sanctions_codes_intent_to_ease_sanctions(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia agreed to lift sanctions on Turkey."))
    assert (event.source.country, event.target.country, event.cameo) == ("RUS", "TUR", "0354")
    assert event.rule.split(":")[0] == "chain-intent"


def test_threat_and_refusal_and_appeal_chains(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Turkey threatened to impose sanctions on Russia.")) == {
        ("TUR", "RUS", "1312")
    }
    assert triples(code("Turkey refused to meet with Russia.")) == {("TUR", "RUS", "125")}
    assert triples(code("Washington urged Ankara to lift its sanctions on Moscow.")) == {
        ("USA", "TUR", "0254")
    }


def test_plans_are_intended_events(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia plans to deploy troops in Armenia."))
    assert event.cameo == "154" and event.modality == "intended"


# -- what happened and what did not ---------------------------------------------------------


def test_negation_is_never_asserted(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia did not attack Turkey."))
    assert event.negated and event.modality == "denied"


def test_late_call_did_happen(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Erdogan did not call Putin until July 19."))
    assert event.cameo == "041" and not event.negated and event.modality == "asserted"


def test_negated_agreement_is_not_an_agreement(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Russia and Turkey signed a deal.")) == {("RUS", "TUR", "057"),
                                                                ("TUR", "RUS", "057")}
    unsigned = code("Russia and Turkey did not sign the deal.")
    assert unsigned and all(e.negated and e.modality == "denied" for e in unsigned)
    # a deal they say they will not sign is rejected (127), never agreed
    assert {e.cameo for e in code("Russia and Turkey will not sign a deal.")} == {"127"}
    # a deal of named parties that will not be signed did not happen: denied, never asserted
    unsigned_deal = code("A deal between Russia and Turkey will not be signed.")
    assert all(e.negated and e.modality == "denied" for e in unsigned_deal)
    # Declining to agree is a refusal (CAMEO 124x), never an agreement (03x).
    event = only(code("Turkey did not agree to lift sanctions on Russia."))
    assert event.cameo == "1244" and not event.cameo.startswith("03")


def test_stated_refusal_of_a_future_act(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia will not release the Turkish pilots."))
    assert event.cameo == "1243" and event.modality == "asserted"
    assert event.rule.split(":")[0] == "verb-refusal"
    # A past non-event stays a non-event.
    past = only(code("Russia did not release the Turkish pilots."))
    assert past.cameo == "0841" and past.negated and past.modality == "denied"


def test_hypothetical_and_conditional(code) -> None:  # type: ignore[no-untyped-def]
    assert only(code("Russia would attack Turkey.")).modality == "hypothetical"
    assert only(code("Russia could sanction Turkey.")).modality == "hypothetical"
    events = code("If Turkey enters Syria, Russia will attack Turkey.")
    assert {e.modality for e in events if e.cameo == "190"} == {"hypothetical"}


def test_future_act_is_intended_and_future_force_a_threat(code) -> None:  # type: ignore[no-untyped-def]
    # "will visit" is the visit, announced: intended, never asserted (the real-news codebook's
    # convention); the host receives the visitor likewise.
    visit = code("Putin will visit Turkey next month.")
    assert {(e.source.country, e.target.country, e.cameo, e.modality) for e in visit} == {
        ("RUS", "TUR", "042", "intended"),
        ("TUR", "RUS", "043", "intended"),
    }
    assert only(code("The minister said Japan will ask Korea for talks.")).modality == "intended"
    # Force announced is a threat that was made.
    assert only(code("Russia will attack Turkey.")).cameo.startswith("13")


def test_codebook_convention_scores_an_announced_act_as_its_intent(code, coder) -> None:  # type: ignore[no-untyped-def]
    from detente.evaluate import cameo_convention

    visit = code("Putin will visit Turkey next month.")
    as_cameo = {(e.source.country, e.cameo, e.modality) for e in cameo_convention(visit, coder)}
    assert as_cameo == {("RUS", "036", "asserted")}  # the host states no intent of its own
    attack = code("Russia attacked Turkey.")
    assert cameo_convention(attack, coder) == attack  # what happened stays as it is


def test_purpose_is_intended(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Putin flew to Ankara to meet Erdogan.")
    meet = [e for e in events if e.cameo == "040"]
    assert {(e.source.country, e.target.country) for e in meet} == {("RUS", "TUR"), ("TUR", "RUS")}
    assert all(e.modality == "intended" for e in meet)


def test_reported_speech_codes_the_inner_event_and_the_reporter(code) -> None:  # type: ignore[no-untyped-def]
    said = code("Moscow said Ankara had attacked Russian forces.")
    event = only([e for e in said if e.cameo == "190"])
    assert (event.source.country, event.target.country, event.cameo) == ("TUR", "RUS", "190")
    assert event.reported_by is not None and event.reported_by.text == "Moscow"
    assert event.modality == "asserted"
    # Saying so is itself an act: Moscow accuses Ankara of aggression.
    accusation = only([e for e in said if e.cameo != "190"])
    assert (accusation.source.text, accusation.target.text, accusation.cameo) == (
        "Moscow", "Ankara", "1123"
    )
    claimed = code("Moscow claimed that Ankara had attacked Russian forces.")
    attack = only([e for e in claimed if e.cameo == "190"])
    assert attack.modality == "reported" and attack.reported_by.text == "Moscow"


def test_denial(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Turkey denied that it had attacked Russian forces.")
    attack = only([e for e in events if e.cameo == "190"])
    assert attack.negated and attack.modality == "denied"
    assert attack.source.country == "TUR" and attack.target.country == "RUS"
    assert {e.cameo for e in events} <= {"190", "016"}  # 016: deny responsibility


def test_no_statement_fallback(code) -> None:  # type: ignore[no-untyped-def]
    # "said" alone is no event (no PETRARCH-style 010 fallback) ...
    assert code("Russia said the weather was cold.") == []
    # a discussion is a consultation (040), not a statement
    assert triples(code("Turkey discussed the weather on Tuesday.")) == {("TUR", None, "040")}
    # ... but an explicit statement is one.
    assert only(code("Turkey released a statement on Tuesday.")).cameo == "010"


# -- nominal, adjectival and compound events -------------------------------------------------


def test_nominal_triggers_take_possessor_and_preposition(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "RUS", "042") in triples(code("Erdogan's visit to Moscow ended the crisis."))
    assert ("TUR", "RUS", "111") in triples(code("Turkey's criticism of Russia grew."))
    assert ("RUS", "TUR", "163") in triples(code("Russia announced sanctions on Turkey."))


def test_summit_between_two_sides_is_mutual(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("The summit between Putin and Erdogan took place in Sochi."))
    assert found == {("RUS", "TUR", "040"), ("TUR", "RUS", "040")}


def test_meeting_noun_takes_the_parties_of_its_verb(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Putin and Erdogan take their seat during a meeting in Sochi."))
    assert {("RUS", "TUR", "040"), ("TUR", "RUS", "040")} <= found


def test_planned_and_cancelled_nominal_events(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Putin discussed a planned visit to Turkey.")
    assert ("RUS", "TUR", "040") in triples(events)  # the discussion happened ...
    assert not [e for e in events if e.cameo == "042" and e.modality == "asserted"]  # no visit
    # a visit called off reduces relations (160); no visit happened
    assert triples(code("Turkey cancelled a planned visit to Russia.")) == {("TUR", "RUS", "160")}


def test_backed_compounds(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Turkish-backed militias attacked Russian forces."))
    assert ("TUR", "REB:Kurds", "050") not in found  # the militias here are not Kurdish
    events = code("Turkish-backed Kurdish militias attacked Russian forces.")
    backed = [e for e in events if e.rule.split(":")[0] == "compound"]
    assert backed and backed[0].source.country == "TUR" and party(backed[0].target) == "REB:Kurds"


def test_pro_and_anti_prefixes(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Pro-Assad forces clashed with Turkish troops.")
    pro = [e for e in events if e.rule.split(":")[0] == "prefix"]
    assert pro and pro[0].cameo == "050" and pro[0].target.country == "SYR"
    events = code("Demonstrators staged an anti-Russian protest in Ankara.")
    assert any(e.cameo.startswith("14") and e.target and e.target.country == "RUS" for e in events)


def test_copular_attitude_adjectives(code) -> None:  # type: ignore[no-untyped-def]
    assert triples(code("Turkey is skeptical of Russia.")) == {("TUR", "RUS", "012")}
    assert triples(code("Erdogan is furious at the United States.")) == {("TUR", "USA", "110")}


def test_intent_adjective_passes_its_clause(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The United States is willing to provide weapons to Kurdish militias."))
    assert (party(event.source), party(event.target), event.cameo) == ("USA", "REB:Kurds", "0332")


def test_harm_at_the_hands_of(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Kurdish militias suffered heavy losses at the hands of Turkish troops."))
    assert ("TUR", "REB:Kurds", "190") in found


def test_lifted_sanctions_take_the_target_of_their_relative_clause(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Russia lifted the sanctions that it had imposed on Turkey."))
    assert ("RUS", "TUR", "085") in found


def test_coordinated_verbs_share_their_object(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Washington continues to arm and fund Kurdish militias."))
    assert {("USA", "REB:Kurds", "072"), ("USA", "REB:Kurds", "071")} <= found
    arming = code("Washington continues to arm Kurdish militias.")
    assert [(e.cameo, e.modality) for e in arming] == [("072", "asserted")]


def test_subject_of_a_prepositional_gerund(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("By reaching out to Russia, Turkey sought to break its isolation."))
    assert ("TUR", "RUS", "030") in found


def test_story_nouns_make_claims(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Turkish papers promoted the story that Washington had attacked Turkish troops.")
    attack = only([e for e in events if e.cameo == "190"])
    assert attack.modality == "reported"


def test_supposition_is_hypothetical(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Even supposing that Turkey and Russia agree on Syria, little would change.")
    assert events and all(e.modality == "hypothetical" for e in events)


def test_reported_would_is_an_announced_act(code) -> None:  # type: ignore[no-untyped-def]
    # Sequence of tenses: "said it would" announces the lifting; it has not happened yet.
    event = only(code("Moscow said it would lift sanctions on Turkey."))
    assert (event.cameo, event.modality) == ("085", "intended")
    assert event.reported_by.text == "Moscow"


def test_offers_are_cooperation_even_of_troops(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Turkey offered to send troops to Syria."))
    assert event.cameo.startswith("03")


def test_considering_is_014_not_the_act(code) -> None:  # type: ignore[no-untyped-def]
    assert {e.cameo for e in code("Russia is considering sanctions against Turkey.")} <= {
        "014",
        "163",
    }
    event = only(code("Russia is considering sending aid to Syria."))
    assert event.cameo == "014"


# -- every root ------------------------------------------------------------------------------

ROOT_SENTENCES = {
    "01": "Turkey issued a statement on Russia.",
    "02": "Turkey appealed to Russia for help.",
    "03": "Russia promised to build a pipeline to Turkey.",
    "04": "Putin visited Turkey.",
    "05": "Erdogan praised Putin.",
    "06": "Russia and Turkey held joint military exercises.",
    "07": "Russia sent humanitarian aid to Syria.",
    "08": "Russia released the Turkish pilots.",
    "09": "Turkey investigated Russian diplomats.",
    "10": "Turkey demanded an apology from Russia.",
    "11": "Turkey accused Russia of aggression.",
    "12": "Turkey rejected a proposal from Russia.",
    "13": "Russia threatened Turkey.",
    "14": "Turkish demonstrators protested against Russia.",
    "15": "Russia deployed troops to Armenia.",
    "16": "Russia imposed sanctions on Turkey.",
    "17": "Turkish police arrested Russian diplomats.",
    "18": "Russian forces assassinated Turkish diplomats.",
    "19": "Russian forces attacked Turkish troops.",
    "20": "Russian forces massacred Syrian civilians.",
}


@pytest.mark.parametrize("root", sorted(ROOT_SENTENCES))
def test_every_root(code, root: str) -> None:  # type: ignore[no-untyped-def]
    events = code(ROOT_SENTENCES[root])
    roots = {e.cameo[:2] for e in events if e.modality == "asserted" and not e.negated}
    assert root in roots, [(e.cameo, e.rule) for e in events]


def test_reported_obligation_is_a_demand_or_appeal(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Moscow said Ankara must lift its sanctions on Russian farmers."))
    assert (event.source.country, event.target.country) == ("RUS", "TUR")
    assert event.cameo == "1054" and event.rule.split(":")[0] == "obligation-demand"
    event = only(code("Washington said Ankara should meet Moscow."))
    assert event.cameo == "026" and event.source.country == "USA"


def test_conditional_threat_that_was_made(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Russia said it would attack Turkey if Turkish troops entered Syria."))
    assert event.cameo.startswith("13") and event.modality == "asserted"
    # The author's own supposition is no threat by anyone.
    assert only(code("Russia would attack Turkey if it entered Syria.")).modality == "hypothetical"


def test_failing_to_agree_is_a_rejection(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Russia and Turkey failed to reach an agreement on Syria.")
    assert events and all(e.cameo.startswith("12") for e in events)


def test_phrasal_verbs_are_their_own_verbs(code) -> None:  # type: ignore[no-untyped-def]
    assert all(e.cameo != "041" for e in code("Turkish demonstrators called off their march."))
    assert ("TUR", None, "082") in triples(code("Turkish demonstrators called off their march."))


def test_attempts_are_acts(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("Kurdish militias tried to assassinate Erdogan."))
    assert event.cameo == "185" and event.modality == "asserted"
    assert only(code("Russia attempted to attack Turkey.")).cameo == "190"


def test_only_mutual_acts_pair_coordinated_subjects(code) -> None:  # type: ignore[no-untyped-def]
    # Welcoming something is not welcoming each other.
    assert not triples(code("Russia and Iran welcomed the decision.")) & {
        ("RUS", "IRN", "043"),
        ("IRN", "RUS", "043"),
    }
    assert ("RUS", "IRN", "046") in triples(code("Russia and Iran negotiated for hours."))


def test_guesses_about_the_future_are_hypothetical(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Washington fears that Turkey will cooperate with Russia.")
    assert events and all(e.modality == "hypothetical" for e in events)
    welcome = code("Ankara is unlikely to welcome Putin.")  # hosting, and the visit it implies
    assert {e.cameo for e in welcome} == {"043", "042"}
    assert all(e.modality == "hypothetical" for e in welcome)


def test_no_position_to_act_is_no_act(code) -> None:  # type: ignore[no-untyped-def]
    event = only(code("The Kremlin is in no position to bankroll Turkey."))
    assert event.negated and event.source.country == "RUS"


def test_sentence_index_counts_doc_sents(code) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The weather was mild. Putin visited Turkey on Monday.\n\n"
        "Nothing happened then. Erdogan praised Putin, and Russia criticized the United States."
    )
    found = {(e.sentence_index, e.sentence, e.trigger) for e in code(text)}
    assert {(1, "Putin visited Turkey on Monday.", "visited"),
            (3, "Erdogan praised Putin, and Russia criticized the United States.", "praised"),
            (3, "Erdogan praised Putin, and Russia criticized the United States.", "criticized"),
            } <= found


def test_political_clashes_are_disapproval(code) -> None:  # type: ignore[no-untyped-def]
    assert ("TUR", "USA", "110") in triples(
        code("Turkey clashed with the United States over Cyprus.")
    )
    clash = triples(code("Turkish troops clashed with Kurdish militias."))
    assert ("TUR", "REB:Kurds", "190") in clash


def test_gerunds_after_a_verb_with_an_object(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Ukraine accused Russia of shelling Turkish troops.")
    shelling = only([e for e in events if e.cameo == "194"])
    assert shelling.source.country == "RUS" and shelling.modality == "reported"
    assert shelling.reported_by.country == "UKR"
    events = code("Russia warned the United States against arming Kurdish militias.")
    arming = only([e for e in events if e.cameo == "072"])
    assert arming.source.country == "USA" and arming.modality == "hypothetical"
    events = code("Germany praised Turkey for helping Syria.")
    helping = only([e for e in events if e.cameo == "070"])
    assert helping.source.country == "TUR" and helping.modality == "asserted"


def test_coordinated_parties_of_an_agreement_agree_with_each_other(code) -> None:  # type: ignore[no-untyped-def]
    found = triples(code("Russia and Turkey agreed to restore diplomatic relations."))
    assert {("RUS", "TUR", "032"), ("TUR", "RUS", "032")} <= found



def test_a_signed_deal_between_two_parties_is_an_agreement(code) -> None:  # type: ignore[no-untyped-def]
    assert {("RUS", "TUR", "057"), ("TUR", "RUS", "057")} <= triples(
        code("A deal between Russia and Turkey was signed on Monday."))

def test_victims_and_invasions_take_their_place(code) -> None:  # type: ignore[no-untyped-def]
    events = code("Serb forces killed three Albanians in Serbia.")
    assert any(e.target is not None and e.target.country == "SRB" for e in events)
    found = triples(code("Israel began its invasion of Lebanon on Tuesday."))
    assert ("ISR", "LBN", "190") in found
