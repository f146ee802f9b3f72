"""The predicted load report equals what transformers 5.23 reported for every recorded case.

The cases live in ``tests/fixtures/load_report/<case>/`` (config.json, weights, expected.json) and
are made by ``scripts/generate_load_report_fixtures.py`` with the real transformers; here nothing
imports torch or transformers.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from configlint.checkpoint import find_checkpoint
from configlint.checkpoint.inventory import TensorInventory
from configlint.load_report import (
    LoadReport,
    Mismatch,
    dot_natural_key,
    predict_load_report,
    rename_checkpoint_key,
    resolve_class_name,
)

FIXTURES = Path(__file__).parent / "fixtures" / "load_report"
CASES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.json").is_file())
REPORT_KEYS = ("as", "missing", "unexpected", "mismatched", "error")


def read_inventory(folder: Path) -> TensorInventory | None:
    return find_checkpoint(folder)


def load_case(case: str) -> tuple[dict[str, Any], dict[str, Any], TensorInventory | None]:
    folder = FIXTURES / case
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    return expected, config, read_inventory(folder)


def _case_params() -> list[object]:
    """Every case, with those of classes configlint does not model yet (issue 20's families) skipped."""
    from configlint.architectures import get_class

    params: list[object] = []
    for case in CASES:
        expected = json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))
        unmodelled = sorted(name for name in {expected["as"], expected["saved_class"]} if get_class(name) is None)
        reason = f"configlint does not model {', '.join(unmodelled)} yet"
        params.append(pytest.param(case, marks=pytest.mark.skip(reason=reason)) if unmodelled else case)
    return params


@pytest.mark.parametrize("case", _case_params())
def test_prediction_matches_transformers(case: str) -> None:
    expected, config, inventory = load_case(case)
    report = predict_load_report(config, inventory, expected["as"])
    assert report.to_dict() == {key: expected[key] for key in REPORT_KEYS}
    assert report.strict_error == expected["strict_error"]


def test_fixtures_cover_every_head_class_and_stay_small() -> None:
    from configlint.architectures import CLASSES

    saved = {json.loads((FIXTURES / case / "expected.json").read_text())["saved_class"] for case in CASES}
    assert set(CLASSES) <= saved  # the recordings run ahead of the modelled classes (issue 20)
    assert len(CASES) >= 100
    total = sum(path.stat().st_size for path in FIXTURES.rglob("*") if path.is_file())
    assert total < 4_000_000  # ten families: 206 cases, 3.6 MB


def test_class_defaults_to_architectures_then_model_type() -> None:
    assert resolve_class_name({"architectures": ["BertForMaskedLM"], "model_type": "bert"}, None) == "BertForMaskedLM"
    assert resolve_class_name({"model_type": "albert"}, None) == "AlbertModel"
    assert resolve_class_name({"architectures": ["BertForMaskedLM"]}, "BertModel") == "BertModel"
    assert resolve_class_name({}, None) is None


def test_default_class_is_used_by_the_predictor() -> None:
    expected, config, inventory = load_case("BertForPreTraining-clean")
    assert predict_load_report(config, inventory).as_class == "BertForPreTraining"


def test_unknown_class_and_unknown_type_are_errors() -> None:
    report = predict_load_report({"model_type": "bert"}, TensorInventory(), "BertForCausalLM")
    assert report.error is not None and "BertForCausalLM" in report.error
    assert report.to_dict()["missing"] == []
    assert predict_load_report({"model_type": "gpt2"}, TensorInventory()).error is not None


def test_no_weights_error_names_the_folder() -> None:
    report = predict_load_report({"model_type": "bert"}, None, folder="some/dir")
    assert report.error == ("OSError: Error no file named model.safetensors, or pytorch_model.bin, found in directory some/dir.")


def test_wrong_types_are_build_errors() -> None:
    report = predict_load_report({"model_type": "bert", "hidden_size": "8"}, TensorInventory(), "BertModel")
    assert report.error == (
        "StrictDataclassFieldValidationError: Validation error for field 'hidden_size': "
        "TypeError: Field 'hidden_size' expected int, got str (value: '8')"
    )
    zero_heads = predict_load_report({"num_attention_heads": 0}, TensorInventory(), "BertModel")
    assert zero_heads.error == "ZeroDivisionError: integer modulo by zero"


def test_report_shape_and_clean_flag() -> None:
    report = LoadReport("BertModel", mismatched=(Mismatch("a.weight", (3, 2), (2, 2)),))
    assert report.to_dict() == {
        "as": "BertModel",
        "missing": [],
        "unexpected": [],
        "mismatched": [{"key": "a.weight", "expected": [3, 2], "checkpoint": [2, 2]}],
        "error": None,
    }
    assert not report.clean
    assert LoadReport("BertModel").clean


def test_natural_key_orders_numbers_numerically() -> None:
    keys = ["layer.10.a", "layer.9.a", "layer.1.b", "shard_11", "shard_2"]
    assert sorted(keys, key=dot_natural_key) == ["layer.1.b", "layer.9.a", "layer.10.a", "shard_2", "shard_11"]


@pytest.mark.parametrize(
    ("key", "renamed"),
    [
        ("bert.embeddings.LayerNorm.gamma", "bert.embeddings.LayerNorm.weight"),
        ("embeddings.LayerNorm.beta", "bert.embeddings.LayerNorm.bias"),
        ("bert.pooler.dense.weight", "bert.pooler.dense.weight"),
        ("pooler.dense.weight", "bert.pooler.dense.weight"),
        ("cls.predictions.bias", "cls.predictions.bias"),
        ("LayerNorm.gammas", "LayerNorm.gammas"),
        ("x.weight_g", "x.parametrizations.weight.original0"),
    ],
)
def test_checkpoint_keys_are_renamed_like_transformers(key: str, renamed: str) -> None:
    model_keys = {
        "bert.embeddings.LayerNorm.weight",
        "bert.embeddings.LayerNorm.bias",
        "bert.pooler.dense.weight",
    }
    assert rename_checkpoint_key(key, "bert", model_keys) == renamed


# ---------------------------------------------------------------------------------------------
# The command


@pytest.fixture
def cli() -> Any:
    """Run ``load-report`` through click."""
    from click.testing import CliRunner

    from configlint.cli.load_report import load_report

    def run(*args: str) -> Any:
        return CliRunner().invoke(load_report, list(args))

    return run


def test_cli_json_is_the_report(cli: Any) -> None:
    folder = FIXTURES / "bert-vocab-changed-mlm"
    result = cli(str(folder), "--format", "json", "--as", "BertForMaskedLM")
    expected = json.loads((folder / "expected.json").read_text())
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {key: expected[key] for key in REPORT_KEYS}


def test_cli_defaults_to_the_config_architecture(cli: Any) -> None:
    result = cli(str(FIXTURES / "RobertaForCausalLM-clean"), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["as"] == "RobertaForCausalLM"


def test_cli_text(cli: Any) -> None:
    result = cli(str(FIXTURES / "bert-mlm-as-seqcls"), "--as", "BertForSequenceClassification")
    assert result.exit_code == 1
    assert "missing (newly initialised): 4" in result.stdout
    assert "    classifier.weight" in result.stdout
    assert "unexpected (not used): 5" in result.stdout
    clean = cli(str(FIXTURES / "AlbertModel-clean"))
    assert clean.exit_code == 0 and "every weight loads as is" in clean.stdout
    mismatch = cli(str(FIXTURES / "bert-max-positions-changed"))
    assert "embeddings.position_embeddings.weight: checkpoint [20, 8], model expects [32, 8]" in mismatch.stdout
    assert "without ignore_mismatched_sizes=True: RuntimeError: You set" in mismatch.stdout


def test_cli_predicted_error_is_a_report_not_a_failure(cli: Any) -> None:
    result = cli(str(FIXTURES / "bert-heads-indivisible"))
    assert result.exit_code == 1
    assert "error: from_pretrained raises ValueError: The hidden size (8) is not a multiple" in result.stdout


def test_cli_unreadable_folder_is_one_line_exit_2(cli: Any, tmp_path: Path) -> None:
    result = cli(str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "config.json" in result.stderr and "no such file" in result.stderr
    (tmp_path / "config.json").write_text("{nope", encoding="utf-8")
    broken = cli(str(tmp_path))
    assert broken.exit_code == 2 and "invalid JSON" in broken.stderr
    assert cli(str(tmp_path / "absent")).exit_code == 2


def test_roberta_base_sized_checkpoint_is_answered_from_its_header(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A 499 MB checkpoint: the report is clean and fewer than 100 KB of it are read."""
    import io

    from _sized_checkpoint import write_sized_model

    checkpoint = write_sized_model(tmp_path / "roberta-base")
    from configlint.checkpoint import discovery

    read = [0]
    original = discovery.open_weights

    class Counting(io.BufferedReader):
        def read(self, size: int | None = -1) -> bytes:
            data = super().read(size)
            read[0] += len(data)
            return data

    def counting_open(files: Any, name: str) -> Any:  # every weights file is opened here (through ModelFiles)
        handle = original(files, name)
        return Counting(handle.detach()) if files.where(name) == str(checkpoint) else handle

    monkeypatch.setattr(discovery, "open_weights", counting_open)
    inventory = find_checkpoint(checkpoint.parent)
    report = predict_load_report(json.loads((checkpoint.parent / "config.json").read_text()), inventory)
    assert report.clean and report.as_class == "RobertaForMaskedLM"
    assert len(inventory) == 202  # what transformers listed loading it
    assert checkpoint.stat().st_size > 400_000_000
    assert 0 < read[0] < 100_000
