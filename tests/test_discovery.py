"""Which files a folder check looks at."""

from __future__ import annotations

from pathlib import Path

from configlint.discovery import discover


def test_folder_discovery(tmp_path: Path) -> None:
    files = [
        "model/config.json",
        "model/tokenizer_config.json",
        "model/generation_config.json",
        "model/modules.json",
        "model/1_Pooling/config.json",
        "model/data_config.json",
        "model/bert_config.json",
        "legacy/bert_config.json",
        "legacy/albert_config_base.json",
        ".git/config.json",
        "node_modules/x/config.json",
        "notes.json",
    ]
    for name in files:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}")
    found = {path.relative_to(tmp_path).as_posix() for path in discover([tmp_path])}
    # The Pooling config is checked from model/config.json beside modules.json; beside a
    # config.json, other *config*.json files (sentence-transformers' data_config.json) are not the model's.
    assert found == {"model/config.json", "legacy/bert_config.json", "legacy/albert_config_base.json"}


def test_explicit_files_are_always_checked_once(tmp_path: Path) -> None:
    path = tmp_path / "tokenizer_config.json"
    path.write_text("{}")
    assert list(discover([path, path, tmp_path])) == [path]
