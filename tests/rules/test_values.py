"""V rules on numbers past configlint's limits (V005) and the rules that must not crash on them."""

from __future__ import annotations

import pytest

from configlint.engine import lint_mapping

BIG = 10**4300 - 1
"""The largest integer json.loads reads under Python's default digit limit (4,300 digits)."""


def _codes(config: dict[str, object]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for diagnostic in lint_mapping(config):
        found.setdefault(diagnostic.code, []).append(diagnostic.message)
    return found


def test_v005_names_the_field_and_the_limit() -> None:
    diagnostics = [d for d in lint_mapping({"model_type": "bert", "num_hidden_layers": 100_000_000}) if d.code == "V005"]
    assert [d.message.split(",")[0] for d in diagnostics] == ["num_hidden_layers is 100"]
    assert "past configlint's limit of 1,000 encoder blocks" in diagnostics[0].message
    assert diagnostics[0].severity.value == "error"


def test_v005_points_at_the_alias_a_distilbert_config_uses() -> None:
    diagnostics = [d for d in lint_mapping({"model_type": "distilbert", "num_hidden_layers": 5000}) if d.code == "V005"]
    assert len(diagnostics) == 1 and diagnostics[0].line == 3  # "num_hidden_layers" in the json.dumps(indent=2) text


def test_a_real_config_has_no_v005() -> None:
    assert "V005" not in _codes({"model_type": "bert", "num_hidden_layers": 24, "vocab_size": 250_002, "hidden_size": 1024})


@pytest.mark.parametrize(
    "config",
    [
        {"model_type": "roberta", "max_position_embeddings": 2**14283, "pad_token_id": BIG},  # M002: positions + pad + 1
        {"model_type": "bert", "num_labels": -BIG, "id2label": {"0": "a"}},  # L001: LABEL_{count - 1}
        {"model_type": "bert", "vocab_size": BIG, "hidden_size": BIG, "num_attention_heads": 3, "pad_token_id": -BIG},
        {"model_type": "albert", "num_hidden_groups": BIG, "inner_group_num": BIG, "num_hidden_layers": 1},
    ],
    ids=["roberta-positions", "negative-labels", "sizes", "albert-groups"],
)
def test_numbers_at_the_digit_limit_give_findings_not_errors(config: dict[str, object]) -> None:
    """Arithmetic on 4,300-digit numbers can pass the limit str() enforces (ValueError before)."""
    assert "V005" in _codes(config) or "L001" in _codes(config)


def test_a_dropout_no_module_builds_is_not_said_to_raise() -> None:
    """ModernBERT's attention_dropout below 0 builds an Identity (recorded), so V001 claims no raise there."""
    from configlint.engine import lint_mapping
    from configlint.selection import Selection

    [modern] = lint_mapping({"model_type": "modernbert", "attention_dropout": -0.5}, selection=Selection(select=("V001",)))
    assert "raises" not in modern.message and modern.severity.value == "warning"
    [bert] = lint_mapping({"model_type": "bert", "hidden_dropout_prob": 10}, selection=Selection(select=("V001",)))
    assert "torch raises when the encoder is built" in bert.message and bert.severity.value == "error"


def test_v001_says_raises_exactly_where_the_load_report_refuses() -> None:
    """Every dropout V001 says raises makes the predicted load of a class of the family refuse, naming the key."""
    from configlint.architectures import CLASSES
    from configlint.load_refusals import HEAD_DROPOUTS
    from configlint.load_report import predict_load_report
    from configlint.rules.values import _dropouts_built

    for name, head in CLASSES.items():
        for key in _dropouts_built(head.family):
            if key in HEAD_DROPOUTS and name not in HEAD_DROPOUTS[key]:
                continue
            report = predict_load_report({"model_type": head.family, key: 5}, None, name)
            assert report.error is not None and "dropout probability" in report.error, (name, key)
