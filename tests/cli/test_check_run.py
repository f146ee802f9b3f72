"""The check path pauses the cyclic collector for its imports only: it is on again while files are read."""

from __future__ import annotations

import gc
import json
from pathlib import Path

import pytest

import configlint.checking
from configlint.cli import main


def test_the_collector_is_on_while_files_are_checked_and_after(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_size": 768}))
    seen: list[bool] = []
    check_paths = configlint.checking.check_paths

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return check_paths(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(configlint.checking, "check_paths", spy)
    assert main(["check", "--exit-zero", str(tmp_path / "config.json")]) == 0
    assert seen == [True] and gc.isenabled()
