"""A TF-era config (Google's bert_config.json and its ports) is one F002 finding about migrating."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.engine import lint_file
from configlint.migrations import MIGRATIONS, migrate_file
from configlint.rules.keys import is_bookkeeping, known_attributes
from configlint.selection import Selection

ALBERT_TF = {
    "attention_probs_dropout_prob": 0.0, "directionality": "bidi", "hidden_act": "gelu", "hidden_size": 312,
    "embedding_size": 128, "initializer_range": 0.02, "intermediate_size": 1248, "max_position_embeddings": 512,
    "num_attention_heads": 12, "num_hidden_layers": 4, "pooler_fc_size": 768, "pooler_type": "first_token_transform",
    "type_vocab_size": 2, "vocab_size": 21128, "ln_type": "postln", "net_structure_type": 0, "gap_size": 0,
}  # fmt: skip


def _write(tmp_path: Path, name: str, config: dict) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(config, indent=2))
    return path


def test_one_finding_names_the_migration_and_the_keys_it_drops(tmp_path: Path) -> None:
    path = _write(tmp_path, "albert_config_tiny.json", ALBERT_TF)
    found = lint_file(path)
    assert [d.code for d in found] == ["F002"], [(d.code, d.message) for d in found]
    message = found[0].message
    assert "`configlint migrate google-to-hf` writes that config.json with model_type 'albert'" in message
    assert message.index("ln_type") < message.index("pooler_type"), "settings before pooler leftovers"
    assert "unread-ln_type" in message and "pooler-keys-bert" not in message, "the pooler case was recorded on BERT"
    # what it says the migration writes is what the migration writes
    migrate_file(path, MIGRATIONS["google-to-hf"], write=True)
    written = json.loads((tmp_path / "config.json").read_text())
    assert written["model_type"] == "albert" and written["architectures"] == ["AlbertForPreTraining"]
    assert "ln_type" not in written and "pooler_type" not in written
    assert not {"ln_type", "pooler_type", "directionality", "pooler_fc_size"} & known_attributes("albert")


def test_the_dropped_keys_still_come_one_by_one_when_the_file_is_config_json(tmp_path: Path) -> None:
    """A config.json is what transformers loads: its findings are the usual ones, F002 about model_type."""
    codes = {d.code for d in lint_file(_write(tmp_path, "config.json", ALBERT_TF))}
    assert {"F002", "D007", "P001"} <= codes


@pytest.mark.parametrize("key", ["model_type", "architectures", "transformers_version"])
def test_a_file_transformers_wrote_is_not_tf_era(tmp_path: Path, key: str) -> None:
    config = {**ALBERT_TF, key: "albert" if key == "model_type" else ["AlbertModel"] if key == "architectures" else "4.57.6"}
    messages = [d.message for d in lint_file(_write(tmp_path, "albert_config.json", config))]
    assert not any("TF-era" in m for m in messages)


def test_albert_export_keys_and_bookkeeping_are_opt_in(tmp_path: Path) -> None:
    config = {
        "model_type": "albert",
        "down_scale_factor": 1,
        "author": "x",
        "vocab_file": "v.txt",
        "----------": "",
        "share_type": "all",
    }
    path = _write(tmp_path, "config.json", config)
    [d007] = [d for d in lint_file(path) if d.code == "D007"]
    assert d007.message.startswith("share_type is not an attribute")
    [d005] = [d for d in lint_file(path, selection=Selection(extend_select=("D005",))) if d.code == "D005"]
    assert all(key in d005.message for key in ("down_scale_factor", "author", "vocab_file", "----------"))
    assert not any(is_bookkeeping(key) for key in ("ln_type", "use_relative_position", "num_tasks", "encoder_width"))
