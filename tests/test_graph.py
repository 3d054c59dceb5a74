"""Citation graph (SPEC 6): keys, corpus resolution on the five seeds, exports."""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

import networkx as nx
import pytest

from pipeline.extract.references import find_references
from pipeline.graph import build_graph, node_key, write_graph
from pipeline.models import Document, Issuer, Meta, Reference, Source
from tests.conftest import shared_path


def _doc(text: str, meta: Meta, name: str) -> Document:
    text = unicodedata.normalize("NFC", text)
    doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest()[:16], source=Source(path=name, format="txt"),
                   text=text, meta=meta)
    doc.references = find_references(text, jurisdiction=meta.jurisdiction, doc_title=meta.title,
                                      doc_type=meta.doc_type, doc_number_symbol=meta.number_symbol,
                                      warnings=doc.warnings)
    return doc


def _seed_docs() -> list[Document]:
    """The five seeds with the gold header metadata (meta extraction is another stage)."""
    docs = []
    for g_path in sorted(shared_path("gold").glob("*.json")):
        g = json.loads(g_path.read_text(encoding="utf-8"))
        m = g["meta"]
        meta = Meta(doc_type=m.get("doc_type"), number_symbol=m.get("number_symbol"), date=m.get("date"),
                    jurisdiction=m.get("jurisdiction"), title=m.get("title"),
                    issuer=Issuer(name=(m.get("issuer") or {}).get("name")))
        text = shared_path("seeds", g["source"]).read_text(encoding="utf-8")
        docs.append(_doc(text, meta, g["source"]))
    return docs


def test_node_key() -> None:
    assert node_key("CT", "15-CT/TU", 2022, "Hải Phòng") == "CT|15-CT/TU|2022|Hải Phòng"
    assert node_key("NQ", "45-NQ/TW", 2019, None) == "NQ|45-NQ/TW|2019|"


def test_seed_graph_identities(tmp_path: Path) -> None:
    docs = _seed_docs()
    nodes, edges = build_graph(docs)
    by_src = {d.source.path[:3]: d for d in docs}
    key_of = {n.doc_id: n.key for n in nodes if n.in_corpus}
    assert key_of[by_src["000"].doc_id] == "KH|03/KH-UBND|2023|Hải Phòng"
    assert key_of[by_src["003"].doc_id] == "CT|15-CT/TU|2022|Hải Phòng"
    assert key_of[by_src["001"].doc_id] == "KH|77/KH-UBND|2023|Hải Phòng"
    assert sum(n.in_corpus for n in nodes) == 5
    pairs = {(e.source, e.target, e.relation) for e in edges}
    assert ("KH|77/KH-UBND|2023|Hải Phòng", "KH|03/KH-UBND|2023|Hải Phòng", "implements") in pairs
    assert ("KH|03/KH-UBND|2023|Hải Phòng", "CT|15-CT/TU|2022|Hải Phòng", "implements") in pairs
    assert ("CT|15-CT/TU|2022|Hải Phòng", "NQ|45-NQ/TW|2019|", "cites") in pairs
    for d in docs:
        assert all(r.target for r in d.references)
    # 004 (Đà Nẵng) cites 11-CT/TU with an impossible date: year kept in the key
    assert any(e.target == "CT|11-CT/TU|2021|Đà Nẵng" for e in edges)
    gdir = write_graph(nodes, edges, tmp_path)
    assert sum(1 for _ in open(gdir / "nodes.jsonl", encoding="utf-8")) == len(nodes)
    assert sum(1 for _ in open(gdir / "edges.jsonl", encoding="utf-8")) == len(edges)
    g = nx.read_graphml(gdir / "graph.graphml")
    assert g.number_of_nodes() == len(nodes)
    assert g.number_of_edges() == len(edges)


def _plain(ns: str | None, jur: str, title: str, refs: list[Reference], dtype: str = "KH") -> Document:
    meta = Meta(doc_type=dtype, number_symbol=ns, jurisdiction=jur, title=title, date="2024-05-01" if ns else None)
    doc = Document(doc_id=f"id-{ns}-{jur}-{title[:5]}", source=Source(path="x", format="txt"), text="", meta=meta)
    doc.references = refs
    return doc


def test_same_symbol_other_province_or_year_not_merged() -> None:
    ref = Reference(ref_id="ref-1", doc_type="CT", number_symbol="15-CT/TU", year=2022, date="2022-11-21",
                    jurisdiction="Hải Phòng", relation="cites")
    ct_dn = _plain("15-CT/TU", "Đà Nẵng", "về công tác dân vận", [], dtype="CT")
    citing = _plain("10/KH-UBND", "Hải Phòng", "Kế hoạch A", [ref])
    nodes, edges = build_graph([ct_dn, citing])
    assert edges[0].target == "CT|15-CT/TU|2022|Hải Phòng"
    assert {n.key for n in nodes} >= {"CT|15-CT/TU|2024|Đà Nẵng", "CT|15-CT/TU|2022|Hải Phòng"}
    ref2 = Reference(ref_id="ref-1", doc_type="CT", number_symbol="15-CT/TU", year=2020, jurisdiction="Đà Nẵng")
    nodes, edges = build_graph([ct_dn, _plain("11/KH-UBND", "Đà Nẵng", "Kế hoạch B", [ref2])])
    assert edges[0].target == "CT|15-CT/TU|2020|Đà Nẵng"


def test_edges_aggregate() -> None:
    refs = [Reference(ref_id="ref-1", doc_type="NQ", number_symbol="45-NQ/TW", year=2019, relation="cites",
                      start=5, end=20)]
    a = _plain("1/KH-UBND", "Hải Phòng", "A", refs)
    b = _plain("2/KH-UBND", "Hải Phòng", "B", [Reference(**{**refs[0].__dict__, "start": 7})])
    _, edges = build_graph([a, b])
    assert len(edges) == 2 and all(e.count == 1 and len(e.evidence) == 1 for e in edges)


@pytest.mark.parametrize("relation", ["implements", "based_on"])
def test_relation_kept_on_edges(relation: str) -> None:
    ref = Reference(ref_id="ref-1", doc_type="NQ", number_symbol="82/NQ-HĐND", year=2025,
                    jurisdiction="Hải Phòng", relation=relation)
    _, edges = build_graph([_plain("3/KH-UBND", "Hải Phòng", "C", [ref])])
    assert edges[0].relation == relation
