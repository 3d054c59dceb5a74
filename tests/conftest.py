"""Shared fixtures: where the shared corpus and gold live (outside the repository)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Path inside ../shared; skips the calling test with a clear reason if absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the shared corpus is not next to this checkout")
    return path


@pytest.fixture
def shared_corpus() -> Path:
    return shared_path("corpus")


@pytest.fixture
def repo_corpus() -> Path:
    return REPO / "corpus"
