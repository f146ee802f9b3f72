"""Helpers shared by the tests: where the repository and the real-world corpus are, and a folder
that every pytest-xdist worker of one run shares."""

from __future__ import annotations

import csv
import fcntl
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "realworld" / "configs").resolve()


def corpus_files() -> list[Path]:
    """Every JSON file of the shared corpus (empty when the corpus is not beside the checkout)."""
    if not CORPUS.is_dir():
        return []
    return sorted(path for path in CORPUS.glob("*/*.json"))


def corpus_manifest() -> dict[str, dict[str, str]]:
    manifest = CORPUS / "MANIFEST.tsv"
    if not manifest.is_file():
        return {}
    with manifest.open(encoding="utf-8", newline="") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


def built_once_per_run(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``name``, filled by ``build`` once per test run however many xdist workers ask.

    Under pytest-xdist every worker is a session of its own, so a session fixture alone builds
    its expensive thing once per worker. The workers' base temps share a parent folder: the
    first worker to take the lock there builds, the others wait on it and reuse the result. A
    build that raised leaves no marker, so the next worker tries again (and fails the same way).
    """
    base = tmp_path_factory.getbasetemp()
    root = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder, done = root / name, root / f"{name}.built"
    with open(root / f"{name}.lock", "w", encoding="utf-8") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            done.touch()
    return folder
