"""Actor tables, the YAML loader's errors, user extensions and the PETRARCH importer."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.actors import ActorMatcher, load_actor_file
from detente.actors.lexicon import build_lexicon
from detente.actors.loader import DATA_DIR, load_people_table, read_tsv
from detente.actors.petrarch import load_petrarch, read_petrarch_actors, read_petrarch_agents
from detente.errors import DataFileError

PETRARCH = Path(__file__).resolve().parents[2] / "shared" / "data" / "petrarch2" / "dictionaries"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_un_member_observer_and_disputed_state_is_in_the_table():
    codes = {row["code"] for _, row in read_tsv(DATA_DIR / "states.tsv", ("code",))}
    assert len(codes) == 198  # 193 members, 2 observers, Taiwan, Kosovo, Western Sahara
    assert {"TUR", "RUS", "USA", "PSE", "VAT", "TWN", "XKX", "ESH", "SSD", "TLS"} <= codes


def test_people_table_loads_with_terms_in_order():
    people = {e.name: e for e in load_people_table(DATA_DIR / "people.tsv")}
    assert len(people) > 500
    putin = people["Vladimir Putin"]
    starts = [t.start for t in putin.terms]
    assert starts == sorted(starts)
    assert people["Mustafa Kemal Ataturk"].terms[0].country == "TUR"
    assert people["Joseph Stalin"].terms[0].country == "SUN"


def test_shared_short_names_merge_within_a_state_and_drop_across_states():
    lex = build_lexicon()
    bush = lex.phrases["bush"]
    assert {t.start for t in bush.terms} >= {"1989-01-20", "2001-01-20"}
    assert lex.phrases["assad"].terms[0].country == "SYR"
    assert "herzog" not in lex.phrases  # Roman Herzog (DEU) and Isaac Herzog (ISR)


@pytest.mark.model
def test_user_yaml_adds_and_overrides(tmp_path, nlp):
    path = write(
        tmp_path,
        "mine.yaml",
        """
- name: Jane Roe
  aliases: [Roe]
  terms:
    - {country: FRA, sector: GOV, start: 2030-01-01, end: 2034, role: president}
- name: Turkey
  kind: state
  country: TRK
""",
    )
    matcher = ActorMatcher(nlp.vocab, extra=[path])
    found = {m.text: m for m in matcher.match(nlp("Roe met officials from Turkey."))}
    assert found["Roe"].resolve("2031-05-05").code == "FRAGOV"
    assert found["Roe"].resolve("2035-05-05").code == "FRAELI"
    assert found["Roe"].resolve("2034-12-31").code == "FRAGOV"  # a year end covers the year
    assert found["officials from Turkey"].country == "TRK"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("- name: X\n  country: tur\n", "three capital letters", 1),
        ("- name: X\n  sector: ARMY\n", "unknown sector", 1),
        ("- name: X\n- name: Y\n  kind: planet\n", "unknown kind", 2),
        ("- name: X\n  colour: red\n", "unknown key", 1),
        ("- {name: X}\n- name: ''\n", "non-empty 'name'", 2),
        ("- name: X\n  terms:\n    - {country: RUS, start: 2010, end: 2001}\n", "ends", 3),
        ("- name: X\n  terms:\n    - {country: RUS, start: 'May 2010'}\n", "date must be", 3),
        ("- name: X\n  terms:\n    - {sector: GOV}\n", "needs a country", 3),
        ("- name: X\n  aliases: [a, 3]\n", "aliases", 1),
        ("name: X\n", "YAML list", 1),
        ("- name: [unclosed\n", "invalid YAML", 2),
    ],
)
def test_loader_errors_name_file_and_line(tmp_path, text, message, line):
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(DataFileError) as caught:
        load_actor_file(path)
    assert message in str(caught.value)
    assert f"{path} line {line}: " in str(caught.value)
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_loader_error_for_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="absent.yaml: no such file"):
        load_actor_file(tmp_path / "absent.yaml")


def test_petrarch_syntax_on_our_own_dictionary(tmp_path):
    actors = write(
        tmp_path,
        "mine.actors.txt",
        """<!-- our test dictionary -->
NORTHLAND_ [NRL]  # a state
+NORTHLANDER
JOHN_SMITH
\t[NRLGOV 20100101-20141231]
\t[NRLELI >20150101]
MUTE_GROUP [---]
HILL_FOLK [NRLREBHFK]
""",
    )
    agents = write(
        tmp_path,
        "mine.agents.txt",
        """!CREW! = SAILOR, SAILORS
HARBOUR_MASTER [~GOV]
!CREW!_UNION {} [~LAB]
BANDIT {BANDITTI} [~CRM]
""",
    )
    entries = {e.name: e for e in read_petrarch_actors(actors)}
    assert entries["NORTHLAND_"].country == "NRL" and "NORTHLANDER" in entries["NORTHLAND_"].aliases
    assert [(t.sector, t.start, t.end) for t in entries["JOHN_SMITH"].terms] == [
        ("GOV", "2010-01-01", "2014-12-31"),
        ("ELI", "2015-01-01", None),
    ]
    assert "MUTE_GROUP" not in entries
    assert (entries["HILL_FOLK"].country, entries["HILL_FOLK"].sector) == ("NRL", "REB")
    roles = {e.name: e for e in read_petrarch_agents(agents)}
    assert roles["HARBOUR MASTER"].aliases == ("HARBOUR MASTER", "HARBOUR MASTERS")
    assert roles["SAILOR UNION"].sector == "LAB"
    assert "SAILORS UNION" in roles["SAILOR UNION"].aliases
    assert roles["BANDIT"].aliases == ("BANDIT", "BANDITTI")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("+ORPHAN\n", "synonym"),
        ("LAND [NRL\n", "unbalanced"),
        ("LAND\n\t[NRL 20101340-20111231]\n", "bad date"),
        ("LAND\n\t[NRL 20121201-20111231]\n", "ends before"),
        ("LAND\nOTHER [OTH]\n", "has no"),
    ],
)
def test_petrarch_errors_name_file_and_line(tmp_path, text, message):
    path = write(tmp_path, "bad.actors.txt", text)
    with pytest.raises(DataFileError, match=message) as caught:
        read_petrarch_actors(path)
    assert str(path) in str(caught.value)


def test_petrarch_agent_errors(tmp_path):
    path = write(tmp_path, "bad.agents.txt", "!A! = X\nGUARD [~MIL] [~COP]\n")
    with pytest.raises(DataFileError, match=r"bad.agents.txt line 2"):
        read_petrarch_agents(path)
    path = write(tmp_path, "bad2.agents.txt", "!NOPE!_CHIEF [~GOV]\n")
    with pytest.raises(DataFileError, match="unknown substitution"):
        read_petrarch_agents(path)


@pytest.mark.model
@pytest.mark.shared
def test_petrarch_validation_dictionaries(nlp):
    if not PETRARCH.exists():
        pytest.skip(f"PETRARCH dictionaries {PETRARCH} are not present on this machine")
    actors = load_petrarch(PETRARCH / "PETR.Validate.actors.txt")
    agents = load_petrarch(PETRARCH / "PETR.Validate.agents.txt")
    assert len(actors) > 100 and len(agents) > 50
    assert all(e.kind == "role" for e in agents)
    files = [PETRARCH / "PETR.Validate.actors.txt", PETRARCH / "PETR.Validate.agents.txt"]
    matcher = ActorMatcher(nlp.vocab, extra=files)

    def codes(text: str, date: str) -> list[str]:
        return [m.resolve(date).code for m in matcher.match(nlp(text))]

    assert codes("Arnor restored ties with Gondor.", "1995-01-01") == ["ARN", "GON"]
    assert codes("Gollum spoke.", "1990-01-01") == ["HOB"]
    assert codes("Gollum spoke.", "1997-01-01") == ["HOBGOV"]
    assert codes("Gollum spoke.", "2001-01-01") == ["HOBREB"]
    assert codes("Zimbabwe protested.", "1975-01-01") == ["RHO"]  # overrides our table
    assert codes("The Arnor foreign minister left.", "1995-01-01") == ["ARNGOV"]
    assert codes("Bree Prime Minister Romendacil arrived.", "1995-01-01") == ["BREGOV"]


def test_a_doc_without_parse_still_gets_actors():
    import spacy

    blank = spacy.blank("en")
    matcher = ActorMatcher(blank.vocab)
    got = [
        (m.text, m.resolve("2016-07-16").code)
        for m in matcher.match(blank("Turkish President Erdogan met the Russian army. He left."))
    ]
    assert got[:2] == [("Turkish President Erdogan", "TURGOV"), ("Russian army", "RUSMIL")]


def test_names_with_diacritics_also_match_without_them():
    lex = build_lexicon()
    assert lex.phrases["eskisehir"].country == "TUR"  # written "Eskişehir" in the table
    assert lex.phrases["cavusoglu"].name == "Mevlut Cavusoglu"
    assert lex.phrases["lokke rasmussen"].name == "Lars Lokke Rasmussen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # office holders of the late 1980s whom wire copy names without a country word
        ("Esmat Abdel-Meguid met Paul Nitze on Tuesday.", {("EGY", "04", "USA")}),
        ("Max Kampelman criticised Viktor Karpov.", {("USA", "11", "SUN")}),
        ("Denktash accused Papandreou of bad faith.", {("CYP", "11", "GRC")}),
    ],
)
def test_late_1980s_office_holders_are_known(triples_of, text: str, expected: set) -> None:
    assert expected <= triples_of(text, "1986-11-04")


@pytest.mark.parametrize(
    ("text", "date", "state"),
    [
        ("Farouk al Shara met Shultz.", "1987-05-04", "SYR"),  # the table writes al-Shara
        ("Esmat Abdel-Meguid met Shultz.", "1987-05-04", "EGY"),  # the table: Abdel Meguid
        # undated, a mediator named by his body is the body's, not his last office's
        ("U.N. mediator Diego Cordovez met Shultz.", None, "UNO"),
    ],
)
def test_name_particles_match_with_hyphen_or_space_and_mediators_are_titles(
    coder, text: str, date: str | None, state: str
) -> None:
    events = coder.code_text(text, date=date)
    assert {(state, "USA")} <= {(e.source.country, e.target.country)
                                 for e in events if e.source and e.target}  # fmt: skip
