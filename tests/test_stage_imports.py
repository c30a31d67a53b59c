"""Stages import only earlier stages: a vocabulary two stages share lives with the earlier one,
and the later one imports its reader, never the other way round."""

from __future__ import annotations

import ast
from pathlib import Path

import detente

STAGES = ["ingest", "clean", "parse", "actors", "events", "ground", "store", "analyse", "present"]
PACKAGE = Path(detente.__file__).parent


def _imported_stages(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            parts = name.split(".")
            if parts[0] == "detente" and len(parts) > 1 and parts[1] in STAGES:
                found.add(parts[1])
    return found


def test_no_stage_imports_a_later_stage() -> None:
    upward = []
    for rank, stage in enumerate(STAGES):
        for path in sorted((PACKAGE / stage).rglob("*.py")):
            later = {s for s in _imported_stages(path) if STAGES.index(s) > rank}
            upward += [f"{path.relative_to(PACKAGE)} imports detente.{s}" for s in sorted(later)]
    assert upward == []
    # the check reads real imports: the grounding stage takes the event stage's modality words
    assert "events" in _imported_stages(PACKAGE / "ground" / "grounder.py")
