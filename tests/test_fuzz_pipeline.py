"""Every text stage accepts any string: a short run of benchmarks/fuzz_pipeline.py in CI."""

from __future__ import annotations

import importlib.util
import sys

import pytest

from tests.conftest import REPO

_spec = importlib.util.spec_from_file_location("fuzz_pipeline", REPO / "benchmarks" / "fuzz_pipeline.py")
fuzz_pipeline = importlib.util.module_from_spec(_spec)
sys.modules["fuzz_pipeline"] = fuzz_pipeline
_spec.loader.exec_module(fuzz_pipeline)


@pytest.mark.parametrize("name", sorted(fuzz_pipeline.TARGETS))
def test_no_crash_on_random_text(name: str) -> None:
    assert fuzz_pipeline.fuzz(name, fuzz_pipeline.TARGETS[name], 300, seed=7) == 0
