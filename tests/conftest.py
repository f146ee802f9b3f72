"""Shared fixtures: the real-world corpus beside the checkout, and small helpers."""

from __future__ import annotations

from pathlib import Path

import pytest

from _support import corpus_files

# The fake Hub: sets HF_ENDPOINT & co. before any test imports huggingface_hub (see tests/hub/plugin.py).
pytest_plugins = ["hub.plugin"]


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
