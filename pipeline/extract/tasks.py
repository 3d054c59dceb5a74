"""Task assembly (SPEC section 4): placeholder until the assembler lands."""

from __future__ import annotations

from pipeline.models import Document, Task


def assemble_tasks(doc: Document) -> list[Task]:
    return []
