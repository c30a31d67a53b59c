"""Shared fixtures: the spaCy pipeline is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "japan-korea-thaw.txt"
SEED = SHARED / "seed" / "000_a488dd144c49220e.txt"


def shared_file(*parts: str) -> Path:
    """A reference file beside the repository, or skip the test with a clear message."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data {path} is not present on this machine")
    return path


@pytest.fixture(scope="session")
def nlp():
    from detente.parse import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def coder(nlp):
    from detente.pipeline import Coder

    return Coder(nlp=nlp)
