"""Scoring against gold annotations (SPEC section 7), as `vanban eval` runs it.

The rules are those of the project's reference scorer (shared/tools/score.py),
kept here so that an installed package can score itself: `evaluate(gold, pred)`
returns the figures, `format_table` prints them.
"""
# ruff: noqa
import json, re, sys, unicodedata
from pathlib import Path

_TONES = "\u0300\u0301\u0309\u0303\u0323"


def _modern_tone(s):
    """Modern tone placement: hoà→hòa, uỷ→ủy (old style marks the second vowel)."""
    d = unicodedata.normalize("NFD", s)
    # move a tone mark from the 2nd vowel of oa/oe/uy (word-final) to the 1st
    d = re.sub(r"([oO])([aAeE])([" + _TONES + r"])(?![^\W\d_])", r"\1\3\2", d)
    d = re.sub(r"([uU])([yY])([" + _TONES + r"])(?![^\W\d_])", r"\1\3\2", d)
    return unicodedata.normalize("NFC", d)


def norm(s):
    if s is None:
        return ""
    s = _modern_tone(unicodedata.normalize("NFC", str(s)))
    s = s.replace("“", '"').replace("”", '"').replace("–", "-").replace("—", "-")
    s = re.sub(r"\s+", " ", s).strip().lower()
    return s.rstrip(" .;:,")


_AGENCY_LEAD = re.compile(r"^(tất cả các|thủ trưởng các|thủ trưởng|bộ trưởng|trưởng|chủ tịch|giám đốc|bí thư|người đứng đầu|lãnh đạo|đồng chí|đ c|các)\s+")
_JUR_LEAD = re.compile(r"^(tỉnh|thành phố|tp)\s+")


def jur_key(j):
    k = re.sub(r"[^\w\s]", " ", norm(j))
    return _JUR_LEAD.sub("", re.sub(r"\s+", " ", k).strip())


def agency_key(name):
    k = re.sub(r"[^\w\s]", " ", norm(name))
    k = re.sub(r"\s+", " ", k).strip()
    for _ in range(2):
        k = _AGENCY_LEAD.sub("", k)
    return k


def ns_key(ns):
    if not ns:
        return ""
    s = unicodedata.normalize("NFC", ns)
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = re.sub(r"\s+", "", s)
    return s.upper()


def tokens(s):
    return set(re.findall(r"\w+", norm(s)))


def dice(a, b):
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


def year_of(d, ns=None):
    if d:
        return str(d)[:4]
    m = re.search(r"/(19|20)(\d\d)/", ns or "")
    return m.group(1) + m.group(2) if m else ""


def node_key(ns, date=None, year=None, jur=None):
    y = str(year) if year else year_of(date, ns)
    return f"{ns_key(ns)}|{y}|{jur_key(jur)}"


class PRF:
    def __init__(self):
        self.tp = self.fp = self.fn = 0

    def add(self, gold, pred):
        gold, pred = set(gold), set(pred)
        self.tp += len(gold & pred)
        self.fp += len(pred - gold)
        self.fn += len(gold - pred)

    def row(self):
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": round(p, 4), "r": round(r, 4), "f1": round(f, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn}


class Acc:
    def __init__(self):
        self.ok = self.n = 0

    def add(self, good):
        self.n += 1
        self.ok += bool(good)

    def row(self):
        return {"acc": round(self.ok / self.n, 4) if self.n else 0.0, "ok": self.ok, "n": self.n}


def load_pred(pred_dir):
    docs = {}
    p = Path(pred_dir) / "documents.jsonl"
    if not p.exists():
        sys.exit(f"score.py: {p} not found: run `vanban run ... --out {pred_dir}` first")
    for line in p.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            src = (d.get("source") or {}).get("path") or ""
            docs[Path(src).stem] = d
    nodes, edges = {}, []
    gdir = Path(pred_dir) / "graph"
    if (gdir / "nodes.jsonl").exists():
        for line in (gdir / "nodes.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                n = json.loads(line)
                nodes[n.get("key")] = n
    if (gdir / "edges.jsonl").exists():
        for line in (gdir / "edges.jsonl").read_text(encoding="utf-8").splitlines():
            if line.strip():
                edges.append(json.loads(line))
    return docs, nodes, edges


def match_tasks(gold, pred):
    cands = []
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            s = dice(g.get("title"), p.get("title"))
            if g.get("section") and g.get("section") == p.get("section"):
                s += 0.25
            if s >= 0.5:
                cands.append((s, i, j))
    cands.sort(reverse=True)
    used_g, used_p, pairs = set(), set(), []
    for s, i, j in cands:
        if i not in used_g and j not in used_p:
            used_g.add(i)
            used_p.add(j)
            pairs.append((i, j))
    return pairs


def dl_tuple(d):
    if not d:
        return None
    return (d.get("kind"), d.get("start"), d.get("end"), d.get("freq"))


def evaluate(gold_dir, pred_dir, only=None):
    """Figures of SPEC section 7 for the predictions in `pred_dir` against `gold_dir`."""
    gold_dir, pred_dir = Path(gold_dir), Path(pred_dir)
    gold = {}
    for f in sorted(gold_dir.glob("*.json")):
        g = json.loads(f.read_text(encoding="utf-8"))
        stem = Path(g.get("source", f.name)).stem
        if only and stem not in only:
            continue
        gold[stem] = g
    docs, nodes, edges = load_pred(pred_dir)

    meta = {k: Acc() for k in ("doc_type", "number_symbol", "date", "issuer", "jurisdiction", "title", "signer")}
    sections, tasks, agencies, roles, refs, named = PRF(), PRF(), PRF(), PRF(), PRF(), PRF()
    deadlines, refdates = Acc(), Acc()
    missing = []
    for stem, g in gold.items():
        p = docs.get(stem)
        if p is None:
            missing.append(stem)
            p = {}
        gm, pm = g.get("meta", {}), p.get("meta") or {}
        for k in meta:
            if k not in gm:
                continue
            if stem in missing:
                meta[k].add(False)
                continue
            gv, pv = gm.get(k), pm.get(k)
            if k in ("issuer", "signer"):
                gv = (gv or {}).get("name")
                pv = (pv or {}).get("name") if isinstance(pv, dict) else pv
            if k == "number_symbol":
                meta[k].add(ns_key(gv) == ns_key(pv))
            elif k == "title":
                meta[k].add(dice(gv, pv) >= 0.9 if gv else not pv)
            elif k == "jurisdiction":
                meta[k].add(jur_key(gv) == jur_key(pv))
            elif k == "issuer":
                meta[k].add(agency_key(gv) == agency_key(pv))
            else:
                meta[k].add(norm(gv) == norm(pv))
        if "sections" in g:
            gs = [(x["id"], x.get("heading") or "") for x in g["sections"] if "-" not in str(x["id"])]
            ps = [(str(x.get("id")), x.get("heading") or "") for x in p.get("sections") or [] if "-" not in str(x.get("id"))]
            used, ok = set(), 0
            for gid, gh in gs:  # ids may repeat where a document repeats a marker
                for j, (pid, ph) in enumerate(ps):
                    if j not in used and pid == gid and (not gh or dice(gh, ph[: max(len(gh) * 2, 40)]) >= 0.6):
                        used.add(j)
                        ok += 1
                        break
            sections.tp += ok
            sections.fn += len(gs) - ok
            sections.fp += len(ps) - ok
        if "tasks" not in g:
            gt = pt = []
        else:
            gt, pt = g["tasks"], p.get("tasks") or []
        pairs = match_tasks(gt, pt)
        tasks.tp += len(pairs)
        tasks.fn += len(gt) - len(pairs)
        tasks.fp += len(pt) - len(pairs)
        mg = {i for i, _ in pairs}
        mp = {j for _, j in pairs}

        def akeys(t, with_role):
            out = set()
            for a in t.get("assignees") or []:
                ag = a.get("agency") or {}
                k = agency_key(ag.get("name") or ag.get("text"))
                out.add((a.get("role"), k) if with_role else k)
            return out

        for i, j in pairs:
            agencies.add(akeys(gt[i], False), akeys(pt[j], False))
            roles.add(akeys(gt[i], True), akeys(pt[j], True))
            if gt[i].get("deadline") or pt[j].get("deadline"):
                deadlines.add(dl_tuple(gt[i].get("deadline")) == dl_tuple(pt[j].get("deadline")))
        for i, t in enumerate(gt):
            if i not in mg:
                agencies.add(akeys(t, False), set())
                roles.add(akeys(t, True), set())
                if t.get("deadline"):
                    deadlines.add(False)
        for j, t in enumerate(pt):
            if j not in mp:
                agencies.add(set(), akeys(t, False))
                roles.add(set(), akeys(t, True))
        if "references" not in g:
            continue
        gr = [r for r in g.get("references", []) if r.get("number_symbol")]
        pr = [r for r in p.get("references") or [] if r.get("number_symbol")]
        refs.add({ns_key(r["number_symbol"]) for r in gr}, {ns_key(r["number_symbol"]) for r in pr})
        pdates = {}
        for r in pr:
            pdates.setdefault(ns_key(r["number_symbol"]), set()).add(r.get("date"))
        for r in gr:
            k = ns_key(r["number_symbol"])
            if k in pdates:
                refdates.add(r.get("date") in pdates[k])
        gn = [r for r in g.get("references", []) if not r.get("number_symbol")]
        pn = [r for r in p.get("references") or [] if not r.get("number_symbol")]
        hit = sum(1 for r in gn if any(dice(r.get("text"), q.get("text") or q.get("title")) >= 0.7 for q in pn))
        named.tp += hit
        named.fn += len(gn) - hit
        named.fp += max(0, len(pn) - hit)

    # graph: gold edges come from gold references; corpus docs are named by their gold "key"
    corpus_key = {}
    for stem, g in gold.items():
        m = dict(g.get("meta", {}), **(g.get("identity") or {}))
        num = re.sub(r"\D", "", (m.get("number_symbol") or "").split("/")[0].split("-")[0])
        k = node_key(m.get("number_symbol"), m.get("date"), None, m.get("jurisdiction")) if num else "doc:" + stem
        corpus_key[stem] = k
    gold_edges, gold_impl = set(), set()
    for stem, g in gold.items():
        for r in g.get("references", []):
            if not r.get("number_symbol"):
                continue
            t = node_key(r["number_symbol"], r.get("date"), r.get("year"), r.get("jurisdiction"))
            gold_edges.add((corpus_key[stem], t))
            if r.get("relation") == "implements":
                gold_impl.add((corpus_key[stem], t))
    id2stem = {d.get("doc_id"): stem for stem, d in docs.items()}

    def pnode(key):
        n = nodes.get(key) or {}
        if n.get("doc_id") in id2stem and id2stem[n["doc_id"]] in corpus_key:
            return corpus_key[id2stem[n["doc_id"]]]
        return node_key(n.get("number_symbol"), n.get("date"), n.get("year"), n.get("jurisdiction"))

    pe, pi = set(), set()
    gold_sources = set(corpus_key.values())
    for e in edges:
        s, t = pnode(e.get("source")), pnode(e.get("target"))
        if s not in gold_sources or t.startswith("|"):
            continue
        pe.add((s, t))
        if e.get("relation") == "implements":
            pi.add((s, t))
    graph, impl = PRF(), PRF()
    graph.add(gold_edges, pe)
    impl.add(gold_impl, pi)

    res = {
        "documents": {"gold": len(gold), "missing_in_pred": missing},
        "meta": {k: v.row() for k, v in meta.items()},
        "sections": sections.row(), "tasks": tasks.row(), "assignees": agencies.row(),
        "assignees_with_role": roles.row(), "deadlines": deadlines.row(),
        "references": refs.row(), "reference_dates": refdates.row(), "named_references": named.row(),
        "graph_edges": graph.row(), "implements_edges": impl.row(),
    }
    return res


def format_table(res):
    """The figures as a plain-text table."""
    width = 22
    lines = [f"{'figure':<{width}} value"]
    for k in ("sections", "tasks", "assignees", "assignees_with_role", "references", "named_references", "graph_edges", "implements_edges"):
        r = res[k]
        lines.append(f"{k:<{width}} F1 {r['f1']:.3f}  (P {r['p']:.3f} R {r['r']:.3f}; tp {r['tp']} fp {r['fp']} fn {r['fn']})")
    for k in ("deadlines", "reference_dates"):
        r = res[k]
        lines.append(f"{k:<{width}} acc {r['acc']:.3f}  ({r['ok']}/{r['n']})")
    for k, r in res["meta"].items():
        lines.append(f"{'meta.' + k:<{width}} acc {r['acc']:.3f}  ({r['ok']}/{r['n']})")
    missing = res["documents"]["missing_in_pred"]
    if missing:
        lines.append(f"missing in pred: {len(missing)}: {', '.join(missing[:10])}")
    return "\n".join(lines)
