"""T008: a Pooling config that disagrees with the model card sentence-transformers wrote on save."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from configlint.engine import lint_file
from configlint.rules.model_card import MAX_CARD_BYTES, card_pooling

CLAIMS = Path(__file__).resolve().parents[1] / "fixtures" / "claims"
RECORDED = {v: json.loads((CLAIMS / f"sentence-transformers-{v}.json").read_text())["model_cards"] for v in ("6.3.0", "5.7.0")}
LEGACY_CARD_LINE = (
    "  (1): Pooling({'word_embedding_dimension': 32, 'pooling_mode_cls_token': True, 'pooling_mode_mean_tokens': False, "
    "'pooling_mode_max_tokens': False, 'pooling_mode_mean_sqrt_len_tokens': False})"
)


def _model(tmp_path: Path, pooling: dict, card: str | None) -> Path:
    folder = tmp_path / "m"
    (folder / "1_Pooling").mkdir(parents=True)
    (folder / "config.json").write_text(json.dumps({"model_type": "bert", "hidden_size": 32, "num_attention_heads": 4}))
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
    ]
    (folder / "modules.json").write_text(json.dumps(modules))
    (folder / "1_Pooling" / "config.json").write_text(json.dumps(pooling))
    if card is not None:
        (folder / "README.md").write_text(card)
    return folder / "config.json"


def _card(architecture: str) -> str:
    return f"# m\n\n### Full Model Architecture\n\n```\n{architecture}\n```\n"


def _t008(path: Path) -> list:
    return [d for d in lint_file(path) if d.code == "T008"]


@pytest.mark.parametrize("version", sorted(RECORDED))
def test_a_mean_config_on_a_model_saved_with_cls_is_flagged(tmp_path: Path, version: str) -> None:
    """The card text is what sentence-transformers wrote for a CLS model (recorded); the config says mean."""
    card = _card(RECORDED[version]["st-card-cls"]["architecture"])
    path = _model(tmp_path, {"embedding_dimension": 32, "pooling_mode": "mean"}, card)
    [finding] = _t008(path)
    assert finding.pointer == "/pooling_mode" and finding.file.endswith("1_Pooling/config.json")
    assert "pools with mean" in finding.message and "shows Pooling with cls" in finding.message


def test_the_legacy_card_format_is_read(tmp_path: Path) -> None:
    path = _model(tmp_path, {"word_embedding_dimension": 32, "pooling_mode_mean_tokens": True}, _card(LEGACY_CARD_LINE))
    [finding] = _t008(path)
    assert finding.pointer == "/pooling_mode_mean_tokens"


@pytest.mark.parametrize(
    ("pooling", "card"),
    [
        ({"embedding_dimension": 32, "pooling_mode": "cls"}, "cls"),  # they agree
        ({"embedding_dimension": 32, "pooling_mode": "mean"}, "mean"),
        ({"embedding_dimension": 32, "pooling_mode": "mean"}, None),  # no card: nothing shows the training pooling
        ({"embedding_dimension": 32, "pooling_mode": "mean"}, "# a card\n\nTrained with CLS pooling.\n"),  # prose is not read
    ],
)
def test_nothing_is_claimed_without_a_card_that_shows_another_pooling(tmp_path: Path, pooling: dict, card: str | None) -> None:
    if card in ("cls", "mean"):
        card = _card(RECORDED["6.3.0"][f"st-card-{card}"]["architecture"])
    assert not _t008(_model(tmp_path, pooling, card))


def test_hostile_cards_are_bounded(tmp_path: Path) -> None:
    huge = _card(LEGACY_CARD_LINE) + "x" * (MAX_CARD_BYTES + 1)
    assert not _t008(_model(tmp_path, {"embedding_dimension": 32, "pooling_mode": "mean"}, huge))  # past the cap: unread
    assert card_pooling("Full Model Architecture\nPooling({'a': " + "[" * 900 + "]" * 900 + "})") is None
    assert card_pooling("Full Model Architecture\nPooling({'pooling_mode': __import__('os').system('x')})") is None
