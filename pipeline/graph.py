"""Citation graph (SPEC 6): node keys, corpus resolution, networkx graph and exports.

A node is a document: every input document and every referenced one. Its key is
`type|number_symbol|year|jurisdiction` (jurisdiction empty for central bodies), because
local numbers restart every year or term and `15-CT/TU` exists in every province.

A reference resolves to an input document when exactly one fits:
1. same number-symbol and jurisdiction (and year when both are known);
2. for input documents that do not print their own number: same doc type, compatible
   jurisdiction and date, and a title that the reference's title (or text) overlaps.
The matched input document then takes the reference's identity (number, year, date).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.doctypes import fold
from pipeline.extract.references import ns_key
from pipeline.models import Document, Edge, Evidence, Node, Reference, to_dict

__all__ = ["build_graph", "node_key", "to_networkx", "write_graph"]

TITLE_OVERLAP = 0.75  # share of the shorter title's tokens found in the other one
_STOP_TOKENS = frozenset("của về và các số ngày năm trên địa bàn thành phố tỉnh việc".split())


def node_key(doc_type: str | None, number_symbol: str | None, year: int | str | None, jurisdiction: str | None,
             *, title: str | None = None) -> str:
    """`type|number_symbol|year|jurisdiction`; a document without a number uses its title
    in the number slot (`LUAT|Thực hiện dân chủ ở cơ sở||`)."""
    ident = number_symbol or (title or "")
    return f"{doc_type or ''}|{ident}|{year or ''}|{jurisdiction or ''}"


def _has_number(ns: str | None) -> bool:
    """True when a number-symbol carries a number (`/KH-UBND` of a draft does not)."""
    return bool(ns and re.match(r"\s*\d", ns))


def _year(date: str | None, ns: str | None = None) -> int | None:
    """Year from an ISO date, else from a normative number (`61/2023/NĐ-CP`)."""
    if date:
        return int(date[:4])
    m = re.search(r"/((?:19|20)\d\d)/", ns or "")
    return int(m.group(1)) if m else None


def _jur(j: str | None) -> str:
    """Comparison key of a jurisdiction (no `tỉnh` / `thành phố` / `TP.`)."""
    k = re.sub(r"[^\w\s]", " ", fold(j or ""))
    k = re.sub(r"^(?:tỉnh|thành phố|tp)\s+", "", " ".join(k.split()))
    return k


def _tokens(s: str | None) -> set[str]:
    """Content tokens of a title."""
    return {t for t in re.findall(r"\w+", fold(s or "")) if t not in _STOP_TOKENS}


def title_overlap(a: str | None, b: str | None) -> float:
    """Overlap coefficient of two titles' content tokens (0..1)."""
    ta, tb = _tokens(a), _tokens(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


@dataclass
class _Input:
    """An input document while the graph is built."""

    doc: Document
    node: Node
    matched_by_title: bool = False
    aliases: set[str] = field(default_factory=set)


def _input_node(doc: Document) -> Node:
    """Node of an input document from its metadata."""
    m = doc.meta
    ns = m.number_symbol if _has_number(m.number_symbol) else None
    year = _year(m.date, ns)
    key = node_key(m.doc_type, ns, year, m.jurisdiction) if ns else f"doc:{doc.doc_id}"
    return Node(key=key, doc_type=m.doc_type, number_symbol=ns, year=year, date=m.date,
                jurisdiction=m.jurisdiction, issuer=m.issuer.name, title=m.title,
                doc_id=doc.doc_id, in_corpus=True)


def _ref_node(ref: Reference) -> Node:
    """Node of a referenced document."""
    key = node_key(ref.doc_type, ref.number_symbol, ref.year, ref.jurisdiction, title=ref.title)
    return Node(key=key, doc_type=ref.doc_type, number_symbol=ref.number_symbol, year=ref.year,
                date=ref.date, jurisdiction=ref.jurisdiction, issuer=ref.issuer, title=ref.title)


def _by_number(ref: Reference, inputs: list[_Input]) -> list[_Input]:
    """Input documents with the same number-symbol, jurisdiction and (known) year."""
    k = ns_key(ref.number_symbol)
    out = []
    for inp in inputs:
        n = inp.node
        if not n.number_symbol or ns_key(n.number_symbol) != k:
            continue
        if _jur(n.jurisdiction) != _jur(ref.jurisdiction):
            continue
        if ref.year and n.year and ref.year != n.year:
            continue
        out.append(inp)
    return out


def _compatible(ref: Reference, inp: _Input) -> bool:
    """Doc type, jurisdiction and date do not contradict each other."""
    n = inp.node
    if ref.doc_type and n.doc_type and ref.doc_type != n.doc_type:
        return False
    if _jur(n.jurisdiction) != _jur(ref.jurisdiction):
        return False
    if ref.date and n.date and ref.date != n.date:
        return False
    return not (ref.year and n.year and ref.year != n.year)


def _by_title(ref: Reference, inputs: list[_Input]) -> list[_Input]:
    """Number-less input documents that the reference's title describes."""
    rt = ref.title or (ref.text if not ref.number_symbol else None)
    if not rt:
        return []
    scored = []
    for inp in inputs:
        n = inp.node
        if n.number_symbol and not inp.matched_by_title:
            continue
        if inp.matched_by_title and ref.number_symbol and ns_key(ref.number_symbol) not in inp.aliases:
            continue
        if not _compatible(ref, inp):
            continue
        s = title_overlap(rt, n.title)
        if s >= TITLE_OVERLAP:
            scored.append((s, inp))
    scored.sort(key=lambda x: -x[0])
    if len(scored) > 1 and scored[0][0] - scored[1][0] < 0.1:
        return [i for _, i in scored]
    return [i for _, i in scored[:1]]


def _resolve(ref: Reference, inputs: list[_Input], citing: _Input) -> _Input | None:
    """The one input document a reference points to, or None."""
    pool = [i for i in inputs if i is not citing]
    if ref.number_symbol:
        hits = _by_number(ref, pool)
        if len(hits) == 1:
            return hits[0]
        if hits:
            return None
    hits = _by_title(ref, pool)
    return hits[0] if len(hits) == 1 else None


def _adopt(inp: _Input, ref: Reference) -> None:
    """A number-less input document takes the identity of the reference that matched it."""
    n = inp.node
    if not ref.number_symbol or inp.matched_by_title:
        return
    n.number_symbol = ref.number_symbol
    n.year = ref.year or n.year
    n.date = n.date or ref.date
    n.key = node_key(n.doc_type or ref.doc_type, ref.number_symbol, n.year, n.jurisdiction)
    inp.matched_by_title = True
    inp.aliases.add(ns_key(ref.number_symbol))


def _merge_node(nodes: dict[str, Node], node: Node) -> Node:
    """Add a referenced node, filling missing attributes of an existing one."""
    old = nodes.get(node.key)
    if old is None:
        nodes[node.key] = node
        return node
    for attr in ("date", "issuer", "title", "year", "jurisdiction"):
        if getattr(old, attr) is None and getattr(node, attr) is not None:
            setattr(old, attr, getattr(node, attr))
    return old


def build_graph(documents: list[Document]) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges of the citation graph of `documents` (SPEC 6).

    Every input document gets a node (`in_corpus`), every referenced document one too;
    references that resolve to exactly one input document point at its node, and that
    node takes the reference's number, year and date when it printed none. Fills each
    `Reference.target` with the node key. Edges aggregate per (source, target, relation)
    with a count and the evidence spans.
    """
    inputs = [_Input(doc=d, node=_input_node(d)) for d in documents]
    targets: list[tuple[_Input, Reference, _Input | None]] = []
    # pass 1: resolve by number first so that title matches only see number-less inputs
    for citing in inputs:
        for ref in citing.doc.references:
            hit = _resolve(ref, inputs, citing)
            if hit is not None and not hit.node.number_symbol:
                _adopt(hit, ref)
            targets.append((citing, ref, hit))
    # pass 2: re-resolve unresolved references now that adopted identities are known
    targets = [(c, r, h or _resolve(r, inputs, c)) for c, r, h in targets]
    nodes: dict[str, Node] = {}
    for inp in inputs:
        _merge_node(nodes, inp.node)
    edges: dict[tuple[str, str, str], Edge] = {}
    for citing, ref, hit in targets:
        target = hit.node if hit is not None else _merge_node(nodes, _ref_node(ref))
        ref.target = target.key
        if target.key == citing.node.key:
            continue
        k = (citing.node.key, target.key, ref.relation)
        edge = edges.setdefault(k, Edge(source=k[0], target=k[1], relation=k[2]))
        edge.count += 1
        edge.evidence.append(Evidence(doc_id=citing.doc.doc_id, start=ref.start, end=ref.end))
    return list(nodes.values()), list(edges.values())


def _scalar_attrs(d: dict) -> dict:
    """GraphML attributes must be scalars: drop None, lists/dicts as JSON strings."""
    out = {}
    for k, v in d.items():
        if v is None:
            continue
        out[k] = json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v
    return out


def to_networkx(nodes: Iterable[Node], edges: Iterable[Edge]):
    """A `networkx.MultiDiGraph` of the graph (edge key = relation), scalar attributes only."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in nodes:
        g.add_node(n.key, **_scalar_attrs({k: v for k, v in to_dict(n).items() if k != "key"}))
    for e in edges:
        attrs = _scalar_attrs({k: v for k, v in to_dict(e).items() if k not in ("source", "target")})
        g.add_edge(e.source, e.target, key=e.relation, **attrs)
    return g


def write_graph(nodes: list[Node], edges: list[Edge], out_dir: Path) -> Path:
    """Write `graph/nodes.jsonl`, `graph/edges.jsonl` and `graph/graph.graphml` under `out_dir`."""
    import networkx as nx

    gdir = Path(out_dir) / "graph"
    gdir.mkdir(parents=True, exist_ok=True)
    with open(gdir / "nodes.jsonl", "w", encoding="utf-8") as fh:
        for n in nodes:
            fh.write(json.dumps(to_dict(n), ensure_ascii=False) + "\n")
    with open(gdir / "edges.jsonl", "w", encoding="utf-8") as fh:
        for e in edges:
            fh.write(json.dumps(to_dict(e), ensure_ascii=False) + "\n")
    nx.write_graphml(to_networkx(nodes, edges), gdir / "graph.graphml")
    return gdir
