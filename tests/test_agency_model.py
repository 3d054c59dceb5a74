"""Statistical agency-span model (pipeline/extract/agency_model.py, models/agencies/CARD.md)."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extract import agency_model as am

SENTENCE = (
    "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với Ban Quản lý các khu công nghiệp tỉnh "
    "tổ chức kiểm tra việc xả thải của các doanh nghiệp."
)


def _check_spans(text: str, spans: list[tuple[int, int]]) -> None:
    assert spans == sorted(spans)
    for s, e in spans:
        assert 0 <= s < e <= len(text)
        assert text[s:e] == text[s:e].strip()
    for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
        assert e1 <= s2


@pytest.fixture(scope="module")
def saved_model() -> am.Model:
    model = am.load_model()
    if model is None:
        pytest.skip(f"{am.MODEL_PATH} is absent: run `python -m pipeline.extract.agency_model train`")
    return model


def test_saved_model_on_real_sentence(saved_model: am.Model) -> None:
    spans = saved_model.spans(SENTENCE)
    _check_spans(SENTENCE, spans)
    assert spans, "the model finds no agency in a plain assignment sentence"
    found = [SENTENCE[s:e] for s, e in spans]
    assert any(f.startswith("Sở") for f in found), found


def test_load_model_absent(tmp_path) -> None:
    assert am.load_model(tmp_path / "none.joblib") is None


def _synthetic() -> list[tuple[str, list[tuple[int, int]]]]:
    heads = ["Sở Alpha", "Sở Beta Gamma", "Ban Delta", "Sở Epsilon", "Ban Zeta Eta"]
    verbs = ["chủ trì thực hiện", "phối hợp triển khai", "báo cáo kết quả"]
    out = []
    for k in range(40):
        head = heads[k % len(heads)]
        text = f"{head} {verbs[k % len(verbs)]} nhiệm vụ số {k} trong năm.\nNội dung khác không có gì."
        out.append((text, [(0, len(head))]))
    return out


def test_train_learns_repeated_pattern(tmp_path) -> None:
    model = am.train(_synthetic(), min_count=1)
    text = "Sở Beta Gamma chủ trì thực hiện nhiệm vụ số 99 trong năm."
    assert model.spans(text) == [(0, len("Sở Beta Gamma"))]
    assert model.spans("Nội dung khác không có gì.") == []
    path = model.save(tmp_path / "m.joblib")
    again = am.load_model(path)
    assert again is not None and again.spans(text) == model.spans(text)


def test_derive_spans_from_gold_strings() -> None:
    text = "Giao Sở Nội vụ và UBND tỉnh; Ủy ban nhân dân xã thực hiện; cơ sở dữ liệu."
    spans = am.derive_spans(text, ["Sở Nội vụ", "Ủy ban nhân dân tỉnh", "Sở", "Nhân dân"])
    assert [text[s:e] for s, e in spans] == ["Sở Nội vụ", "UBND tỉnh"]


def test_viterbi_never_starts_with_inside() -> None:
    import math

    row = [math.log(0.1), math.log(0.1), math.log(0.8)]
    labels = am._viterbi([row, row, row])
    assert labels[0] != "I"
    assert all(not (a == "O" and b == "I") for a, b in zip(labels, labels[1:], strict=False))


@pytest.fixture(scope="module")
def tiny_model() -> am.Model:
    return am.load_model() or am.train(_synthetic(), min_count=1)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.sampled_from(list("Sở Ban Ủy ủy ban nhân dân các xã, phường;:.\n\t-()&UBND0123"))
               | st.characters(), max_size=300))
def test_spans_never_raise_and_are_well_formed(tiny_model: am.Model, text: str) -> None:
    _check_spans(text, tiny_model.spans(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_spans_on_arbitrary_text(tiny_model: am.Model, text: str) -> None:
    _check_spans(text, tiny_model.spans(text))
