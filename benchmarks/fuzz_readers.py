"""Fuzz the readers with hypothesis: any exception other than ReadError is a crash.

Targets:
  text   ``decode_bytes`` on random bytes (and random Vietnamese-ish text in random codecs)
  docx   the .docx reader on random bytes, mutated real zips, and valid zips whose
         document.xml is mutated
  pdf    the PDF reader (OCR off) on mutated real PDFs (a corpus PDF if present, and a
         generated one with a Flate stream)

Usage: python benchmarks/fuzz_readers.py [--n 10000] [--targets text,docx,pdf] [--seed 0]
Prints per target the counts and ``0 crashes in N inputs`` overall.
"""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
import tempfile
import time
import traceback
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from pipeline.read import ReadError  # noqa: E402
from pipeline.read.docx import read_docx  # noqa: E402
from pipeline.read.pdf import read_pdf_bytes  # noqa: E402
from pipeline.read.text import decode_bytes  # noqa: E402
from tests.pdf_builder import build_pdf  # noqa: E402

SHARED = Path(os.environ.get("VANBAN_SHARED", REPO.parent / "shared"))
HANG_SECONDS = 20
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
VIET = "Căn cứ Chỉ thị số 15-CT/TU ngày 21/11/2022 của Ban Thường vụ Thành ủy về đẩy mạnh dân chủ ở cơ sở"


class Hang(Exception):
    """An input took longer than HANG_SECONDS."""


@dataclass
class Tally:
    """Outcome counts of one fuzz target."""

    inputs: int = 0
    read_ok: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    crashes: list[str] = field(default_factory=list)
    hangs: int = 0
    seconds: float = 0.0

    def run(self, call: Callable[[], object]) -> None:
        """Run one input, classifying the outcome; never raises."""
        self.inputs += 1
        signal.alarm(HANG_SECONDS)
        try:
            call()
            self.read_ok += 1
        except ReadError as exc:
            self.kinds[exc.kind] += 1
        except Hang:
            self.hangs += 1
        except Exception:  # noqa: BLE001 - counting crashes is the point
            self.crashes.append(traceback.format_exc(limit=6))
        finally:
            signal.alarm(0)


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang()


# --- seeds -------------------------------------------------------------------------


def minimal_docx(body_text: str = VIET) -> bytes:
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>'
        f"<w:p><w:r><w:t>{body_text}</w:t></w:r></w:p>"
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc>"
        "<w:tc><w:p><w:r><w:t>Sở Nội vụ</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"
        "</w:body></w:document>"
    )
    return _zip_with(xml.encode("utf-8"))


def _zip_with(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def minimal_pdf() -> bytes:
    """A one-page PDF whose content stream is Flate-compressed."""
    content = zlib.compress(b"BT /F1 12 Tf 72 700 Td (Ke hoach so 77/KH-UBND) Tj ET")
    return build_pdf(content, stream_dict=b"/Filter /FlateDecode")


def seed_docx() -> list[bytes]:
    seeds = [minimal_docx()]
    real = SHARED / "corpus" / "d23.docx"
    if real.exists():
        seeds.append(real.read_bytes())
    return seeds


def seed_pdfs() -> list[bytes]:
    seeds = [minimal_pdf()]
    real = SHARED / "corpus" / "d33.pdf"
    if real.exists():
        seeds.append(real.read_bytes())
    return seeds


# --- mutation strategy ------------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A seed with random byte flips, an optional insertion and an optional truncation."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 12))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        at = draw(st.integers(0, len(data)))
        data[at:at] = draw(st.binary(max_size=64))
    if draw(st.integers(0, 4)) == 0:
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


# --- targets --------------------------------------------------------------------------------


def _cfg(n: int, rnd: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    def wrap(test: Callable[..., None]) -> Callable[..., None]:
        configured = settings(
            max_examples=n,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )(test)
        return seed(rnd)(configured)

    return wrap


def fuzz_text(n: int, rnd: int = 0) -> Tally:
    tally = Tally()
    texts = st.text(alphabet=st.sampled_from(VIET + "\n\t ÐđƯư\x00\x1b\ufeff"), max_size=300)
    codecs_ = st.sampled_from(["utf-8", "utf-16", "utf-16-le", "latin-1", "utf-8-sig"])
    inputs = st.one_of(
        st.binary(max_size=2048),
        st.builds(lambda t, c: t.encode(c, errors="ignore"), texts, codecs_),
    )

    @_cfg(n, rnd)
    @given(inputs)
    def run(data: bytes) -> None:
        tally.run(lambda: decode_bytes(data))

    start = time.perf_counter()
    run()
    tally.seconds = time.perf_counter() - start
    return tally


def fuzz_docx(n: int, rnd: int = 0) -> Tally:
    tally = Tally()
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body><w:p><w:r><w:t>'
        f"{VIET}</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    inputs = st.one_of(
        st.binary(max_size=2048),
        mutated(seed_docx()),
        mutated([xml]).map(_zip_with),
    )
    with tempfile.TemporaryDirectory(prefix="fuzz-docx-") as tmp:
        path = Path(tmp) / "x.docx"

        @_cfg(n, rnd)
        @given(inputs)
        def run(data: bytes) -> None:
            path.write_bytes(data)
            tally.run(lambda: read_docx(path))

        start = time.perf_counter()
        run()
        tally.seconds = time.perf_counter() - start
    return tally


def fuzz_pdf(n: int, rnd: int = 0) -> Tally:
    tally = Tally()

    @_cfg(n, rnd)
    @given(mutated(seed_pdfs()))
    def run(data: bytes) -> None:
        tally.run(lambda: read_pdf_bytes(data, ocr=False))

    start = time.perf_counter()
    run()
    tally.seconds = time.perf_counter() - start
    return tally


TARGETS: dict[str, Callable[[int, int], Tally]] = {"text": fuzz_text, "docx": fuzz_docx, "pdf": fuzz_pdf}


def run_all(n: int, targets: list[str], rnd: int = 0, out: Callable[[str], None] = print) -> dict[str, Tally]:
    """Fuzz each target with ``n`` inputs; print a line per target and a total line."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        results = {name: TARGETS[name](n, rnd) for name in targets}
    finally:
        signal.signal(signal.SIGALRM, previous)
    for name, tally in results.items():
        kinds = ", ".join(f"{k} {v}" for k, v in tally.kinds.most_common())
        out(
            f"{name}: {tally.inputs} inputs in {tally.seconds:.1f} s; read {tally.read_ok}; "
            f"ReadError {sum(tally.kinds.values())} ({kinds}); hangs {tally.hangs}; crashes {len(tally.crashes)}"
        )
        for crash in tally.crashes[:3]:
            out(crash)
    total = sum(t.inputs for t in results.values())
    crashes = sum(len(t.crashes) for t in results.values())
    out(f"{crashes} crashes in {total} inputs")
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--n", type=int, default=10_000, help="inputs per target (default 10000)")
    parser.add_argument("--targets", default="text,docx,pdf")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    results = run_all(args.n, args.targets.split(","), args.seed)
    sys.exit(1 if any(t.crashes or t.hangs for t in results.values()) else 0)


if __name__ == "__main__":
    main()
