"""Human-readable rendering of a `Document` (what `vanban show` prints)."""

from __future__ import annotations

from pipeline.models import Document


def render_text(doc: Document) -> str:
    """Meta, outline, references and tasks of a document as indented plain text."""
    m = doc.meta
    out = [
        f"{m.doc_type_name or m.doc_type or '?'} {m.number_symbol or ''}  {m.date or ''}  [{doc.doc_id}]",
        f"  issuer: {m.issuer.name}   jurisdiction: {m.jurisdiction}   place: {m.place}",
        f"  title: {m.title}",
        f"  signer: {m.signer.name} ({m.signer.position})",
        "",
        "Sections:",
    ]
    out += [f"  {'  ' * (s.level - 1)}{s.id}  {s.heading[:90]}" for s in doc.sections if "-" not in s.id and "+" not in s.id]
    out += ["", "References:"]
    out += [f"  {r.ref_id} {r.relation:<10} {r.doc_type or '?':<5} {r.number_symbol or r.title} {r.date or ''}" for r in doc.references]
    out += ["", "Tasks:"]
    for t in doc.tasks:
        who = "; ".join(f"{a.role}: {a.agency.name}" for a in t.assignees) or "-"
        when = f"{t.deadline.kind} {t.deadline.start or ''}..{t.deadline.end or ''} {t.deadline.freq or ''}" if t.deadline else "-"
        out.append(f"  [{t.section or 'outside the outline'}] {t.title[:100]}\n      who: {who}\n      when: {when}")
    if doc.warnings:
        out += ["", "Warnings:"] + [f"  {w}" for w in doc.warnings]
    return "\n".join(out) + "\n"
