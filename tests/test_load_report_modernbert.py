"""The load report for ModernBERT's initializer: a truncated normal that cannot have std 0 (recorded loads)."""

from __future__ import annotations

import json
from pathlib import Path

from configlint.checkpoint import find_checkpoint
from configlint.load_report import predict_load_report

FIXTURES = Path(__file__).parent / "fixtures"
LOADS = json.loads((FIXTURES / "transformers" / "modernbert-cases.json").read_text())["loads"]


def _report(case: str, as_class: str, initializer_range: float) -> dict[str, object]:
    folder = FIXTURES / "load_report" / case
    config = {**json.loads((folder / "config.json").read_text()), "initializer_range": initializer_range}
    return predict_load_report(config, find_checkpoint(folder), as_class).to_dict()


def test_zero_std_fails_only_when_a_weight_must_be_initialised() -> None:
    fresh_head = _report("ModernBertModel-clean", "ModernBertForSequenceClassification", 0.0)
    assert fresh_head["error"] == "ZeroDivisionError: float division by zero"
    assert LOADS["modernbert-load-init-range-zero-new-head"]["load"] == f"raised {fresh_head['error']}"
    complete = _report("ModernBertForSequenceClassification-clean", "ModernBertForSequenceClassification", 0.0)
    assert complete["error"] is None and LOADS["modernbert-load-init-range-zero-complete"]["load"] == "ok"


def test_negative_std_is_torchs_normal_refusal() -> None:
    report = _report("ModernBertModel-clean", "ModernBertForSequenceClassification", -0.02)
    assert LOADS["modernbert-load-init-range-negative-new-head"]["load"] == f"raised {report['error']}"


def test_other_families_keep_the_plain_normal() -> None:
    report = _report("BertModel-clean", "BertForSequenceClassification", 0.0)
    assert report["error"] is None


def test_the_layer_types_refusal_comes_before_configlints_size_limits() -> None:
    """The config class refuses the file when it is made, before a model of 5,000 layers would be built."""
    folder = FIXTURES / "load_report" / "modernbert-layers-plus-one"
    config = {
        **json.loads((folder / "config.json").read_text()),
        "num_hidden_layers": 5000,
        "layer_types": ["full_attention"] * 4999,
    }
    report = predict_load_report(config, find_checkpoint(folder))
    assert (
        report.error is not None
        and "`num_hidden_layers` (5000) must be equal to the number of `layer_types` (4999)" in report.error
    )
    assert report.cause == "num_hidden_layers, layer_types"


def test_a_zero_global_attention_interval_is_refused_and_blamed() -> None:
    recorded = json.loads((FIXTURES / "transformers" / "modernbert-cases.json").read_text())["cases"]
    folder = FIXTURES / "load_report" / "ModernBertModel-clean"
    config = {**json.loads((folder / "config.json").read_text()), "global_attn_every_n_layers": 0}
    del config["layer_types"]
    report = predict_load_report(config, find_checkpoint(folder))
    assert recorded["modernbert-global-attn-every-zero"]["config"] == f"raised {report.error}"
    assert report.cause == "global_attn_every_n_layers"
