"""Helpers shared by the tests: where the repository and the real-world corpus are."""

from __future__ import annotations

import csv
from pathlib import Path

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
