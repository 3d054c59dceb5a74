"""Batch runs: walk inputs, process them in worker processes, write the outputs.

`run_batch(inputs, out_dir)` is what `vanban run` calls. Every input ends up in
exactly one of `documents.jsonl` or `errors.jsonl`; a bad input never stops the
batch. Workers run with a memory cap (RLIMIT_DATA) and a per-document time
limit (SIGALRM inside the worker, and a hard backstop in the parent that kills
a worker stuck in C code). Re-running on the same folder skips every input
whose content hash is already recorded, so a crashed run resumes without
duplicate lines. The local engine uses a process pool; `engine="dask"` sends
the same function to a Dask cluster (a `LocalCluster` when no scheduler is
given).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import platform
import resource
import signal
import sys
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from pipeline.models import to_dict

DEFAULT_TIME_LIMIT = 120.0  # seconds per document
DEFAULT_MEMORY_LIMIT = 2048  # MB of heap per worker


@dataclass
class Limits:
    seconds: float = DEFAULT_TIME_LIMIT
    memory_mb: int = DEFAULT_MEMORY_LIMIT
    ocr: bool = True


@dataclass
class RunStats:
    inputs: int = 0
    processed: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    hashes: dict[str, str] = field(default_factory=dict)
    stale_build: str | None = None  # the build fingerprint of an earlier run into the same folder, if not ours


class OutputBusy(Exception):
    """Another run holds the output folder's lock."""


class DocumentTimeout(Exception):
    """Raised inside a worker when a document runs past its time limit."""


# ------------------------------------------------------------------ worker side


def _init_worker(memory_mb: int) -> None:
    """Cap the worker's heap so a hostile document fails alone."""
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if memory_mb > 0:
        cap = memory_mb * 2**20
        try:
            resource.setrlimit(resource.RLIMIT_DATA, (cap, cap))
        except (ValueError, OSError):
            pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise DocumentTimeout


def process_one(path_str: str, sha256: str, limits: Limits) -> dict[str, Any]:
    """Worker entry: a document record or an error record (never raises)."""
    from pipeline.document import process_file
    from pipeline.read import ReadError

    started = time.perf_counter()
    previous = signal.signal(signal.SIGALRM, _on_alarm) if _main_thread() else None
    if previous is not None:
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        doc = process_file(Path(path_str), ocr=limits.ocr, sha256=sha256)
        record = {"kind": "document", "record": to_dict(doc)}
    except ReadError as exc:
        record = _error(path_str, sha256, getattr(exc, "kind", "read_error"), str(exc))
    except DocumentTimeout:
        record = _error(path_str, sha256, "time_limit", f"processing took longer than the {limits.seconds:g} s limit")
    except MemoryError:
        record = _error(path_str, sha256, "memory_limit", f"processing needed more than the {limits.memory_mb} MB limit")
    except RecursionError:
        record = _error(path_str, sha256, "recursion_limit", "document structure nested too deeply")
    except Exception as exc:  # a bug must not lose the document: record it
        record = _error(path_str, sha256, "internal_error", f"{type(exc).__name__}: {exc}"[:500])
    finally:
        if previous is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    record["seconds"] = round(time.perf_counter() - started, 4)
    return record


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _error(path: str, sha256: str, error: str, detail: str) -> dict[str, Any]:
    return {"kind": "error", "record": {"path": path, "error": error, "detail": detail, "sha256": sha256}}


# ------------------------------------------------------------------ output folder


class OutputFolder:
    """Append-only JSONL outputs of one run folder, with the hashes already done."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        out_dir.mkdir(parents=True, exist_ok=True)
        self._lock = open(out_dir / ".vanban.lock", "w")  # held for the whole run
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._lock.close()
            raise OutputBusy(f"another vanban run is writing into {out_dir}") from None
        self.documents_path = out_dir / "documents.jsonl"
        self.errors_path = out_dir / "errors.jsonl"
        for path in (self.documents_path, self.errors_path):
            _drop_torn_tail(path)
        self.done = self._hashes(self.documents_path, lambda r: (r.get("source") or {}).get("sha256"))
        self.failed = self._hashes(self.errors_path, lambda r: r.get("sha256") or r.get("path"))
        self._documents = open(self.documents_path, "a", encoding="utf-8")
        self._errors = open(self.errors_path, "a", encoding="utf-8")

    @staticmethod
    def _hashes(path: Path, key: Any) -> set[str]:
        found: set[str] = set()
        if path.exists():
            for record in read_jsonl(path):
                value = key(record)
                if value:
                    found.add(value)
        return found

    def seen(self, sha256: str | None, path: str) -> bool:
        return bool(sha256) and (sha256 in self.done or sha256 in self.failed) or (not sha256 and path in self.failed)

    def write_document(self, record: dict[str, Any]) -> None:
        self._documents.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._documents.flush()
        self.done.add(record["source"]["sha256"])

    def write_error(self, record: dict[str, Any]) -> None:
        self._errors.write(json.dumps(record, ensure_ascii=False) + "\n")
        self._errors.flush()
        self.failed.add(record.get("sha256") or record["path"])

    def close(self) -> None:
        self._documents.close()
        self._errors.close()
        self._lock.close()


def _drop_torn_tail(path: Path) -> None:
    """Cut a last line left half-written by a crash, so appends start on a fresh line."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        data = handle.read()
        if not data.endswith(b"\n"):
            handle.truncate(data.rfind(b"\n") + 1)


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """Records of a JSONL file; a torn last line (crash mid-write) is skipped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError:
                continue


# ------------------------------------------------------------------ engines


def _local_results(jobs: list[tuple[str, str]], limits: Limits, workers: int) -> Iterator[dict[str, Any]]:
    """Run jobs in a process pool; a worker that dies or hangs is recorded and replaced."""
    pending = list(jobs)
    backstop = limits.seconds * 2 + 30
    while pending:
        executor = ProcessPoolExecutor(
            max_workers=workers, mp_context=get_context("fork"), initializer=_init_worker, initargs=(limits.memory_mb,)
        )
        futures: dict[Future[dict[str, Any]], tuple[str, str]] = {}
        queue = iter(list(pending))
        pending = []
        for job in _take(queue, workers * 2):
            futures[executor.submit(process_one, job[0], job[1], limits)] = job
        broken = False
        while futures:
            done, _ = wait(futures, timeout=backstop, return_when=FIRST_COMPLETED)
            if not done:  # every running worker is stuck past its own alarm
                for job in futures.values():
                    yield _error(job[0], job[1], "time_limit", f"worker stopped responding after {backstop:g} s")
                _kill(executor)
                pending.extend(queue)
                broken = True
                break
            for future in done:
                job = futures.pop(future)
                try:
                    yield future.result()
                except BrokenProcessPool:
                    yield _error(job[0], job[1], "worker_crash", "the worker process died (out of memory or a crash)")
                    broken = True
            if broken:
                pending.extend(futures.values())
                pending.extend(queue)
                _kill(executor)
                break
            for job in _take(queue, len(done)):
                futures[executor.submit(process_one, job[0], job[1], limits)] = job
        if not broken:
            executor.shutdown(wait=True)


def _take(queue: Iterator[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    out = []
    for _ in range(n):
        try:
            out.append(next(queue))
        except StopIteration:
            break
    return out


def _kill(executor: ProcessPoolExecutor) -> None:
    for process in list(getattr(executor, "_processes", {}).values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def _dask_results(jobs: list[tuple[str, str]], limits: Limits, scheduler: str | None) -> Iterator[dict[str, Any]]:
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None if scheduler else LocalCluster(processes=True, threads_per_worker=1, dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        futures = {client.submit(process_one, p, h, limits, pure=False): (p, h) for p, h in jobs}
        for future in as_completed(futures):
            path, sha = futures[future]
            try:
                yield future.result()
            except Exception as exc:
                yield _error(path, sha, "worker_crash", f"{type(exc).__name__}: {exc}"[:500])
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


# ------------------------------------------------------------------ the run


def plan(inputs: Iterable[Path], folder: OutputFolder, stats: RunStats) -> list[tuple[str, str]]:
    """Jobs to run; inputs refused by the walker or already done are accounted for here."""
    from pipeline.document import file_sha256
    from pipeline.walk import walk_inputs

    jobs: list[tuple[str, str]] = []
    for path, reason in walk_inputs(list(inputs)):
        stats.inputs += 1
        path_str = str(path)
        if reason is not None:
            if not folder.seen(None, path_str):
                folder.write_error({"path": path_str, "error": "unreadable_input", "detail": reason, "sha256": None})
            stats.errors += 1
            continue
        try:
            sha = file_sha256(path)
        except OSError as exc:
            folder.write_error({"path": path_str, "error": "unreadable", "detail": str(exc), "sha256": None})
            stats.errors += 1
            continue
        stats.hashes[path_str] = sha
        if folder.seen(sha, path_str):
            stats.skipped += 1
            continue
        jobs.append((path_str, sha))
    return jobs


def run_batch(
    inputs: list[Path],
    out_dir: Path,
    *,
    workers: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    limits: Limits | None = None,
    progress: bool = False,
) -> RunStats:
    """Process every input into `out_dir` (SPEC section 1); returns the run's counts."""
    from pipeline.graph import build_graph, write_graph

    limits = limits or Limits()
    started = time.time()
    folder = OutputFolder(out_dir)
    stats = RunStats()
    stats.stale_build = _written_by_another_build(out_dir)
    jobs = plan(inputs, folder, stats)
    if stats.stale_build and stats.skipped:
        print(f"warning: {out_dir} was written by another build of vanban ({stats.stale_build}); "
              f"{stats.skipped} already-done inputs keep their old records (use a new --out to reprocess)",
              file=sys.stderr)
    results = _dask_results(jobs, limits, scheduler) if engine == "dask" else _local_results(jobs, limits, workers)
    if progress:
        from tqdm import tqdm

        results = tqdm(results, total=len(jobs), unit="doc", file=sys.stderr)
    for result in results:
        record = result["record"]
        path = record.get("path") or record["source"]["path"]
        stats.seconds[path] = result.get("seconds", 0.0)
        if result["kind"] == "document":
            folder.write_document(record)
            stats.processed += 1
        else:
            folder.write_error(record)
            stats.errors += 1
    folder.close()
    documents = list(read_jsonl(folder.documents_path))
    write_tasks(documents, out_dir / "tasks.jsonl")
    models = [_as_document(d) for d in documents]
    nodes, edges = build_graph(models)
    _retarget(documents, models, folder.documents_path)
    write_graph(nodes, edges, out_dir)
    write_manifest(out_dir, stats, started, engine, workers, limits)
    return stats


@lru_cache(maxsize=1)
def build_fingerprint() -> str:
    """sha256 (16 hex) of the code and language data that shape the output: the package
    sources, its resources and the agency lists.  Two builds with the same fingerprint give
    the same records for the same input."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    files = sorted([*root.rglob("*.py"), *(root / "resources").glob("*"), *(root.parent / "models" / "agencies").glob("*.tsv")])
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _written_by_another_build(out_dir: Path) -> str | None:
    """The fingerprint recorded by an earlier run into ``out_dir`` when it is not ours."""
    try:
        earlier = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8")).get("build")
    except (OSError, ValueError, AttributeError):
        return None
    return earlier if earlier and earlier != build_fingerprint() else None


def _as_document(record: dict[str, Any]) -> Any:
    from pipeline.schema import document_from_dict

    return document_from_dict(record)


def _retarget(documents: list[dict[str, Any]], models: list[Any], path: Path) -> None:
    """Write the graph's node keys into each reference's `target` (atomic rewrite)."""
    for record, model in zip(documents, models, strict=True):
        targets = {r.ref_id: r.target for r in model.references}
        for ref in record.get("references") or []:
            ref["target"] = targets.get(ref.get("ref_id"), ref.get("target"))
    tmp = path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        for record in documents:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def write_tasks(documents: list[dict[str, Any]], path: Path) -> None:
    """`tasks.jsonl`: every task flattened, with its document id and meta summary."""
    with open(path, "w", encoding="utf-8") as handle:
        for doc in documents:
            meta = doc.get("meta") or {}
            summary = {k: meta.get(k) for k in ("doc_type", "number_symbol", "date", "jurisdiction", "title")}
            summary["issuer"] = (meta.get("issuer") or {}).get("name")
            for task in doc.get("tasks") or []:
                handle.write(json.dumps({"doc_id": doc["doc_id"], "meta": summary, **task}, ensure_ascii=False) + "\n")


def write_manifest(out_dir: Path, stats: RunStats, started: float, engine: str, workers: int, limits: Limits) -> None:
    try:
        package_version = version("vanban")
    except PackageNotFoundError:
        package_version = "unknown"
    times = list(stats.seconds.values())
    manifest = {
        "tool": "vanban",
        "version": package_version,
        "schema_version": "1",
        "build": build_fingerprint(),
        "python": platform.python_version(),
        "engine": engine,
        "workers": workers,
        "limits": {"seconds_per_document": limits.seconds, "memory_mb_per_worker": limits.memory_mb},
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 3),
        "counts": {
            "inputs": stats.inputs,
            "processed": stats.processed,
            "skipped_already_done": stats.skipped,
            "errors": stats.errors,
        },
        "timings": {
            "documents": len(times),
            "mean_seconds": round(sum(times) / len(times), 4) if times else 0.0,
            "max_seconds": round(max(times), 4) if times else 0.0,
        },
        "inputs": stats.hashes,
    }
    (out_dir / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
