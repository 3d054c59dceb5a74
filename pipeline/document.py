"""One document through every stage: read → normalize → structure → extract → assemble.

`process_file(path)` and `process_text(text)` return a `Document`; the stages
are plain functions of their own modules and can be used alone. The registry
`STAGES` names the stages that run after normalization, in order; users can
append their own (a callable taking and returning the `Document`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from pathlib import Path

from pipeline.extract.references import find_references
from pipeline.extract.temporal import find_dates
from pipeline.models import Document, Entity, RawDocument, Source
from pipeline.normalize import normalize
from pipeline.read import read_file
from pipeline.structure.header import parse_meta
from pipeline.structure.outline import segment

Stage = Callable[[Document], Document]
MAX_AGENCY_SCAN = 5_000_000  # characters; the gazetteer scan is the slowest stage on huge texts


def doc_id_of(text: str) -> str:
    """SPEC: sha256 of the normalized text, first 16 hex digits."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def stage_header(doc: Document) -> Document:
    doc.meta = parse_meta(doc.text, doc.warnings)
    return doc


def stage_sections(doc: Document) -> Document:
    doc.sections = segment(doc.text)
    return doc


def stage_references(doc: Document) -> Document:
    doc.references = find_references(
        doc.text,
        jurisdiction=doc.meta.jurisdiction,
        doc_title=doc.meta.title,
        doc_type=doc.meta.doc_type,
        doc_number_symbol=doc.meta.number_symbol,
        warnings=doc.warnings,
    )
    doc.entities.extend(
        Entity("DOCREF", doc.text[r.start : r.end], r.start, r.end) for r in doc.references if r.end > r.start
    )
    return doc


def stage_dates(doc: Document) -> Document:
    doc.entities.extend(Entity("DATE", doc.text[s:e], s, e) for s, e, _ in find_dates(doc.text))
    return doc


def stage_agencies(doc: Document) -> Document:
    """AGENCY entities (gazetteer and patterns), PERSON for the signer, LOC for provinces."""
    from pipeline.extract.agencies import find_agencies
    from pipeline.places import province_spans

    if len(doc.text) <= MAX_AGENCY_SCAN:
        doc.entities.extend(Entity("AGENCY", doc.text[s:e], s, e) for s, e, _ in find_agencies(doc.text))
    else:
        doc.warnings.append(f"AGENCY entities not listed: text longer than {MAX_AGENCY_SCAN // 10**6} MB")
    name = doc.meta.signer.name
    if name:
        start = doc.text.rfind(name)
        if start >= 0:
            doc.entities.append(Entity("PERSON", name, start, start + len(name)))
    doc.entities.extend(Entity("LOC", doc.text[s:e], s, e) for s, e in province_spans(doc.text))
    return doc


def stage_tasks(doc: Document) -> Document:
    from pipeline.extract.tasks import assemble_tasks

    doc.tasks = assemble_tasks(doc)
    return doc


def stage_entities_sorted(doc: Document) -> Document:
    doc.entities.sort(key=lambda e: (e.start, e.end, e.label))
    return doc


STAGES: list[Stage] = [
    stage_header,
    stage_sections,
    stage_references,
    stage_dates,
    stage_agencies,
    stage_tasks,
    stage_entities_sorted,
]


def anchor_date(doc: Document) -> date | None:
    """The document's date, used to anchor day-month phrases without a year."""
    return date.fromisoformat(doc.meta.date) if doc.meta.date else None


def build_document(raw: RawDocument, source: Source) -> Document:
    """Run normalization and every registered stage on a reader's output."""
    normalized = normalize(raw.text, raw.format)
    doc = Document(doc_id=doc_id_of(normalized.text), source=source, text=normalized.text)
    doc.warnings.extend(raw.warnings + normalized.warnings)
    for stage in STAGES:
        doc = stage(doc)
    return doc


def file_sha256(path: Path) -> str:
    """sha256 of a file's bytes, read in 1 MB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def process_file(path: Path, *, ocr: bool = True, sha256: str | None = None) -> Document:
    """Read and process one file; raises `pipeline.read.ReadError` on bad input.

    `sha256` is the file's hash when the caller (the batch runner) has it already."""
    raw = read_file(path, ocr=ocr)
    data_hash = sha256 or file_sha256(path)
    source = Source(
        path=str(path),
        format="txt" if raw.format == "md" else raw.format,
        ocr=raw.ocr,
        pages=raw.pages,
        encoding=raw.encoding,
        sha256=data_hash,
    )
    return build_document(raw, source)


def process_text(text: str, *, path: str = "<text>", fmt: str = "txt") -> Document:
    """Process a string as if it had been read from a file of format `fmt`."""
    raw = RawDocument(text=text, format=fmt, encoding="utf-8")
    source = Source(path=path, format=fmt, sha256=hashlib.sha256(text.encode("utf-8")).hexdigest())
    return build_document(raw, source)
