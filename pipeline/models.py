"""Plain dataclass models of every record the pipeline writes (SPEC sections 1-6).

Every stage takes and returns these objects; `to_dict` turns any of them into the
JSON shape of the contract, and `document_schema()` gives the JSON Schema of a
`documents.jsonl` line, generated from these classes.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1"

Role = Literal["lead", "coordinate", "implement", "advise", "guide"]
Relation = Literal["implements", "based_on", "cites", "amends", "replaces", "repeals"]
TimeKind = Literal["deadline", "period", "recurring", "continuous", "unspecified"]
EntityLabel = Literal["AGENCY", "DATE", "DOCREF", "LOC", "PERSON"]


@dataclass
class RawDocument:
    """What a reader returns: text in reading order plus facts about the source."""

    text: str
    format: str  # txt | md | pdf | image | docx
    encoding: str | None = None
    pages: int | None = None
    ocr: bool = False
    warnings: list[str] = field(default_factory=list)


@dataclass
class Source:
    path: str
    format: str
    ocr: bool = False
    pages: int | None = None
    encoding: str | None = None
    sha256: str = ""


@dataclass
class Issuer:
    name: str | None = None
    parent: str | None = None


@dataclass
class Signer:
    name: str | None = None
    position: str | None = None
    authority: str | None = None


@dataclass
class Meta:
    doc_type: str | None = None
    doc_type_name: str | None = None
    number_symbol: str | None = None
    number: str | None = None
    system: str | None = None  # state | party | legal
    issuer: Issuer = field(default_factory=Issuer)
    jurisdiction: str | None = None
    place: str | None = None
    date: str | None = None
    title: str | None = None
    signer: Signer = field(default_factory=Signer)
    recipients: list[str] = field(default_factory=list)


@dataclass
class Section:
    id: str
    marker: str
    level: int
    heading: str
    start: int
    end: int
    parent: str | None = None


@dataclass
class Entity:
    label: str
    text: str
    start: int
    end: int


@dataclass
class Reference:
    ref_id: str = ""
    text: str = ""
    doc_type: str | None = None
    number_symbol: str | None = None
    date: str | None = None
    year: int | None = None
    issuer: str | None = None
    jurisdiction: str | None = None
    title: str | None = None
    relation: str = "cites"
    target: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class Agency:
    text: str
    name: str
    collective: bool = False


@dataclass
class Assignee:
    role: str
    agency: Agency


@dataclass
class Deadline:
    text: str
    kind: str
    start: str | None = None
    end: str | None = None
    freq: str | None = None
    timex: str | None = None
    dates: list[str] | None = None


@dataclass
class Task:
    task_id: str
    section: str | None  # None for a request outside the outline (a Tờ trình's `Kính trình X ...`)
    title: str
    assignees: list[Assignee] = field(default_factory=list)
    deadline: Deadline | None = None
    form: str | None = None
    outputs: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    parent_task: str | None = None
    start: int = 0
    end: int = 0


@dataclass
class Document:
    doc_id: str
    source: Source
    text: str
    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    schema_version: str = SCHEMA_VERSION


@dataclass
class Node:
    key: str
    doc_type: str | None = None
    number_symbol: str | None = None
    year: int | None = None
    date: str | None = None
    jurisdiction: str | None = None
    issuer: str | None = None
    title: str | None = None
    doc_id: str | None = None
    in_corpus: bool = False


@dataclass
class Evidence:
    doc_id: str
    start: int
    end: int


@dataclass
class Edge:
    source: str
    target: str
    relation: str
    count: int = 0
    evidence: list[Evidence] = field(default_factory=list)


def to_dict(obj: Any) -> Any:
    """JSON-ready dict of a model (dataclasses nest, lists stay lists)."""
    return dataclasses.asdict(obj) if dataclasses.is_dataclass(obj) else obj


def document_schema() -> dict[str, Any]:
    """JSON Schema of one `documents.jsonl` record, generated from `Document`."""
    from pydantic import TypeAdapter

    schema = TypeAdapter(Document).json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "vanban document record"
    return schema
