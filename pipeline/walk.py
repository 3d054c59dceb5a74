"""Walk the inputs of ``vanban run``: files and folders, in sorted order, safely.

``walk_inputs`` yields ``(path, None)`` for every file to read and ``(path, reason)``
for entries to record in ``errors.jsonl`` instead: unsupported extensions, dangling
symlinks, symlink loops, unreadable files or folders, special files (FIFO, socket,
device). It never opens a file (so never blocks on a FIFO), never follows a
symlink into a folder it is already inside (so never loops), and skips dotfiles,
dot-folders and ``SOURCES.tsv`` / ``README*`` bookkeeping files silently.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from pipeline.read import EXTENSIONS

_SILENT_NAMES = frozenset({"SOURCES.tsv"})


def _silently_skipped(path: Path) -> bool:
    name = path.name
    return name.startswith(".") or name in _SILENT_NAMES or name.upper().startswith("README")


def _stat(path: Path) -> tuple[os.stat_result | None, str | None]:
    """``stat`` following symlinks; on failure the reason to record."""
    try:
        return path.stat(), None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None, "symlink loop"
        if exc.errno == errno.ENOENT and path.is_symlink():
            return None, "dangling symlink"
        if exc.errno == errno.EACCES:
            return None, "permission denied"
        return None, f"cannot stat: {exc.strerror or exc}"


def _file_verdict(path: Path, info: os.stat_result) -> str | None:
    """None when the regular file is to be read, else the reason it is not."""
    mode = info.st_mode
    if stat.S_ISFIFO(mode):
        return "special file (FIFO)"
    if stat.S_ISSOCK(mode):
        return "special file (socket)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "special file (device)"
    if not stat.S_ISREG(mode):
        return "not a regular file"
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        return f"unsupported extension {suffix or '(none)'}"
    if not os.access(path, os.R_OK):
        return "permission denied"
    return None


def _walk_dir(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield (
            folder,
            "permission denied" if exc.errno == errno.EACCES else f"cannot list folder: {exc.strerror}",
        )
        return
    for entry in entries:
        path = Path(entry.path)
        if not _silently_skipped(path):
            yield from _walk_one(path, ancestors)


def _walk_one(path: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[tuple[Path, str | None]]:
    info, reason = _stat(path)
    if info is None:
        yield path, reason
        return
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield path, "symlink loop"
            return
        yield from _walk_dir(path, ancestors | {key})
        return
    yield path, _file_verdict(path, info)


def walk_inputs(paths: list[Path]) -> Iterator[tuple[Path, str | None]]:
    """Yield ``(path, None)`` per file to read and ``(path, reason)`` per entry to record.

    Given files are taken as they are (a dotfile named explicitly is still read);
    folders are walked recursively in sorted order.
    """
    for given in paths:
        yield from _walk_one(Path(given), frozenset())
