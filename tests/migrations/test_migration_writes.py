"""``migrate`` writes only inside the model folder and never replaces a file without ``--force``.

The trees are the planted ones of issue 15: a ``1_Pooling`` folder or ``config.json`` that links
out of the model folder, a dangling ``modules.json`` link, and an existing Pooling config.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from _cli_support import CliRun, assert_clean_exit, assert_one_line_refusal, run_cli

INTENT = {
    "model_type": "bert",
    "architectures": ["BertModel"],
    "hidden_size": 384,
    "num_attention_heads": 12,
    "pooler_type": "mean",
}
OLD_POOLING = '{"word_embedding_dimension": 384, "pooling_mode_cls_token": true}\n'


def _model(tmp_path: Path) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps(INTENT, indent=2) + "\n")
    return folder


def _migrate(*args: str) -> CliRun:
    return run_cli(["migrate", "pooling-to-sentence-transformers", *args])


def test_a_pooling_folder_linked_outside_is_never_written_into(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = _model(tmp_path)
    (folder / "1_Pooling").symlink_to(outside, target_is_directory=True)
    before = (folder / "config.json").read_text()
    assert_one_line_refusal(_migrate(str(folder / "config.json")), "1_Pooling/config.json", "outside the model folder")
    assert list(outside.iterdir()) == []
    assert (folder / "config.json").read_text() == before  # the config is edited only after every new file is written
    assert not (folder / "modules.json").exists()  # every file is checked before the first is written


def test_an_existing_pooling_config_is_kept_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    (folder / "1_Pooling").mkdir()
    existing = folder / "1_Pooling" / "config.json"
    existing.write_text(OLD_POOLING)
    before = (folder / "config.json").read_text()
    for mode in ([], ["--check"], ["--diff"]):
        assert_one_line_refusal(_migrate(*mode, str(folder / "config.json")), "1_Pooling/config.json already exists", "--force")
    assert existing.read_text() == OLD_POOLING and (folder / "config.json").read_text() == before
    assert not (folder / "modules.json").exists()

    diff = _migrate("--diff", "--force", str(folder / "config.json"))
    assert diff.code == 0 and all(line.startswith("  note:") for line in diff.err.splitlines()), diff.err
    assert (
        '-{"word_embedding_dimension": 384, "pooling_mode_cls_token": true}' in diff.out
        and '+  "pooling_mode": "mean",' in diff.out
    )
    assert existing.read_text() == OLD_POOLING

    assert_clean_exit(_migrate("--force", str(folder / "config.json")), allowed=(0,))
    assert (
        json.loads(existing.read_text())["pooling_mode"] == "mean" and "pooler_type" not in (folder / "config.json").read_text()
    )


def test_an_existing_identical_pooling_config_needs_no_force(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    assert_clean_exit(_migrate(str(folder / "config.json")), allowed=(0,))
    (folder / "modules.json").unlink()
    (folder / "config.json").write_text(json.dumps(INTENT, indent=2) + "\n")
    assert_clean_exit(_migrate(str(folder / "config.json")), allowed=(0,))  # 1_Pooling/config.json is already what it writes
    assert (folder / "modules.json").exists()


@pytest.mark.parametrize("force", [False, True])
def test_a_pooling_config_linked_outside_is_not_replaced_even_with_force(tmp_path: Path, force: bool) -> None:
    target = tmp_path / "outside.json"
    target.write_text(OLD_POOLING)
    folder = _model(tmp_path)
    (folder / "1_Pooling").mkdir()
    (folder / "1_Pooling" / "config.json").symlink_to(target)
    assert_one_line_refusal(_migrate(*(["--force"] if force else []), str(folder / "config.json")), "1_Pooling/config.json")
    assert target.read_text() == OLD_POOLING and (folder / "1_Pooling" / "config.json").is_symlink()


def test_a_dangling_modules_link_counts_as_existing_and_is_not_written_through(tmp_path: Path) -> None:
    folder = _model(tmp_path)
    planted = tmp_path / "planted.json"
    (folder / "modules.json").symlink_to(planted)
    run = _migrate(str(folder / "config.json"))
    assert_clean_exit(run, allowed=(0,))
    assert not planted.exists() and "left as it is" in run.out + run.err


def test_a_config_linked_outside_is_not_migrated(tmp_path: Path) -> None:
    target = tmp_path / "outside.json"
    target.write_text(json.dumps(INTENT))
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / "config.json").symlink_to(target)
    assert_one_line_refusal(_migrate(str(folder / "config.json")), "outside the model folder")
    assert json.loads(target.read_text()) == INTENT and list(folder.iterdir()) == [folder / "config.json"]
