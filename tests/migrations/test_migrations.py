"""Named migrations on real legacy configs and crafted pooling intents: minimal, faithful, idempotent."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from _support import corpus_files
from configlint.cli import main
from configlint.engine import lint_file
from configlint.migrations import MIGRATIONS, migrate_file

LEGACY = [
    path
    for path in corpus_files()
    if path.parent.name in {"bert", "albert", "roberta", "distilbert"}
    and '"model_type"' not in path.read_text(encoding="utf-8", errors="replace")
]
WITH_TORCH_DTYPE = [path for path in corpus_files() if '"torch_dtype"' in path.read_text(encoding="utf-8", errors="replace")]
MIGRATED_RULES = {"F002", "P001", "P004", "P006"}


def _copy(path: Path, tmp_path: Path) -> Path:
    target = tmp_path / "model" / "config.json"
    target.parent.mkdir(parents=True)
    shutil.copyfile(path, target)
    target.chmod(0o644)
    return target


@pytest.mark.parametrize("path", LEGACY, ids=lambda p: p.name)
def test_google_to_hf_on_every_real_legacy_config(path: Path, tmp_path: Path) -> None:
    target = _copy(path, tmp_path)
    before = target.read_text(encoding="utf-8")
    result = migrate_file(target, MIGRATIONS["google-to-hf"], write=True)
    after = target.read_text(encoding="utf-8")
    assert result.changed and json.loads(after)["model_type"] in {"bert", "albert", "roberta", "distilbert"}
    # Minimal diff: the kept lines come through unchanged and in order (bar a trailing comma),
    # followed only by the appended members.
    removed = set(json.loads(before)) - set(json.loads(after))
    kept = [
        line.rstrip(" ,")
        for line in before.splitlines()
        if line.strip() and not any(line.strip().startswith(f'"{key}"') for key in removed)
    ]
    new_lines = [line.rstrip(" ,") for line in after.splitlines() if line.strip()]
    assert new_lines[: len(kept) - 1] == kept[:-1]
    assert all(
        '"model_type"' in line or '"architectures"' in line or '"layer_norm_eps"' in line
        for line in new_lines[len(kept) - 1 : -1]
    )
    assert not MIGRATED_RULES & {d.code for d in lint_file(target)}
    assert not migrate_file(target, MIGRATIONS["google-to-hf"], write=True).changed  # idempotent


def test_enough_real_legacy_configs_were_found() -> None:
    if not corpus_files():
        pytest.skip("corpus not available")
    assert len(LEGACY) > 100


@pytest.mark.parametrize("path", WITH_TORCH_DTYPE[:40], ids=lambda p: p.name)
def test_transformers_v5_renames_torch_dtype(path: Path, tmp_path: Path) -> None:
    target = _copy(path, tmp_path)
    migrate_file(target, MIGRATIONS["transformers-v5"], write=True)
    data = json.loads(target.read_text(encoding="utf-8"))
    assert "torch_dtype" not in data and "dtype" in data
    assert not {"D001", "D002", "L001"} & {d.code for d in lint_file(target)}
    assert not migrate_file(target, MIGRATIONS["transformers-v5"], write=True).changed


def test_transformers_v5_keeps_4x_label_names(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    target.write_text('{\r\n  "model_type": "bert",\r\n  "num_labels": 3,\r\n  "id2label": {"0": "neg", "1": "pos"}\r\n}\r\n')
    result = migrate_file(target, MIGRATIONS["transformers-v5"], write=True)
    assert target.read_bytes() == b'{\r\n  "model_type": "bert",\r\n  "id2label": {"0": "neg", "1": "pos"}\r\n}\r\n'
    assert "as under transformers 4.x" in result.notes[0]


def test_relative_positions_are_reported_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    target.write_text('{"model_type": "bert", "position_embedding_type": "relative_key"}')
    result = migrate_file(target, MIGRATIONS["transformers-v5"], write=True)
    assert not result.changed and "pin transformers<5" in result.notes[0]


def test_pooling_to_sentence_transformers(tmp_path: Path) -> None:
    target = tmp_path / "config.json"
    target.write_text(
        json.dumps(
            {
                "model_type": "bert",
                "architectures": ["BertModel"],
                "hidden_size": 384,
                "num_attention_heads": 12,
                "pooler_type": "avg",
                "use_pooler": True,
            },
            indent=2,
        )
    )
    result = migrate_file(target, MIGRATIONS["pooling-to-sentence-transformers"], write=True)
    assert result.changed
    assert json.loads((tmp_path / "1_Pooling" / "config.json").read_text()) == {
        "embedding_dimension": 384,
        "pooling_mode": "mean",
        "include_prompt": True,
    }
    assert [m["path"] for m in json.loads((tmp_path / "modules.json").read_text())] == ["", "1_Pooling"]
    assert "pooler_type" not in json.loads(target.read_text())
    assert {d.code for d in lint_file(target)} == set()
    assert not migrate_file(target, MIGRATIONS["pooling-to-sentence-transformers"], write=True).changed


def test_existing_modules_are_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text("[]")
    target = tmp_path / "config.json"
    target.write_text('{"model_type": "bert", "hidden_size": 384, "num_attention_heads": 12, "pooler_type": "max"}')
    result = migrate_file(target, MIGRATIONS["pooling-to-sentence-transformers"], write=True)
    assert (tmp_path / "modules.json").read_text() == "[]"
    assert not (tmp_path / "1_Pooling").exists()
    assert "left as it is" in result.notes[0]


def test_cli_diff_and_check_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "config.json"  # a legacy config.json is edited in place (bert_config.json: test_google_to_hf)
    text = '{\n  "hidden_size": 768,\n  "num_attention_heads": 12,\n  "directionality": "bidi"\n}\n'
    target.write_text(text)
    assert main(["migrate", "google-to-hf", "--diff", str(target)]) == 0
    out = capsys.readouterr().out
    assert '-  "directionality": "bidi"' in out and '+  "model_type": "bert"' in out
    assert main(["migrate", "google-to-hf", "--check", str(target)]) == 1
    assert target.read_text() == text
    assert main(["migrate", "google-to-hf", str(target)]) == 0
    assert main(["migrate", "google-to-hf", "--check", str(target)]) == 0


WITH_MODEL_TYPE = [
    path
    for path in corpus_files()
    if path.parent.name in {"bert", "roberta", "distilbert", "albert"}
    and '"model_type"' in path.read_text(encoding="utf-8", errors="replace")
][::9]


@pytest.mark.parametrize("path", WITH_MODEL_TYPE, ids=lambda p: p.name)
def test_pooling_migration_on_real_configs_with_an_intent_added(path: Path, tmp_path: Path) -> None:
    """The corpus has no pooler_type "mean"; add one (as a user would) to real configs and migrate."""
    from configlint.diagnostics import Edit
    from configlint.edits import edit_text

    target = _copy(path, tmp_path)
    with_intent, _ = edit_text(target.read_text(encoding="utf-8"), [Edit("add", "/pooler_type", "mean")])
    target.write_text(with_intent, encoding="utf-8")
    assert "P002" in {d.code for d in lint_file(target)}
    migrate_file(target, MIGRATIONS["pooling-to-sentence-transformers"], write=True)
    codes = {d.code for d in lint_file(target)}
    assert not {"P001", "P002", "T001", "T002", "T005", "T006"} & codes
    assert (target.parent / "1_Pooling" / "config.json").is_file()
    assert not migrate_file(target, MIGRATIONS["pooling-to-sentence-transformers"], write=True).changed


def test_transformers_v5_notes_quote_the_recorded_facts(tmp_path: Path) -> None:
    """The migration and the linter state the same per-version facts (recorded: pruned-heads, no-model-type-*)."""
    from configlint.rules.recorded_facts import CASE_OUTCOMES

    target = tmp_path / "config.json"
    target.write_text('{"architectures": ["BertModel"], "hidden_size": 32, "pruned_heads": {"0": [0]}}')
    result = migrate_file(target, MIGRATIONS["transformers-v5"], write=True)
    assert json.loads(target.read_text())["model_type"] == "bert"
    added, pruned = result.notes
    assert "5.23 AutoConfig raises ValueError" in added
    assert CASE_OUTCOMES["no-model-type-plain-folder"]["5.23.0"].startswith("AutoConfig raises ValueError")
    assert "5.23 ignores pruned_heads" in pruned and "4.57 prunes" in pruned
    assert "identical to baseline" in CASE_OUTCOMES["pruned-heads"]["5.23.0"]
    [d006] = [d for d in lint_file(target) if d.code == "D006"]
    assert "5.23 (the target) ignores pruned_heads and builds every head" in d006.message
