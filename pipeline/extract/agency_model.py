"""A small statistical agency-span tagger for what the rules of :mod:`agencies` miss.

Token-level BIO tagger: a multinomial ``LogisticRegression`` over ``DictVectorizer``
features (lower-cased word, shape, two words either side, gazetteer starts/insides from
:func:`~pipeline.extract.agencies.load_gazetteer`, position in the line, punctuation
neighbours), decoded per line with a constrained Viterbi (``I`` only after ``B``/``I``).

Tokens are the whitespace-separated words with punctuation split off (``tỉnh,`` gives
``tỉnh`` and ``,``; ``TN&MT`` and ``VH-TT&DL`` stay one token), so a span never swallows a
trailing comma.  Spans never cross a line break.

Public API: :func:`train`, :func:`load_model`, :meth:`Model.spans`; training data from the
gold annotations by :func:`build_examples`.  CLI::

    python -m pipeline.extract.agency_model train

builds the data, trains on all annotation files except :data:`HELD_OUT`, prints span-level
P/R/F1 (exact match) of the model, of the rules (``find_agencies``) and of their union on
the held-out documents, then trains on everything and writes ``models/agencies/span_model.joblib``.
See ``models/agencies/CARD.md`` ("Statistical span model").
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipeline.extract.agencies import DATA_DIR, find_agencies, load_gazetteer, modern_tone

REPO = Path(__file__).resolve().parents[2]
MODEL_PATH = DATA_DIR / "span_model.joblib"
ANNOTATIONS_DIR = REPO / "annotations"
SHARED_DIR = Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))
HELD_OUT = ("d16", "d19", "d21", "d23")
LABELS = ("O", "B", "I")
FORMAT = 1

_TOKEN_RE = re.compile(r"\w+(?:[&'’.\-]\w+)*|[^\w\s]")
_BULLET_TOKEN_RE = re.compile(r"^(?:\d+(?:\.\d+)*|[a-zđ]|[ivxlIVXL]+|[-+•*–—.)(:])$")

Span = tuple[int, int]


# ---------------------------------------------------------------------------------------------
# tokens and features


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, token)`` for the words and punctuation marks of ``text``."""
    return [(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


def _lines(text: str) -> list[list[tuple[int, int, str]]]:
    """Tokens of ``text`` grouped by line (empty lines dropped)."""
    out: list[list[tuple[int, int, str]]] = []
    pos = 0
    for line in text.split("\n"):
        toks = [(s + pos, e + pos, w) for s, e, w in tokenize(line)]
        if toks:
            out.append(toks)
        pos += len(line) + 1
    return out


def _shape(w: str) -> str:
    if w.isdigit():
        return "d"
    if not any(c.isalnum() for c in w):
        return "p"
    if any(c.isdigit() for c in w):
        return "ad"
    if w.isupper():
        return "X" if len(w) > 1 else "X1"
    if w[:1].isupper():
        return "Xx" if w[1:].islower() or len(w) == 1 else "XxX"
    if w.islower():
        return "x"
    return "mix"


def _key(w: str) -> str:
    return modern_tone(unicodedata.normalize("NFC", w)).lower()


@lru_cache(maxsize=1)
def _gazetteer_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """First token (lower) -> [(token tuple, kind)], longest first."""
    g = load_gazetteer()
    lists = {
        "name": [n for n, _ in g.names],
        "head": [h for h, _ in g.heads],
        "dom": [d for d, _ in g.domains],
        "prov": [p for p, _ in g.provinces],
        "abbr": [a for a, _ in g.abbreviations],
        "title": [t for t, _ in g.titles],
        "cat": sorted(g.categories),
        "verb": list(g.verbs),
    }
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for kind, entries in lists.items():
        for entry in entries:
            toks = tuple(_key(w) for _, _, w in tokenize(entry))
            if toks:
                index.setdefault(toks[0], []).append((toks, kind))
    for lst in index.values():
        lst.sort(key=lambda x: -len(x[0]))
    return index


def _gazetteer_tags(keys: Sequence[str]) -> list[set[str]]:
    """Per token: ``kind_B`` where the longest entry of that kind starts, ``kind_I`` inside."""
    index = _gazetteer_index()
    tags: list[set[str]] = [set() for _ in keys]
    n = len(keys)
    for i, k in enumerate(keys):
        seen: set[str] = set()
        for toks, kind in index.get(k, ()):
            if kind in seen or i + len(toks) > n or tuple(keys[i:i + len(toks)]) != toks:
                continue
            seen.add(kind)
            tags[i].add(kind + "_B")
            for j in range(i + 1, i + len(toks)):
                tags[j].add(kind + "_I")
            if len(toks) > 1:
                tags[i + len(toks) - 1].add(kind + "_E")
    return tags


def _line_features(toks: Sequence[tuple[int, int, str]]) -> list[dict[str, float]]:
    """Feature dicts for the tokens of one line."""
    words = [w for _, _, w in toks]
    keys = [_key(w) for w in words]
    shapes = [_shape(w) for w in words]
    gaz = _gazetteer_tags(keys)
    n = len(words)
    first_word = next((i for i, w in enumerate(words) if not _BULLET_TOKEN_RE.match(w)), n)
    bullet = first_word > 0
    feats = []
    for i in range(n):
        f: dict[str, float] = {"bias": 1.0, "w=" + keys[i]: 1.0, "sh=" + shapes[i]: 1.0}
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f[f"w{d:+d}=" + keys[j]] = 1.0
                f[f"sh{d:+d}=" + shapes[j]] = 1.0
            else:
                f[f"w{d:+d}=<edge>"] = 1.0
        if i > 0:
            f["bi-1=" + keys[i - 1] + "|" + keys[i]] = 1.0
            f["shbi-1=" + shapes[i - 1] + "|" + shapes[i]] = 1.0
        if i + 1 < n:
            f["bi+1=" + keys[i] + "|" + keys[i + 1]] = 1.0
        for t in gaz[i]:
            f["g=" + t] = 1.0
        for d in (-1, 1, 2):
            j = i + d
            if 0 <= j < n:
                for t in gaz[j]:
                    f[f"g{d:+d}=" + t] = 1.0
        if i > 0 and shapes[i - 1] == "p":
            f["prevp=" + words[i - 1]] = 1.0
        if i + 1 < n and shapes[i + 1] == "p":
            f["nextp=" + words[i + 1]] = 1.0
        rel = i - first_word
        f["pos=" + (str(rel) if 0 <= rel < 6 else ("pre" if rel < 0 else "6+"))] = 1.0
        f["relpos=" + str(min(3, int(4 * i / n)))] = 1.0
        f["linelen=" + ("1-3" if n <= 3 else "4-12" if n <= 12 else "13+")] = 1.0
        if bullet:
            f["bullet_line"] = 1.0
        if i == n - 1:
            f["last"] = 1.0
        feats.append(f)
    return feats


# ---------------------------------------------------------------------------------------------
# labels and decoding


def _bio(toks: Sequence[tuple[int, int, str]], spans: Sequence[Span]) -> list[str]:
    """BIO labels of ``toks`` for the character ``spans`` (a token overlapping a span is in it)."""
    labels = ["O"] * len(toks)
    for s, e in spans:
        first = True
        for i, (ts, te, _) in enumerate(toks):
            if ts < e and te > s:
                labels[i] = "B" if first else "I"
                first = False
    return labels


def _viterbi(logp: Sequence[Sequence[float]]) -> list[str]:
    """Best BIO path under ``log P(label | token)`` with ``I`` allowed only after ``B``/``I``."""
    neg = -1e18
    o, b, i = 0, 1, 2
    score = [logp[0][o], logp[0][b], neg]
    back: list[tuple[int, int, int]] = []
    for row in logp[1:]:
        best_any = max(range(3), key=lambda k: score[k])
        best_bi = b if score[b] >= score[i] else i
        back.append((best_any, best_any, best_bi))  # O and B follow anything; I follows B or I
        score = [score[best_any] + row[o], score[best_any] + row[b], score[best_bi] + row[i]]
    k = max(range(3), key=lambda j: score[j])
    path = [k]
    for bp in reversed(back):
        k = bp[k]
        path.append(k)
    return [LABELS[j] for j in reversed(path)]


def _spans_from_bio(toks: Sequence[tuple[int, int, str]], labels: Sequence[str]) -> list[Span]:
    out: list[Span] = []
    start = end = None
    for (ts, te, _), lab in zip(toks, labels, strict=True):
        if lab == "B" or (lab == "I" and start is None):
            if start is not None:
                out.append((start, end))
            start, end = ts, te
        elif lab == "I":
            end = te
        else:
            if start is not None:
                out.append((start, end))
            start = end = None
    if start is not None:
        out.append((start, end))
    return out


# ---------------------------------------------------------------------------------------------
# model


@dataclass
class Model:
    """A trained tagger: ``DictVectorizer`` + ``LogisticRegression`` over BIO labels."""

    vectorizer: object
    classifier: object
    meta: dict = field(default_factory=dict)

    def _logp(self, feats: list[dict[str, float]]) -> list[list[float]]:
        proba = self.classifier.predict_proba(self.vectorizer.transform(feats))
        cols = [list(self.classifier.classes_).index(lab) if lab in self.classifier.classes_ else None
                for lab in LABELS]
        return [[math.log(max(row[c], 1e-12)) if c is not None else -1e9 for c in cols] for row in proba]

    def spans(self, text: str) -> list[Span]:
        """Character offsets ``(start, end)`` of predicted agency spans, sorted, non-overlapping."""
        if not text:
            return []
        lines = _lines(text)
        if not lines:
            return []
        feats = [f for toks in lines for f in _line_features(toks)]
        logp = self._logp(feats)
        out: list[Span] = []
        k = 0
        for toks in lines:
            labels = _viterbi(logp[k:k + len(toks)])
            k += len(toks)
            out.extend(_spans_from_bio(toks, labels))
        return out

    def save(self, path: Path = MODEL_PATH) -> Path:
        import joblib

        payload = {"format": FORMAT, "vectorizer": self.vectorizer, "classifier": self.classifier,
                   "meta": self.meta}
        joblib.dump(payload, path, compress=3)
        return path


@dataclass(frozen=True)
class Example:
    """One training document: its text and gold agency spans (character offsets)."""

    text: str
    spans: tuple[Span, ...]
    doc: str = ""


def _as_example(ex: object) -> Example:
    if isinstance(ex, Example):
        return ex
    text, spans = ex  # type: ignore[misc]
    return Example(text=text, spans=tuple(tuple(s) for s in spans))


def train(examples: Iterable[Example | tuple[str, Sequence[Span]]], *, c: float = 4.0,
          min_count: int = 2, max_iter: int = 300) -> Model:
    """Train a tagger on ``examples`` (:class:`Example` or ``(text, spans)`` pairs).

    Features seen fewer than ``min_count`` times are dropped (small model file).
    """
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats: list[dict[str, float]] = []
    labels: list[str] = []
    n_docs = n_spans = 0
    for ex in map(_as_example, examples):
        n_docs += 1
        n_spans += len(ex.spans)
        for toks in _lines(ex.text):
            feats.extend(_line_features(toks))
            labels.extend(_bio(toks, ex.spans))
    if not feats:
        raise ValueError("no tokens to train on")
    counts = Counter(k for f in feats for k in f)
    keep = {k for k, n in counts.items() if n >= min_count} | {"bias"}
    feats = [{k: v for k, v in f.items() if k in keep} for f in feats]
    vec = DictVectorizer(dtype=float, sparse=True)
    x = vec.fit_transform(feats)
    if len(set(labels)) < 2:
        labels = labels[:-1] + ["B" if labels[-1] == "O" else "O"]
    clf = LogisticRegression(C=c, max_iter=max_iter)
    clf.fit(x, labels)
    meta = {"docs": n_docs, "spans": n_spans, "tokens": len(labels), "features": len(vec.vocabulary_),
            "C": c, "min_count": min_count, "labels": dict(Counter(labels))}
    return Model(vectorizer=vec, classifier=clf, meta=meta)


def load_model(path: Path = MODEL_PATH) -> Model | None:
    """The saved model at ``path`` (default ``models/agencies/span_model.joblib``), or None."""
    path = Path(path)
    if not path.exists():
        return None
    import joblib

    payload = joblib.load(path)
    return Model(vectorizer=payload["vectorizer"], classifier=payload["classifier"],
                 meta=payload.get("meta", {}))


# ---------------------------------------------------------------------------------------------
# training data from the gold annotations


def _source_path(source: str, shared: Path) -> Path:
    sub = "seeds" if re.match(r"^\d{3}_", source) else "corpus"
    return shared / sub / source


def _gold_strings(data: dict) -> list[str]:
    """Printed ``text`` and canonical ``name`` of every assignee agency, without duplicates."""
    out: list[str] = []
    for task in data.get("tasks", []):
        for a in task.get("assignees", []) or []:
            ag = a.get("agency") or {}
            for key in ("text", "name"):
                s = unicodedata.normalize("NFC", (ag.get(key) or "").strip())
                if s and s not in out:
                    out.append(s)
    return out


def _inner_spans(text: str) -> list[Span]:
    """Occurrences of gazetteer heads/names (so fragments such as `nhân dân` inside them are not labelled)."""
    g = load_gazetteer()
    words = sorted({w for w, _ in g.heads} | {n for n, _ in g.names}, key=len, reverse=True)
    pat = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def _with_abbreviations(strings: Sequence[str]) -> list[str]:
    """The strings plus their abbreviated printings (``Ủy ban nhân dân tỉnh`` -> ``UBND tỉnh``)."""
    pairs = [(a, e) for a, e in load_gazetteer().abbreviations if a.isupper() and len(a) > 2 and " " in e]
    out = list(dict.fromkeys(strings))
    for s in strings:
        hits = [(a, e) for a, e in pairs if e in s]
        every = s
        for a, e in hits:
            out.append(s.replace(e, a))
            every = every.replace(e, a)
        out.append(every)
    return list(dict.fromkeys(out))


def derive_spans(text: str, strings: Sequence[str]) -> list[Span]:
    """Gold spans: every case-insensitive occurrence of each gold string, longest first, no overlaps.

    Matching is on NFC text with modern tone marks; spans align with token boundaries; the
    abbreviated printings of a string (``UBND``, ``MTTQ``, ``UBMTTQ`` ...) are matched too.
    Noise controls: strings that are predicate cues (``Chủ trì``) are skipped, a one-word
    string must be printed capitalised (``Sở`` but not ``cơ sở``), and a match that starts
    inside a longer gazetteer head/name (``nhân dân`` in ``Ủy ban nhân dân``) is dropped.
    """
    norm = modern_tone(unicodedata.normalize("NFC", text))
    if len(norm) != len(text):  # offsets must stay valid
        norm = text
    verbs = {v.lower() for v in load_gazetteer().verbs}
    starts = {s for s, _, _ in tokenize(text)}
    ends = {e for _, e, _ in tokenize(text)}
    inner = _inner_spans(norm)
    cands: list[Span] = []
    for s in _with_abbreviations(strings):
        key = modern_tone(s)
        if key.lower() in verbs:
            continue
        one_word = len(tokenize(key)) == 1
        parts = [re.escape(p) for p in key.split()]
        pat = re.compile(r"(?<!\w)" + r"[ \t]+".join(parts) + r"(?!\w)", 0 if one_word else re.I)
        for m in pat.finditer(norm):
            a, b = m.start(), m.end()
            if a not in starts or b not in ends:
                continue
            if any(s0 < a < e0 for s0, e0 in inner):
                continue
            cands.append((a, b))
    cands = sorted(set(cands), key=lambda x: (-(x[1] - x[0]), x[0]))
    taken: list[Span] = []
    for a, b in cands:
        if all(b <= s0 or a >= e0 for s0, e0 in taken):
            taken.append((a, b))
    return sorted(taken)


def build_examples(annotations: Path = ANNOTATIONS_DIR, shared: Path = SHARED_DIR,
                   log=None) -> list[Example]:
    """One :class:`Example` per annotation file whose source document exists."""
    from pipeline.document import process_file

    out = []
    for path in sorted(Path(annotations).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        src = _source_path(data.get("source", ""), Path(shared))
        if not data.get("source") or not src.exists():
            if log:
                log(f"skip {path.name}: source {src} missing")
            continue
        text = process_file(src, ocr=False).text
        out.append(Example(text=text, spans=tuple(derive_spans(text, _gold_strings(data))), doc=path.stem))
    return out


# ---------------------------------------------------------------------------------------------
# evaluation and CLI


def rule_spans(text: str) -> list[Span]:
    """Spans of :func:`~pipeline.extract.agencies.find_agencies`."""
    return [(s, e) for s, e, _ in find_agencies(text)]


def union_spans(rules: Sequence[Span], model: Sequence[Span]) -> list[Span]:
    """Rule spans plus the model spans that overlap no rule span."""
    extra = [m for m in model if all(m[1] <= r[0] or m[0] >= r[1] for r in rules)]
    return sorted(set(rules) | set(extra))


def prf(pred: Iterable[set[Span]], gold: Iterable[set[Span]]) -> dict[str, float]:
    """Micro span P/R/F1 (exact match) over documents."""
    tp = npred = ngold = 0
    for p, g in zip(pred, gold, strict=True):
        tp += len(p & g)
        npred += len(p)
        ngold += len(g)
    pr = tp / npred if npred else 0.0
    rc = tp / ngold if ngold else 0.0
    f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
    return {"P": pr, "R": rc, "F1": f1, "tp": tp, "pred": npred, "gold": ngold}


def evaluate(model: Model, examples: Sequence[Example]) -> dict[str, dict[str, float]]:
    """Held-out scores of the model, the rules and their union.

    ``union`` = rule spans plus the model spans that overlap none of them (the model only adds
    what the rules miss); ``union_all`` = the plain set union of both span sets.
    """
    gold = [set(ex.spans) for ex in examples]
    m = [model.spans(ex.text) for ex in examples]
    r = [rule_spans(ex.text) for ex in examples]
    u = [union_spans(rr, mm) for rr, mm in zip(r, m, strict=True)]
    both = [set(rr) | set(mm) for rr, mm in zip(r, m, strict=True)]
    return {"model": prf(map(set, m), gold), "rules": prf(map(set, r), gold),
            "union": prf(map(set, u), gold), "union_all": prf(both, gold)}


def _cmd_train(args: argparse.Namespace) -> int:
    t0 = time.time()
    examples = build_examples(log=print)
    train_ex = [ex for ex in examples if ex.doc not in HELD_OUT]
    test_ex = [ex for ex in examples if ex.doc in HELD_OUT]

    def summary(name: str, exs: Sequence[Example]) -> str:
        toks = sum(len(tokenize(ex.text)) for ex in exs)
        return (f"{name}: {len(exs)} documents, {sum(len(ex.spans) for ex in exs)} spans, {toks} tokens "
                f"({', '.join(ex.doc for ex in exs)})")

    print(summary("train", train_ex))
    print(summary("held-out", test_ex))
    model = train(train_ex, c=args.c, min_count=args.min_count)
    scores = evaluate(model, test_ex)
    print("\nheld-out span scores (exact match)")
    print(f"{'system':<9} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'pred':>5} {'gold':>5}")
    for name, s in scores.items():
        print(f"{name:<9} {s['P']:6.3f} {s['R']:6.3f} {s['F1']:6.3f} {s['tp']:5d} {s['pred']:5d} {s['gold']:5d}")
    final = train(examples, c=args.c, min_count=args.min_count)
    final.meta["held_out_scores"] = scores
    final.meta["documents"] = [ex.doc for ex in examples]
    out = final.save(Path(args.out))
    print(f"\nfinal model: {final.meta['docs']} documents, {final.meta['spans']} spans, "
          f"{final.meta['tokens']} tokens, {final.meta['features']} features")
    print(f"saved {out} ({out.stat().st_size / 1e6:.2f} MB) in {time.time() - t0:.1f}s")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.extract.agency_model", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("train", help="build data from annotations/, evaluate on HELD_OUT, train on all, save")
    p.add_argument("--out", default=str(MODEL_PATH))
    p.add_argument("--c", type=float, default=4.0, help="inverse regularisation of LogisticRegression")
    p.add_argument("--min-count", type=int, default=2, help="drop features seen fewer times")
    args = parser.parse_args(argv)
    return _cmd_train(args)


if __name__ == "__main__":
    sys.exit(main())
