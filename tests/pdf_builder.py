"""One-page PDFs built byte by byte for reader, hostile-input and fuzz tests."""

from __future__ import annotations


def build_pdf(
    content: bytes,
    *,
    stream_dict: bytes = b"",
    trailer_extra: bytes = b"",
    stamps: list[tuple[tuple[int, int, int, int], bytes]] = (),  # type: ignore[assignment]
) -> bytes:
    """A one-page PDF with a correct xref; ``content`` is the raw page content stream,
    ``stream_dict`` extra entries of its dictionary (``/Filter /FlateDecode``),
    ``trailer_extra`` extra trailer entries (``/Encrypt ...``) and ``stamps`` signature
    widgets ``(rect, text)`` whose appearance stream draws ``text`` (as e-signing tools
    stamp the number and the day of a document)."""
    annots = b" ".join(b"%d 0 R" % (7 + 2 * k) for k in range(len(stamps)))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> /Annots [" + annots + b"] >>",
        b"<< /Length %d %s >>\nstream\n" % (len(content), stream_dict) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for (x0, y0, x1, y1), text in stamps:
        draw = b"BT /F1 12 Tf 2 4 Td (" + text + b") Tj ET"
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 %d %d] /Resources << /Font << /F1 5 0 R >> >>"
            b" /Length %d >>\nstream\n" % (x1 - x0, y1 - y0, len(draw)) + draw + b"\nendstream"
        )
        objects.append(
            b"<< /Type /Annot /Subtype /Widget /FT /Sig /Rect [%d %d %d %d] /AP << /N %d 0 R >> >>"
            % (x0, y0, x1, y1, len(objects))
        )
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        trailer_extra,
        xref,
    )
    return bytes(out)


def encrypted_pdf() -> bytes:
    """A one-page PDF whose trailer declares standard encryption (no password given)."""
    encrypt = b"/Encrypt << /Filter /Standard /V 1 /R 2 /P -4 /O <%s> /U <%s> >> /ID [<%s> <%s>]" % (
        b"11" * 32,
        b"22" * 32,
        b"33" * 16,
        b"33" * 16,
    )
    return build_pdf(b"BT ET", trailer_extra=encrypt)
