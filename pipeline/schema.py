"""Records ↔ models: rebuild `Document` objects from `documents.jsonl` lines."""

from __future__ import annotations

from typing import Any

from pipeline.models import (
    Agency,
    Assignee,
    Deadline,
    Document,
    Entity,
    Issuer,
    Meta,
    Reference,
    Section,
    Signer,
    Source,
    Task,
)


def _pick(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    names = cls.__dataclass_fields__  # type: ignore[attr-defined]
    return {k: v for k, v in data.items() if k in names}


def _task(data: dict[str, Any]) -> Task:
    fields = _pick(Task, data)
    fields["assignees"] = [
        Assignee(a["role"], Agency(**_pick(Agency, a["agency"]))) for a in data.get("assignees") or []
    ]
    fields["deadline"] = Deadline(**_pick(Deadline, data["deadline"])) if data.get("deadline") else None
    return Task(**fields)


def document_from_dict(data: dict[str, Any]) -> Document:
    """The `Document` of one output record (unknown keys are ignored)."""
    meta = dict(data.get("meta") or {})
    meta["issuer"] = Issuer(**_pick(Issuer, meta.get("issuer") or {}))
    meta["signer"] = Signer(**_pick(Signer, meta.get("signer") or {}))
    return Document(
        doc_id=data["doc_id"],
        source=Source(**_pick(Source, data.get("source") or {"path": "", "format": "txt"})),
        text=data.get("text", ""),
        meta=Meta(**_pick(Meta, meta)),
        sections=[Section(**_pick(Section, s)) for s in data.get("sections") or []],
        entities=[Entity(**_pick(Entity, e)) for e in data.get("entities") or []],
        references=[Reference(**_pick(Reference, r)) for r in data.get("references") or []],
        tasks=[_task(t) for t in data.get("tasks") or []],
        warnings=list(data.get("warnings") or []),
    )
