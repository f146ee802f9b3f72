"""Shared fixtures: the real-world corpus beside the checkout, and small helpers."""

from __future__ import annotations

import csv
from pathlib import Path

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


@pytest.fixture(scope="session")
def corpus() -> list[Path]:
    files = corpus_files()
    if not files:
        pytest.skip("shared/realworld/configs is not beside the checkout")
    return files


@pytest.fixture
def write_json(tmp_path: Path):
    """Write text to ``tmp_path/<name>`` and return the path."""

    def write(text: str, name: str = "config.json") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
        return path

    return write
