"""configlint's own size limits: checked with counts before any weight map exists (issue 15, item 1)."""

from __future__ import annotations

import pytest

from configlint.architectures import SizeLimitError, expected_state_dict
from configlint.load_report import SIZE_LIMIT_PREFIX, predict_load_report
from configlint.size_limits import MAX_DIMENSION, MAX_ENCODER_BLOCKS, describe_number, size_limit_problems

TINY = {"hidden_size": 8, "num_attention_heads": 2, "intermediate_size": 16, "vocab_size": 10, "max_position_embeddings": 8}


def test_the_deepest_model_within_the_limit_is_built_and_one_more_layer_is_refused() -> None:
    weights = expected_state_dict("BertModel", {**TINY, "num_hidden_layers": MAX_ENCODER_BLOCKS})
    assert f"encoder.layer.{MAX_ENCODER_BLOCKS - 1}.output.dense.weight" in weights
    with pytest.raises(SizeLimitError, match="num_hidden_layers is 1,001, past configlint's limit of 1,000 encoder blocks"):
        expected_state_dict("BertModel", {**TINY, "num_hidden_layers": MAX_ENCODER_BLOCKS + 1})


def test_albert_counts_groups_times_inner_layers_without_multiplying_huge_numbers() -> None:
    albert = {**TINY, "embedding_size": 4}
    assert len(expected_state_dict("AlbertModel", {**albert, "num_hidden_groups": 10, "inner_group_num": 100})) > 1000
    with pytest.raises(SizeLimitError, match="num_hidden_groups × inner_group_num is 10 × 101"):
        expected_state_dict("AlbertModel", {**albert, "num_hidden_groups": 10, "inner_group_num": 101})
    huge = 10**4000  # the product would have 8,000 digits: str() of it raises
    [problem] = size_limit_problems("albert", {"num_hidden_groups": huge, "inner_group_num": huge}.get)
    assert "a 4,001-digit number × a 4,001-digit number" in problem.message
    # No layer at all is no bomb, however many inner layers a group would have.
    assert size_limit_problems("albert", {"num_hidden_groups": 0, "inner_group_num": huge}.get) == []


def test_albert_num_hidden_layers_adds_no_tensor_so_it_is_not_capped() -> None:
    assert size_limit_problems("albert", {"num_hidden_layers": 10**8, "num_hidden_groups": 1, "inner_group_num": 1}.get) == []


@pytest.mark.parametrize("field", ["vocab_size", "hidden_size", "num_attention_heads", "intermediate_size", "num_labels"])
def test_every_size_is_capped_at_the_documented_bound(field: str) -> None:
    assert size_limit_problems("bert", {field: MAX_DIMENSION}.get) == []
    [problem] = size_limit_problems("bert", {field: MAX_DIMENSION + 1}.get)
    assert problem.field == field and "2,147,483,647" in problem.message


def test_distilbert_aliases_are_capped_under_their_real_names() -> None:
    config = {"model_type": "distilbert", "dim": 8, "n_heads": 2, "hidden_dim": 16, "vocab_size": 10,
              "max_position_embeddings": 8, "num_hidden_layers": 5000}  # fmt: skip
    with pytest.raises(SizeLimitError, match="n_layers is 5,000"):
        expected_state_dict("DistilBertModel", config)


def test_values_of_other_types_are_left_to_the_type_checks() -> None:
    assert size_limit_problems("bert", {"num_hidden_layers": 1e9, "vocab_size": True, "hidden_size": "9" * 50}.get) == []
    assert size_limit_problems(None, {"num_hidden_layers": 10**9}.get) == []


def test_describe_number_never_converts_a_huge_int_with_str() -> None:
    assert describe_number(12_345) == "12,345" and describe_number(12_345, separators=False) == "12345"
    assert describe_number(10**30) == "a 31-digit number"
    assert describe_number(-(10**5000)) == "a 5,001-digit number"  # past int()'s 4,300-digit str limit


def test_the_load_report_of_a_layer_bomb_is_a_refusal_not_a_weight_map() -> None:
    # 100,000 layers: big enough to be refused, small enough not to hurt if the cap regressed
    # (the corpus's 100,000,000-layer bomb runs under a memory limit in tests/test_hostile_corpus.py).
    report = predict_load_report({**TINY, "model_type": "bert", "num_hidden_layers": 100_000}, None)
    assert report.error is not None and report.error.startswith(SIZE_LIMIT_PREFIX)
    assert "100,000" in report.error and report.strict_error == report.error
