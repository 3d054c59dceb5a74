"""Input walking: sorted, recursive, and every odd entry reported instead of dropped."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from pipeline.walk import walk_inputs


def rel(results: list[tuple[Path, str | None]], root: Path) -> list[tuple[str, str | None]]:
    return [(str(path.relative_to(root)), reason) for path, reason in results]


def test_sorted_recursive_with_reasons(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x")
    (tmp_path / "a.pdf").write_bytes(b"%PDF-")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.docx").write_bytes(b"PK")
    (tmp_path / "sub" / "notes.xyz").write_text("x")
    (tmp_path / "sub" / "Makefile").write_text("x")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text("x")
    (tmp_path / "SOURCES.tsv").write_text("x")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "scan.TIFF").write_bytes(b"II*\x00")
    assert rel(list(walk_inputs([tmp_path])), tmp_path) == [
        ("a.pdf", None),
        ("b.txt", None),
        ("scan.TIFF", None),
        ("sub/Makefile", "unsupported extension (none)"),
        ("sub/c.docx", None),
        ("sub/notes.xyz", "unsupported extension .xyz"),
    ]


def test_files_given_directly(tmp_path: Path) -> None:
    a = tmp_path / "a.md"
    a.write_text("x")
    missing = tmp_path / "missing.txt"
    results = list(walk_inputs([a, missing]))
    assert results[0] == (a, None)
    assert results[1][0] == missing and "No such file" in (results[1][1] or "")


def test_symlink_loop_directory(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "x.txt").write_text("x")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert rel(list(walk_inputs([tmp_path])), tmp_path) == [("d/loop", "symlink loop"), ("d/x.txt", None)]


def test_self_symlink_and_dangling_symlink(tmp_path: Path) -> None:
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    assert rel(list(walk_inputs([tmp_path])), tmp_path) == [
        ("dangling.txt", "dangling symlink"),
        ("self.txt", "symlink loop"),
    ]


def test_symlink_to_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("x")
    (tmp_path / "alias.txt").symlink_to(tmp_path / "real.txt")
    assert rel(list(walk_inputs([tmp_path])), tmp_path) == [("alias.txt", None), ("real.txt", None)]


def test_fifo_and_socket_are_reported_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(tmp_path / "sock.txt"))
        assert rel(list(walk_inputs([tmp_path])), tmp_path) == [
            ("pipe.txt", "special file (FIFO)"),
            ("sock.txt", "special file (socket)"),
        ]
    finally:
        sock.close()


def test_device_file() -> None:
    if not Path("/dev/null").exists():
        pytest.skip("/dev/null is absent")
    assert list(walk_inputs([Path("/dev/null")])) == [(Path("/dev/null"), "special file (device)")]


def test_unreadable_folder_and_file(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "x.txt").write_text("x")
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    locked.chmod(0)
    secret.chmod(0)
    try:
        if os.access(secret, os.R_OK):
            pytest.skip("running as root: permissions do not stop root")
        assert rel(list(walk_inputs([tmp_path])), tmp_path) == [
            ("locked", "permission denied"),
            ("secret.txt", "permission denied"),
        ]
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
