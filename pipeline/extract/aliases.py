"""Names a document defines for itself (SPEC 4.3).

* :func:`agency_aliases` -- `Ban Quản lý các khu công nghệ cao ... (sau đây gọi tắt là
  “Ban Quản lý”)`: the alias stands for the full name of one body.  An alias for a list
  (`các cơ quan, đơn vị, địa phương`) stays as printed.
* :func:`defined_abbreviations` -- `Quy chế dân chủ (QCDC)`: the abbreviation expands.

:func:`resolve_aliases` and :func:`expand_defined_abbreviations` apply them to the
assignees of a document's tasks.
"""

from __future__ import annotations

import re

from pipeline.extract.agencies import canonical_name, find_agencies
from pipeline.models import Agency, Task

_ALIAS = re.compile(r"\(\s*(?:sau đây )?(?:gọi tắt là|được gọi là|gọi là|viết tắt là)\s+[“\"]?(?P<alias>[^)”\"]{2,60})[”\"]?\s*\)")


def agency_aliases(text: str) -> dict[str, Agency]:
    """`Ban Quản lý các khu công nghệ cao ... (sau đây gọi là Ban Quản lý)` → {ban quản lý: the body}.
    Only a single body is resolved; an alias for a list (`các cơ quan, đơn vị, địa phương`)
    stays as printed (SPEC 4.3)."""
    found: dict[str, Agency] = {}
    for m in _ALIAS.finditer(text):
        before = text[max(0, m.start() - 200) : m.start()].rstrip()
        mentions = find_agencies(before)
        if not mentions:
            continue
        start, end, agency = mentions[-1]
        tail = before[end:]
        if len(tail) > 25 or "," in tail:
            continue
        if len(mentions) > 1 and before[mentions[-2][1] : start].strip() in (",", "và", ";"):
            continue  # the alias names a list
        name = before[start:].strip()
        found.setdefault(m.group("alias").strip().lower(), Agency(name, canonical_name(name), agency.collective))
    return found


def resolve_aliases(tasks: list[Task], aliases: dict[str, Agency]) -> None:
    if not aliases:
        return
    for task in tasks:
        for assignee in task.assignees:
            full = aliases.get(assignee.agency.name.lower())
            if full is not None:
                assignee.agency = Agency(assignee.agency.text, full.name, full.collective)


def defined_abbreviations(text: str) -> dict[str, str]:
    """Abbreviations a document defines for itself: `Quy chế dân chủ (QCDC)` → {QCDC: Quy chế dân chủ}."""
    found: dict[str, str] = {}
    for m in re.finditer(r"\(([A-ZĐ]{2,8})\)", text):
        abbr = m.group(1)
        words = re.findall(r"[^\W\d_]+", text[max(0, m.start() - 150) : m.start()])
        tail = words[-len(abbr) :]
        initials = "".join(w[0] for w in tail).upper().replace("Đ", "D")
        if len(tail) == len(abbr) and initials == abbr.replace("Đ", "D"):
            found.setdefault(abbr, " ".join(tail))
    return found


def expand_defined_abbreviations(tasks: list[Task], abbreviations: dict[str, str]) -> None:
    if not abbreviations:
        return
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, abbreviations)) + r")\b")
    for task in tasks:
        for assignee in task.assignees:
            name = assignee.agency.name
            assignee.agency.name = pattern.sub(lambda m: abbreviations[m.group(1)], name)
