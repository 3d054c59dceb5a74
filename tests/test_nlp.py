"""spaCy integration: entities on doc.ents, records on doc._, displaCy renders."""

from __future__ import annotations

from spacy import displacy

import pipeline.nlp
from tests.conftest import REPO


def test_spacy_doc_carries_the_record() -> None:
    nlp = pipeline.nlp.load()
    text = (REPO / "corpus" / "001_47bec7b1f90f71d7.txt").read_text(encoding="utf-8")
    doc = nlp(text)
    assert doc._.meta.number_symbol == "77/KH-UBND"
    assert len(doc._.tasks) >= 10
    labels = {ent.label_ for ent in doc.ents}
    assert {"AGENCY", "DOCREF", "DATE"} <= labels
    assert any(ent.text.startswith("Chỉ thị số 15-CT/TU") for ent in doc.ents if ent.label_ == "DOCREF")
    html = displacy.render(doc, style="ent", page=False)
    assert "AGENCY" in html


def test_component_is_registered() -> None:
    import spacy

    nlp = spacy.blank("xx")
    nlp.add_pipe("vanban")
    doc = nlp("KẾ HOẠCH\nTriển khai\n1. Giao Sở Nội vụ chủ trì tổ chức tập huấn.")
    assert doc._.tasks and doc._.tasks[0].assignees[0].agency.name == "Sở Nội vụ"
