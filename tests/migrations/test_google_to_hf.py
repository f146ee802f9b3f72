"""``migrate google-to-hf`` on a real legacy folder, as a user runs it: a config.json beside the original.

The folder is a copy of ``examples/google-bert-legacy`` (CLUE's ``bert_config.json``, unchanged);
the first test runs the installed console script in a subprocess, as in a terminal; the others run
the same ``main`` in-process.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from _installed_cli import in_process
from _support import REPO
from configlint.migrations import MIGRATIONS, migrate_file
from configlint.migrations.google_to_hf import rename_original

CONFIGLINT = str(Path(sys.executable).parent / "configlint")
LEGACY = REPO / "examples" / "google-bert-legacy"
TF_ONLY = {
    "directionality",
    "pooler_fc_size",
    "pooler_num_attention_heads",
    "pooler_num_fc_layers",
    "pooler_size_per_head",
    "pooler_type",
}


def _configlint(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CONFIGLINT, *map(str, args)], capture_output=True, text=True, timeout=120)


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """The same command through ``configlint.cli.main`` in this process: what an option does, 0.15 s less per run."""
    return in_process(*map(str, args), cwd=Path.cwd())


def _one_error_line(run: subprocess.CompletedProcess[str]) -> str:
    assert run.returncode == 2, (run.returncode, run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr
    return run.stderr


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    folder = tmp_path / "chinese_L-12_H-768_A-12"
    shutil.copytree(LEGACY, folder)
    return folder


def test_a_legacy_folder_gains_a_config_json_that_checks_clean(legacy: Path) -> None:
    original = (legacy / "bert_config.json").read_bytes()
    run = _configlint("migrate", "google-to-hf", legacy)
    assert run.returncode == 0, run.stderr
    assert f"kept {legacy / 'bert_config.json'} unchanged" in run.stdout and "--rename-original" in run.stdout
    assert (legacy / "bert_config.json").read_bytes() == original
    migrated = json.loads((legacy / "config.json").read_text(encoding="utf-8"))
    assert migrated["model_type"] == "bert" and migrated["architectures"] == ["BertForPreTraining"]
    assert not TF_ONLY & set(migrated)
    assert {key: value for key, value in json.loads(original).items() if key not in TF_ONLY}.items() <= migrated.items()
    check = _configlint("check", legacy)
    assert check.returncode == 0, check.stdout + check.stderr
    # The original is still there, and a folder check reads only config.json: no F002/P001 twice.
    assert "bert_config.json" not in check.stdout


def test_running_it_again_changes_nothing(legacy: Path) -> None:
    assert _run("migrate", "google-to-hf", legacy).returncode == 0
    written = (legacy / "config.json").read_bytes()
    for target in (legacy, legacy / "bert_config.json"):
        run = _run("migrate", "google-to-hf", target)
        assert run.returncode == 0 and "0 files changed." in run.stdout, run.stdout + run.stderr
        assert (legacy / "config.json").read_bytes() == written
    assert _run("migrate", "google-to-hf", "--check", legacy / "bert_config.json").returncode == 0


def test_rename_original_moves_it_aside_where_no_pattern_finds_it(legacy: Path) -> None:
    original = (legacy / "bert_config.json").read_bytes()
    run = _run("migrate", "google-to-hf", "--rename-original", legacy)
    assert run.returncode == 0, run.stderr
    assert "renamed" in run.stdout and "bert_config.json.orig" in run.stdout
    assert not (legacy / "bert_config.json").exists()
    assert (legacy / "bert_config.json.orig").read_bytes() == original
    assert json.loads((legacy / "config.json").read_text(encoding="utf-8"))["model_type"] == "bert"
    assert _run("check", legacy).returncode == 0


def test_an_existing_config_json_is_replaced_only_with_force(legacy: Path) -> None:
    theirs = b'{"model_type": "bert", "hidden_size": 1024}\n'
    (legacy / "config.json").write_bytes(theirs)
    refused = _run("migrate", "google-to-hf", legacy / "bert_config.json")
    assert "config.json" in _one_error_line(refused)
    assert (legacy / "config.json").read_bytes() == theirs
    forced = _run("migrate", "google-to-hf", "--force", legacy / "bert_config.json")
    assert forced.returncode == 0, forced.stderr
    assert json.loads((legacy / "config.json").read_text(encoding="utf-8"))["hidden_size"] == 768


def test_rename_original_never_replaces_an_existing_orig(legacy: Path) -> None:
    (legacy / "bert_config.json.orig").write_text("an older backup\n")
    run = _run("migrate", "google-to-hf", "--rename-original", legacy)
    assert "bert_config.json.orig already exists" in _one_error_line(run)
    assert (legacy / "bert_config.json.orig").read_text() == "an older backup\n"
    assert (legacy / "bert_config.json").is_file()


def test_diff_and_check_write_nothing(legacy: Path) -> None:
    diff = _run("migrate", "google-to-hf", "--diff", legacy)
    assert diff.returncode == 0, diff.stderr
    assert f"+++ b/{str(legacy / 'config.json').lstrip('/')}" in diff.stdout and '+  "model_type": "bert"' in diff.stdout
    assert "directionality" not in diff.stdout
    assert _run("migrate", "google-to-hf", "--check", legacy).returncode == 1
    assert sorted(os.listdir(legacy)) == ["bert_config.json"]


def test_a_legacy_config_json_is_still_migrated_in_place(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    shutil.copyfile(LEGACY / "bert_config.json", target)
    result = migrate_file(target, MIGRATIONS["google-to-hf"], write=True)
    assert not result.new_files and json.loads(target.read_text(encoding="utf-8"))["model_type"] == "bert"
    assert sorted(os.listdir(tmp_path)) == ["config.json"]


def test_rename_original_moves_a_symlink_not_its_target(tmp_path: Path) -> None:
    (tmp_path / "tf").mkdir()
    real = tmp_path / "tf" / "bert_config.json"
    shutil.copyfile(LEGACY / "bert_config.json", real)
    link = tmp_path / "bert_config.json"
    link.symlink_to(Path("tf") / "bert_config.json")
    moved = rename_original(link)
    assert moved == tmp_path / "bert_config.json.orig" and moved.is_symlink()
    assert not os.path.lexists(link) and real.read_bytes() == (LEGACY / "bert_config.json").read_bytes()
