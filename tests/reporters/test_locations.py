"""File locations relative to the repository root, however the root was named."""

from __future__ import annotations

from pathlib import Path

import pytest

from configlint.reporters.locations import relative_to_root


def test_a_root_named_through_a_symlink_still_contains_its_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cwd is always the real path; a root given through a link (a CI checkout's ../shared link)
    must still contain the files under it, or SARIF would fall back to absolute file URIs."""
    real = tmp_path / "real" / "corpus"
    (real / "bert").mkdir(parents=True)
    (real / "bert" / "config.json").write_text("{}")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    monkeypatch.chdir(tmp_path / "link" / "corpus")
    assert relative_to_root("bert/config.json", tmp_path / "link" / "corpus") == "bert/config.json"
    assert relative_to_root("bert/config.json", real) == "bert/config.json"


def test_a_file_outside_the_root_has_no_relative_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "root").mkdir()
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert relative_to_root("config.json", tmp_path / "root") is None
