"""Import PETRARCH/TABARI-format actor and agent dictionaries as actor entries.

PETRARCH users keep their dictionaries: `--actors MY.actors.txt --actors MY.agents.txt`.
Actors: a phrase (words joined by spaces or '_'; a trailing '_' ends the word), optional
`+SYNONYM` lines, and codes `[CODE]` on the phrase line or indented below it, where a code may
be limited in time: `[CODE <YYMMDD]`, `[CODE >YYYYMMDD]`, `[CODE YYYYMMDD-YYYYMMDD]`.
A code is a 3-letter actor followed by 3-letter agents (`PSEREBHMS` -> PSE, REB).
Agents: `PHRASE {PLURALS} [~SECTOR]`, `!MACRO! = A, B` substitutions; `{}` means no plural.
'#' starts a comment; `<!-- ... -->` blocks are skipped. Bad lines raise `DataFileError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from detente.actors.loader import SECTORS, ActorEntry
from detente.datafiles import Where
from detente.errors import DataFileError
from detente.igos import igo_code
from detente.records import Term

_CODE_RE = re.compile(r"\[([^\]]*)\]")
_RESTRICTION_RE = re.compile(
    r"^(?P<code>[A-Za-z0-9+\-#/]+)?\s*"
    r"(?:(?P<op>[<>])\s*(?P<date>\d{6}|\d{8})|(?P<start>\d{6}|\d{8})\s*-\s*(?P<end>\d{6}|\d{8}))?$"
)
_MACRO_RE = re.compile(r"^!(\w+)!\s*=\s*(.+)$")
# Codes that mean "do not code this phrase" in PETRARCH dictionaries.
NULL_CODES = frozenset({"---", "+++", "###"})
# A dictionary word without a trailing '_' matches word stems in PETRARCH; we expand the last
# word with the endings that cover names, demonyms and plurals instead of matching prefixes.
STEM_ENDINGS = ("", "S", "ES", "N", "NS", "A", "AN", "ANS", "IA", "IAN", "IANS", "I", "IS", "E")


@dataclass
class _Pending:
    line: int
    phrases: list[str] = field(default_factory=list)
    codes: list[tuple[str, str | None, str | None, int]] = field(default_factory=list)


def _strip(line: str, in_comment: bool) -> tuple[str, bool]:
    """The line without comments; whether a `<!-- -->` block is still open after it."""
    text = line
    if in_comment:
        if "-->" not in text:
            return "", True
        text = text.split("-->", 1)[1]
    while "<!" in text:
        before, after = text.split("<!", 1)
        if "-->" in after:
            text = before + after.split("-->", 1)[1]
        else:
            return before.split("#", 1)[0], True
    return text.split("#", 1)[0], False


def _date(text: str, where: Where) -> str:
    if len(text) == 6:  # YYMMDD, TABARI's two-digit years
        year = int(text[:2])
        text = f"{2000 + year if year < 30 else 1900 + year}{text[2:]}"
    iso = f"{text[:4]}-{text[4:6]}-{text[6:8]}"
    if not (1 <= int(text[4:6]) <= 12 and 1 <= int(text[6:8]) <= 31):
        raise where.error(f"bad date {text!r} in a code restriction")
    return iso


def _day_before(iso: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def _split_code(code: str) -> tuple[str, str | None]:
    """PETRARCH code -> (actor, sector): the first 3 letters, then the first known agent."""
    code = code.upper().split("/")[0]
    actor = code[:3]
    if actor == "IGO":
        # IGOUNO, IGOEUREEC, IGOWSTNAT: the organisation's own code (igos.tsv) where known
        known = (igo_code(code[i : i + 3]) for i in range(3, len(code) - 2, 3))
        actor = next((c for c in known if c), actor)
    for i in range(3, len(code) - 2, 3):
        if code[i : i + 3] in SECTORS:
            return actor, code[i : i + 3]
    return actor, None


def _words(phrase: str) -> list[str]:
    """Dictionary phrase -> the phrases to match (stems expanded unless the phrase ends in '_')."""
    exact = phrase.endswith("_")
    words = [w for w in re.split(r"[\s_]+", phrase.strip("_ ")) if w]
    if not words:
        return []
    if exact or len(words[-1]) < 4 or not words[-1].isalpha():
        return [" ".join(words)]
    return [" ".join([*words[:-1], words[-1] + end]) for end in STEM_ENDINGS]


def read_petrarch_actors(path: str | Path) -> list[ActorEntry]:
    """Entries of a PETRARCH actor dictionary (kind: state for bare 3-letter codes, else group;
    person when codes are limited in time)."""
    path = Path(path)
    entries: list[ActorEntry] = []
    pending: _Pending | None = None
    in_comment = False

    def flush() -> None:
        if pending is not None and pending.phrases:
            entry = _actor_entry(path, pending)
            if entry is not None:
                entries.append(entry)

    for number, raw in enumerate(_read(path), start=1):
        text, in_comment = _strip(raw, in_comment)
        if not text.strip():
            continue
        where = Where(str(path), number)
        stripped = text.strip()
        if stripped.startswith("+"):
            if pending is None:
                raise where.error(f"synonym {stripped!r} before any actor")
            pending.phrases.append(stripped[1:].split("[")[0].strip())
            pending.codes += _codes(stripped, where, number)
        elif stripped.startswith("[") or raw[:1].isspace():
            if pending is None:
                raise where.error(f"code {stripped!r} before any actor")
            pending.codes += _codes(stripped, where, number)
        else:
            flush()
            pending = _Pending(
                number, [stripped.split("[")[0].strip()], _codes(stripped, where, number)
            )
    flush()
    return entries


def _codes(text: str, where: Where, line: int) -> list[tuple[str, str | None, str | None, int]]:
    if text.count("[") != text.count("]"):
        raise where.error(f"unbalanced brackets in {text.strip()!r}")
    out = []
    for body in _CODE_RE.findall(text):
        match = _RESTRICTION_RE.match(body.strip())
        if match is None or not match.group("code"):
            raise where.error(f"cannot read code block [{body}]")
        code = match.group("code")
        start = end = None
        if match.group("op") == "<":
            end = _day_before(_date(match.group("date"), where))
        elif match.group("op") == ">":
            start = _date(match.group("date"), where)
        elif match.group("start"):
            start, end = _date(match.group("start"), where), _date(match.group("end"), where)
            if end < start:
                raise where.error(f"code period ends before it starts: [{body}]")
        out.append((code, start, end, line))
    return out


def _actor_entry(path: Path, pending: _Pending) -> ActorEntry | None:
    where = Where(str(path), pending.line)
    if not pending.codes:
        raise where.error(f"actor {pending.phrases[0]!r} has no [CODE]")
    default = [c for c in pending.codes if c[1] is None and c[2] is None]
    limited = [c for c in pending.codes if c[1] is not None or c[2] is not None]
    if default and default[0][0] in NULL_CODES and not limited:
        return None
    # PETRARCH applies the narrowest period that covers a date, else the unrestricted code:
    # shortest periods first, then the default as a period without bounds
    periods = sorted(
        (c for c in limited if c[0] not in NULL_CODES),
        key=lambda c: _span(c[1], c[2]),
    )
    country, sector = (None, None)
    if default and default[0][0] not in NULL_CODES:
        country, sector = _split_code(default[0][0])
        if periods:
            periods.append((default[0][0], None, None, default[0][3]))
    terms = tuple(Term(*_split_code_nonnull(c[0]), c[1], c[2], "") for c in periods)
    aliases = tuple(dict.fromkeys(p for phrase in pending.phrases for p in _words(phrase)))
    if not aliases:
        return None
    code_text = (default or limited)[0][0].upper()
    kind = "state" if len(code_text) == 3 else "group"
    if any(t.sector for t in terms):
        kind = "person"
    return ActorEntry(pending.phrases[0], kind, aliases, country, sector, terms, str(where))


def _span(start: str | None, end: str | None) -> int:
    from datetime import date

    low = date.fromisoformat(start) if start else date(1, 1, 1)
    high = date.fromisoformat(end) if end else date(9999, 12, 31)
    return (high - low).days


def _split_code_nonnull(code: str) -> tuple[str, str]:
    country, sector = _split_code(code)
    return country, sector or ""


def read_petrarch_agents(path: str | Path) -> list[ActorEntry]:
    """Entries of a PETRARCH agent dictionary: role words with the sector they give."""
    path = Path(path)
    macros: dict[str, list[str]] = {}
    entries: list[ActorEntry] = []
    in_comment = False
    for number, raw in enumerate(_read(path), start=1):
        text, in_comment = _strip(raw, in_comment)
        stripped = text.strip()
        if not stripped:
            continue
        where = Where(str(path), number)
        macro = _MACRO_RE.match(stripped)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        codes = _CODE_RE.findall(stripped)
        if len(codes) != 1 or stripped.count("[") != 1:
            raise where.error("an agent line is PHRASE {PLURALS} [~CODE]")
        head = stripped.split("[")[0]
        plurals: list[str] | None = None
        if "{" in head:
            phrase, _, rest = head.partition("{")
            plurals = [p.strip() for p in rest.split("}")[0].split(",") if p.strip()]
        else:
            phrase = head
        code = codes[0].strip()
        sector = _agent_sector(code)
        forms = _expand_macros(phrase.strip(), macros, where)
        names: list[str] = []
        for form in forms:
            names.append(" ".join(w for w in re.split(r"[\s_]+", form.strip("_ ")) if w))
            if plurals is None:
                names.append(_plural(names[-1]))
        for plural in plurals or []:
            names.append(" ".join(w for w in re.split(r"[\s_]+", plural.strip("_ ")) if w))
        names = [n for n in dict.fromkeys(names) if n]
        if sector is None or not names:
            continue  # an agent for religion, ethnicity or a private code: no sector to give
        entries.append(ActorEntry(names[0], "role", tuple(names), None, sector, (), str(where)))
    return entries


def _agent_sector(code: str) -> str | None:
    body = code.replace(" ", "").upper()
    body = body[1:] if body.startswith("~") else body.rstrip("~")
    for i in range(0, len(body) - 2, 3):
        if body[i : i + 3] in SECTORS:
            return body[i : i + 3]
    return None


def _expand_macros(phrase: str, macros: dict[str, list[str]], where: Where) -> list[str]:
    match = re.search(r"!(\w+)!", phrase)
    if match is None:
        return [phrase]
    if match.group(1) not in macros:
        raise where.error(f"unknown substitution !{match.group(1)}!")
    return [
        expanded
        for value in macros[match.group(1)]
        for expanded in _expand_macros(phrase.replace(match.group(0), value, 1), macros, where)
    ]


def _plural(phrase: str) -> str:
    words = phrase.split(" ")
    last = words[-1]
    if last.endswith("Y") and len(last) > 1 and last[-2] not in "AEIOU":
        last = last[:-1] + "IES"
    elif last.endswith(("S", "SH", "CH", "X")):
        last = last + "ES"
    else:
        last = last + "S"
    return " ".join([*words[:-1], last])


def _read(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as exc:
        raise DataFileError(f"cannot read PETRARCH dictionary: {exc}", path=str(path)) from exc


def load_petrarch(path: str | Path) -> list[ActorEntry]:
    """An actor or agent dictionary, told apart by its codes (agents carry a '~')."""
    text = "\n".join(_read(Path(path)))
    codes = _CODE_RE.findall(text)
    agents = sum("~" in c for c in codes)
    if codes and agents > len(codes) / 2:
        return read_petrarch_agents(path)
    return read_petrarch_actors(path)


def is_petrarch(path: str | Path) -> bool:
    """Whether a file looks like a PETRARCH dictionary rather than one of our YAML files."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        return False
    head = "\n".join(_read(path)[:200])
    return bool(re.search(r"^\s*[+A-Z!].*\[[^\]]+\]", head, re.MULTILINE))
