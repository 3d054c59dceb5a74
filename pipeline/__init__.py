"""vanban: Vietnamese administrative documents into structured data.

The one entry point for a single document is :func:`process_text` (a string) or
:func:`process_file` (a path: .txt/.md in any encoding, .pdf with OCR for scans, .docx)::

    >>> from pipeline import process_text
    >>> doc = process_text(open("plan.txt", encoding="utf-8").read())
    >>> doc.meta.number_symbol, [t.section for t in doc.tasks]

Both run the stages read -> normalize -> structure (header, outline) -> extract
(references, dates, agencies) -> assemble (tasks) and return a
:class:`~pipeline.models.Document` whose fields are those of SPEC section 2.  Batches
(a folder, many workers, resume, errors.jsonl, the citation graph) go through the
``vanban run`` command or :func:`pipeline.batch.run_batch`.  Each stage is a module that can be
used alone: ``pipeline.normalize``, ``pipeline.structure.header``,
``pipeline.structure.outline``, ``pipeline.extract.references``,
``pipeline.extract.temporal``, ``pipeline.extract.agencies``, ``pipeline.extract.tasks``.
"""

from pipeline.document import process_file, process_text
from pipeline.models import Document

__all__ = ["Document", "process_file", "process_text"]
