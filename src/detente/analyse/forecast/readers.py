"""Read bargaining scenarios from the files analysts already have.

Three formats, told apart by extension and header:

- CSV with the columns `Actor,Capability,Position,Salience` (any order, any case; `Name` for
  `Actor`; optional `Code`/`Abbr`, `Description`, and `<Field> Low` / `<Field> High` columns for
  ranges), as the public expected-utility implementations use;
- KTAB's CSV: a first line `name, description, n_actors, n_dims`, a header
  `Actor,Description,Influence,<Dim> Position,<Dim> Salience,...` and one row per actor; each
  dimension becomes an issue on a 0-100 scale;
- our YAML (see docs/FORECAST.md): several issues, a status quo, scale ends and ranges.

Saliences given on a 0-100 scale (any value above 1 in an issue) are divided by 100. Every
problem raises `ScenarioError` naming the file, the line and the field.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from typing import Any

import yaml

from detente.analyse.forecast.scenario import Actor, Estimate, Issue, Scenario
from detente.errors import ScenarioError

_FIELDS = ("capability", "position", "salience")
_ALIASES = {"actor": "actor", "name": "actor", "actors": "actor", "capability": "capability",
            "capabilities": "capability", "influence": "capability", "power": "capability",
            "position": "position", "salience": "salience", "code": "code", "abbr": "code",
            "description": "description"}


def read_scenario(path: str | Path) -> Scenario:
    """Read a scenario file (CSV, KTAB CSV or YAML), or raise `ScenarioError`."""
    path = Path(path)
    where = str(path)
    if not path.exists():
        raise ScenarioError("no such file", path=where)
    if path.is_dir():
        raise ScenarioError("is a directory, not a scenario file", path=where)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"not UTF-8 text (byte {exc.start})", path=where) from None
    if not text.strip():
        raise ScenarioError("the file is empty", path=where)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return read_yaml(text, where)
    if suffix in (".csv", ".txt"):
        return read_csv(text, where)
    raise ScenarioError("unknown format: use .csv (Actor,Capability,Position,Salience or "
                        "KTAB's) or .yaml", path=where)


# -- CSV ---------------------------------------------------------------------------------------

def read_csv(text: str, where: str = "scenario.csv") -> Scenario:
    """A simple `Actor,Capability,Position,Salience` CSV or a KTAB CSV."""
    lines = text.splitlines()
    first = [f.strip().lower() for f in lines[0].split(",")]
    if "position" in first or "salience" in first:
        return _read_simple_csv(text, where)
    if len(lines) > 1 and lines[1].split(",")[0].strip().lower() == "actor":
        return _read_ktab_csv(lines, where)
    raise ScenarioError("not a scenario CSV: expected a header Actor,Capability,Position,"
                        "Salience or KTAB's two header lines", path=where, line=1)


def _number(value: str, where: str, line: int, field: str) -> float:
    try:
        number = float(value.strip())
    except ValueError:
        shown = value.strip() or "an empty cell"
        raise ScenarioError(f"{shown!r} is not a number" if value.strip() else
                            f"{shown} where a number is needed",
                            path=where, line=line, field=field) from None
    if not math.isfinite(number):
        raise ScenarioError(f"{value.strip()!r} is not a finite number",
                            path=where, line=line, field=field)
    return number


def _column_key(header: str) -> tuple[str, str] | None:
    """('position', 'mode'|'low'|'high') for a header like 'Position Low'; None if unknown."""
    words = re.split(r"[\s_\-]+", header.strip().lower())
    bound = "mode"
    if len(words) > 1 and words[-1] in ("low", "high", "mode"):
        bound = words.pop()
    name = _ALIASES.get(" ".join(words))
    return (name, bound) if name else None


def _read_simple_csv(text: str, where: str) -> Scenario:
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[0]
    columns: dict[tuple[str, str], int] = {}
    for index, name in enumerate(header):
        key = _column_key(name)
        if key:
            columns[key] = index
    for needed in ("actor", *_FIELDS):
        if (needed, "mode") not in columns:
            raise ScenarioError(f"missing column {needed.title()!r} (the header needs "
                                "Actor,Capability,Position,Salience)",
                                path=where, line=1, field=needed)
    raw: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise ScenarioError(f"{len(row)} fields where the header has {len(header)}",
                                path=where, line=number)

        def cell(key: tuple[str, str], row: list[str] = row) -> str | None:
            return row[columns[key]] if key in columns else None

        record: dict[str, Any] = {"name": (cell(("actor", "mode")) or "").strip(),
                                  "code": (cell(("code", "mode")) or "").strip() or None,
                                  "description": (cell(("description", "mode")) or "").strip()}
        if not record["name"]:
            raise ScenarioError("the actor has no name", path=where, line=number,
                                field="Actor")
        for field in _FIELDS:
            values = {}
            for bound in ("low", "mode", "high"):
                value = cell((field, bound))
                if value is not None and (bound == "mode" or value.strip()):
                    values[bound] = _number(value, where, number, field.title())
            record[field] = _estimate(values, where, number, field.title())
        raw.append((number, record))
    issue = _issue("issue", raw, where, label="", status_quo=None, scale=None)
    return Scenario(name=Path(where).stem, issues=(issue,), source=where)


def _read_ktab_csv(lines: list[str], where: str) -> Scenario:
    head = [f.strip() for f in lines[0].split(",")]
    head = [f for f in head if f] + ["", "", "", ""]
    name, description = head[0], head[1]
    n_actors = int(_number(head[2], where, 1, "number of actors"))
    n_dims = int(_number(head[3], where, 1, "number of dimensions"))
    if not 1 <= n_dims <= 100:
        raise ScenarioError(f"{n_dims} dimensions: expected 1 or more", path=where, line=1,
                            field="number of dimensions")
    header = [f.strip() for f in lines[1].split(",")]
    header = [f for f in header if f]
    if len(header) < 3 + 2 * n_dims:
        raise ScenarioError(f"the header has {len(header)} fields; {n_dims} dimension(s) need "
                            f"{3 + 2 * n_dims} (Actor, Description, Influence, then a position "
                            "and a salience per dimension)", path=where, line=2)
    dims = [re.sub(r"\s*position$", "", header[3 + 2 * d], flags=re.I) or f"dim{d + 1}"
            for d in range(n_dims)]
    per_dim: list[list[tuple[int, dict[str, Any]]]] = [[] for _ in dims]
    seen = 0
    for number, line in enumerate(lines[2:], start=3):
        fields = [f.strip() for f in line.split(",")]
        if not any(fields):
            continue
        seen += 1
        if len(fields) < 3 + 2 * n_dims:
            raise ScenarioError(f"{len(fields)} fields; expected {3 + 2 * n_dims}",
                                path=where, line=number)
        capability = _number(fields[2], where, number, header[2])
        for d in range(n_dims):
            position = _number(fields[3 + 2 * d], where, number, header[3 + 2 * d])
            salience = _number(fields[4 + 2 * d], where, number, header[4 + 2 * d])
            per_dim[d].append((number, {
                "name": fields[0], "code": fields[0], "description": fields[1],
                "capability": Estimate(capability), "position": Estimate(position),
                "salience": Estimate(salience)}))
    if seen != n_actors:
        raise ScenarioError(f"the first line announces {n_actors} actors but {seen} follow",
                            path=where, line=1, field="number of actors")
    issues = tuple(_issue(dim, rows, where, label=description, status_quo=None,
                          scale=(0.0, 100.0)) for dim, rows in zip(dims, per_dim, strict=True))
    return Scenario(name=name or Path(where).stem, issues=issues, source=where)


# -- shared validation -------------------------------------------------------------------------

def _estimate(values: dict[str, float], where: str, line: int, field: str) -> Estimate:
    mode = values["mode"]
    low, high = values.get("low"), values.get("high")
    if (low is None) != (high is None):
        raise ScenarioError("a range needs both low and high", path=where, line=line,
                            field=field)
    if low is not None and high is not None and not low <= mode <= high:
        raise ScenarioError(f"the range must satisfy low <= mode <= high, not {low} / {mode} / "
                            f"{high}", path=where, line=line, field=field)
    return Estimate(mode, low, high)


def _issue(issue_id: str, raw: list[tuple[int, dict[str, Any]]], where: str, *, label: str,
           status_quo: float | None, scale: tuple[float, float] | None,
           anchors: tuple[str, str] = ("", "")) -> Issue:
    """Validate actors (names unique, capability >= 0, salience 0-1 or 0-100) into an Issue."""
    if len(raw) < 2:
        raise ScenarioError(f"issue {issue_id!r} has {len(raw)} actor(s); a forecast needs at "
                            "least two", path=where, line=raw[0][0] if raw else None)
    seen: dict[str, int] = {}
    percent = any((r["salience"].high or r["salience"].mode) > 1 for _, r in raw)
    actors = []
    for line, record in raw:
        name = record["name"]
        if name.lower() in seen:
            raise ScenarioError(f"actor {name!r} appears twice in issue {issue_id!r} (first on "
                                f"line {seen[name.lower()]})", path=where, line=line,
                                field="name")
        seen[name.lower()] = line
        cap, pos, sal = record["capability"], record["position"], record["salience"]
        if (cap.low if cap.low is not None else cap.mode) < 0:
            raise ScenarioError("capability cannot be negative", path=where, line=line,
                                field="capability")
        top = 100.0 if percent else 1.0
        for value in (sal.low, sal.mode, sal.high):
            if value is not None and not 0 <= value <= top:
                raise ScenarioError(f"salience {value} is outside 0-1 (or 0-100)", path=where,
                                    line=line, field="salience")
        if percent:
            sal = Estimate(*(None if v is None else v / 100 for v in
                             (sal.mode, sal.low, sal.high)))  # type: ignore[arg-type]
        if scale is not None:
            for value in (pos.low, pos.mode, pos.high):
                if value is not None and not scale[0] <= value <= scale[1]:
                    raise ScenarioError(f"position {value} is outside the scale {scale[0]:g}-"
                                        f"{scale[1]:g}", path=where, line=line,
                                        field="position")
        actors.append(Actor(name=name, capability=cap, position=pos, salience=sal,
                            code=record.get("code"), description=record.get("description", ""),
                            note=record.get("note", "")))
    if not any(a.capability.mode * a.salience.mode > 0 for a in actors):
        raise ScenarioError(f"issue {issue_id!r}: every actor has zero capability or salience",
                            path=where, line=raw[0][0])
    return Issue(id=issue_id, actors=tuple(actors), label=label, status_quo=status_quo,
                 scale=scale, anchors=anchors)


# -- YAML --------------------------------------------------------------------------------------

def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


def _mapping(node: yaml.Node, where: str, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise ScenarioError(f"{what} must be a mapping (key: value)", path=where,
                            line=_line(node), field=what)
    result: dict[str, yaml.Node] = {}
    for key, value in node.value:
        name = str(key.value).strip().lower()
        if name in result:
            raise ScenarioError(f"{name!r} is given twice in this {what}", path=where,
                                line=_line(key), field=name)
        result[name] = value
    return result


def _scalar(node: yaml.Node, where: str, field: str) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise ScenarioError("must be a single value", path=where, line=_line(node),
                            field=field)
    return str(node.value)


def _yaml_number(node: yaml.Node, where: str, field: str) -> float:
    return _number(_scalar(node, where, field), where, _line(node), field)


def _yaml_estimate(node: yaml.Node, where: str, field: str) -> Estimate:
    """A number, a list [low, mode, high], or a mapping {low, mode, high}."""
    line = _line(node)
    if isinstance(node, yaml.ScalarNode):
        return Estimate(_yaml_number(node, where, field))
    if isinstance(node, yaml.SequenceNode):
        if len(node.value) != 3:
            raise ScenarioError(f"a range is [low, mode, high]; got {len(node.value)} values",
                                path=where, line=line, field=field)
        low, mode, high = (_yaml_number(v, where, field) for v in node.value)
        return _estimate({"low": low, "mode": mode, "high": high}, where, line, field)
    parts = _mapping(node, where, field)
    if "mode" not in parts:
        raise ScenarioError("a range needs a mode (the most likely value)", path=where,
                            line=line, field=field)
    values = {k: _yaml_number(v, where, f"{field}.{k}") for k, v in parts.items()
              if k in ("low", "mode", "high")}
    return _estimate(values, where, line, field)


def read_yaml(text: str, where: str = "scenario.yaml") -> Scenario:
    """Our YAML scenario format (see docs/FORECAST.md)."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ScenarioError(f"not valid YAML: {problem}", path=where,
                            line=mark.line + 1 if mark else None) from None
    if root is None:
        raise ScenarioError("the file is empty", path=where)
    top = _mapping(root, where, "scenario")
    capabilities: dict[str, Estimate] = {}
    if "capabilities" in top:
        _mapping(top["capabilities"], where, "capabilities")
        for key, value in top["capabilities"].value:
            capabilities[str(key.value).lower()] = _yaml_estimate(
                value, where, f"capabilities.{key.value}")
    if "issues" in top:
        if not isinstance(top["issues"], yaml.SequenceNode) or not top["issues"].value:
            raise ScenarioError("issues must be a non-empty list", path=where,
                                line=_line(top["issues"]), field="issues")
        issue_nodes = list(top["issues"].value)
    elif "actors" in top:
        issue_nodes = [root]
    else:
        raise ScenarioError("no issues: give a list `issues:` (or `actors:` for one issue)",
                            path=where, line=1, field="issues")
    issues = []
    for number, node in enumerate(issue_nodes, start=1):
        issues.append(_yaml_issue(node, where, number, capabilities))
    ids = [i.id.lower() for i in issues]
    for index, issue_id in enumerate(ids):
        if issue_id in ids[:index]:
            raise ScenarioError(f"issue id {issues[index].id!r} is used twice", path=where,
                                line=_line(issue_nodes[index]), field="id")
    name = _scalar(top["scenario"], where, "scenario") if "scenario" in top else Path(where).stem
    notes = (_scalar(top["notes"], where, "notes"),) if "notes" in top else ()
    return Scenario(name=name, issues=tuple(issues), source=where, notes=notes)


def _yaml_issue(node: yaml.Node, where: str, number: int,
                capabilities: dict[str, Estimate]) -> Issue:
    parts = _mapping(node, where, "issue")
    issue_id = _scalar(parts["id"], where, "id") if "id" in parts else f"issue{number}"
    label = _scalar(parts["label"], where, "label") if "label" in parts else ""
    status_quo = (_yaml_number(parts["status_quo"], where, "status_quo")
                  if "status_quo" in parts else None)
    scale, anchors = None, ("", "")
    if "scale" in parts:
        scale_node = parts["scale"]
        if isinstance(scale_node, yaml.SequenceNode) and len(scale_node.value) == 2:
            low, high = (_yaml_number(v, where, "scale") for v in scale_node.value)
        else:
            ends = _mapping(scale_node, where, "scale")
            for key in ("low", "high"):
                if key not in ends:
                    raise ScenarioError(f"the scale needs {key}", path=where,
                                        line=_line(scale_node), field="scale")
            low = _yaml_number(ends["low"], where, "scale.low")
            high = _yaml_number(ends["high"], where, "scale.high")
            anchors = (_scalar(ends["low_label"], where, "scale.low_label")
                       if "low_label" in ends else "",
                       _scalar(ends["high_label"], where, "scale.high_label")
                       if "high_label" in ends else "")
        if not high > low:
            raise ScenarioError(f"the scale's high end ({high:g}) must exceed its low end "
                                f"({low:g})", path=where, line=_line(scale_node), field="scale")
        scale = (low, high)
        if status_quo is not None and not low <= status_quo <= high:
            raise ScenarioError(f"status quo {status_quo:g} is outside the scale", path=where,
                                line=_line(parts["status_quo"]), field="status_quo")
    if "actors" not in parts or not isinstance(parts["actors"], yaml.SequenceNode):
        raise ScenarioError(f"issue {issue_id!r} needs a list `actors:`", path=where,
                            line=_line(node), field="actors")
    if len(parts["actors"].value) < 2:
        raise ScenarioError(f"issue {issue_id!r} has {len(parts['actors'].value)} actor(s); a "
                            "forecast needs at least two", path=where,
                            line=_line(parts["actors"]), field="actors")
    raw = []
    for actor_node in parts["actors"].value:
        line = _line(actor_node)
        fields = _mapping(actor_node, where, "actor")
        if "name" not in fields:
            raise ScenarioError("the actor has no name", path=where, line=line, field="name")
        name = _scalar(fields["name"], where, "name").strip()
        code = _scalar(fields["code"], where, "code").strip() if "code" in fields else None
        record: dict[str, Any] = {"name": name, "code": code}
        for field in _FIELDS:
            if field in fields:
                record[field] = _yaml_estimate(fields[field], where, field)
            elif field == "capability" and (name.lower() in capabilities or
                                            (code or "").lower() in capabilities):
                record[field] = capabilities.get(name.lower()) or capabilities[
                    (code or "").lower()]
            else:
                raise ScenarioError(f"actor {name!r} has no {field}", path=where, line=line,
                                    field=field)
        if "description" in fields:
            record["description"] = _scalar(fields["description"], where, "description")
        raw.append((line, record))
    return _issue(issue_id, raw, where, label=label, status_quo=status_quo, scale=scale,
                  anchors=anchors)
