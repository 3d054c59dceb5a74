"""spaCy integration: the pipeline as a registered component, annotations on the Doc.

    import pipeline.nlp
    nlp = pipeline.nlp.load()
    doc = nlp(text)                 # text is normalized first; offsets follow the normalized text
    doc.ents                        # AGENCY / DATE / DOCREF / LOC / PERSON spans
    doc._.meta, doc._.tasks, doc._.references, doc._.sections
    spacy.displacy.render(doc, style="ent")

The component is registered as `vanban` so users can add it to their own pipelines
(`nlp.add_pipe("vanban")`) or put their own components after it. No model is
downloaded: the tokenizer is spaCy's multi-language rule-based one.
"""

from __future__ import annotations

from typing import Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.document import process_text
from pipeline.normalize import normalize

for _name in ("meta", "tasks", "references", "sections", "record"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


@Language.component("vanban")
def vanban_component(doc: Doc) -> Doc:
    """Run the vanban stages on `doc.text` and attach the results to the Doc."""
    record = process_text(doc.text)
    doc._.record = record
    doc._.meta = record.meta
    doc._.tasks = record.tasks
    doc._.references = record.references
    doc._.sections = record.sections
    doc.ents = _non_overlapping(doc, record.entities)
    return doc


def _non_overlapping(doc: Doc, entities: list[Any]) -> list[Span]:
    spans: list[Span] = []
    taken: set[int] = set()
    for entity in sorted(entities, key=lambda e: (e.start, -(e.end - e.start))):
        span = doc.char_span(entity.start, entity.end, label=entity.label, alignment_mode="expand")
        if span is None or any(i in taken for i in range(span.start, span.end)):
            continue
        taken.update(range(span.start, span.end))
        spans.append(span)
    return spans


class _Normalizing:
    """A Language wrapper whose __call__ normalizes the raw text before tokenizing, so the
    Doc's character offsets are those of every vanban output."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp

    def __call__(self, text: str, fmt: str = "txt") -> Doc:
        return self.nlp(normalize(text, fmt).text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.nlp, name)


def load() -> _Normalizing:
    """A spaCy pipeline (multi-language tokenizer + the `vanban` component)."""
    nlp = spacy.blank("xx")
    nlp.add_pipe("vanban")
    return _Normalizing(nlp)
