"""The family table agrees with what transformers itself was recorded doing.

``tests/fixtures/transformers/families.json`` is recorded from transformers' modeling modules and
auto mappings (``scripts/record_family_facts.py``); ``tests/fixtures/load_report/state_dicts.json``
holds every class's real ``state_dict()`` keys. A hand-written table entry that drifts from either
fails here.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from _support import REPO
from configlint.family_table import (
    FAMILIES,
    attribute_map,
    builds_pooler,
    family_of_architecture,
    family_of_class,
    recognise_by_keys,
)

FIXTURES = REPO / "tests" / "fixtures"
RECORDED: dict[str, Any] = json.loads((FIXTURES / "transformers" / "families.json").read_text())["families"]
STATE_DICTS: dict[str, Any] = json.loads((FIXTURES / "load_report" / "state_dicts.json").read_text())

MODELLED = sorted(FAMILIES)


@pytest.mark.parametrize("name", MODELLED)
def test_names_and_classes_are_the_recorded_ones(name: str) -> None:
    entry, recorded = FAMILIES[name], RECORDED[name]
    assert entry.base_model_prefix == recorded["base_model_prefix"]
    assert entry.base_class == recorded["auto_model"]
    assert set(entry.head_classes) == set(recorded["classes"])
    assert entry.head_classes[0] == entry.base_class
    mappings = recorded["auto_mappings"]
    assert entry.pretraining_class in (
        mappings.get("MODEL_FOR_PRETRAINING_MAPPING_NAMES") or mappings["MODEL_FOR_MASKED_LM_MAPPING_NAMES"]
    )
    assert all(head.startswith(entry.class_prefix) for head in entry.head_classes)


def _base_model_pooler_keys(class_name: str, prefix: str, base_class: str) -> set[str]:
    """The state-dict keys of the base model's own pooler in ``class_name`` (under every recorded config)."""
    where = "pooler." if class_name == base_class else f"{prefix}.pooler."
    return {key for case in STATE_DICTS[class_name].values() for key in case["state_dict"] if key.startswith(where)}


@pytest.mark.parametrize("name", MODELLED)
def test_pooler_classes_are_the_classes_whose_state_dict_has_the_base_models_pooler(name: str) -> None:
    entry = FAMILIES[name]
    with_pooler = {
        head for head in entry.head_classes if _base_model_pooler_keys(head, entry.base_model_prefix, entry.base_class)
    }
    assert with_pooler == set(entry.pooler_classes)
    assert all(builds_pooler(head) == (head in with_pooler) for head in entry.head_classes)
    recorded = {head for head, facts in RECORDED[name]["classes"].items() if facts["builds_pooler"]}
    assert set(entry.pooler_classes) <= recorded  # a head's own pooler (DeBERTa's ContextPooler) is recorded too


@pytest.mark.parametrize("name", MODELLED)
def test_head_pooler_classes_are_the_recorded_context_pooler_builders(name: str) -> None:
    """The classes recorded building a ContextPooler at the head's own ``pooler`` (not the base model's) are the
    table's head_pooler_classes, and a family has the head-pooler trait exactly when it has some."""
    entry = FAMILIES[name]
    recorded = {
        head
        for head, facts in RECORDED[name]["classes"].items()
        if any(pooler["class"] == "ContextPooler" and pooler["module"] == "pooler" for pooler in facts["poolers"])
    }
    assert recorded == set(entry.head_pooler_classes)
    assert ("head-pooler" in entry.traits) == bool(recorded)


@pytest.mark.parametrize("name", MODELLED)
def test_every_attribute_map_alias_is_an_own_name(name: str) -> None:
    """field_name() spells a key the family's way; every alias transformers maps must be one of them."""
    entry = FAMILIES[name]
    assert {alias: entry.key(alias) for alias in attribute_map(name)} == dict(attribute_map(name))


@pytest.mark.parametrize("name", MODELLED)
def test_every_class_name_maps_back_to_its_family(name: str) -> None:
    for head in FAMILIES[name].head_classes:
        assert family_of_architecture(head) == name
        assert family_of_class(head) is FAMILIES[name]


def test_classes_of_other_model_types_with_a_shared_prefix_are_not_ours() -> None:
    assert family_of_architecture("RobertaPreLayerNormForMaskedLM") is None
    assert family_of_architecture("BertGenerationEncoder") is None
    assert family_of_architecture("DistilBertForMaskedLM") == "distilbert"


CONFIG_CLASSES: dict[str, Any] = json.loads((FIXTURES / "transformers" / "config_classes.json").read_text())["families"]


def _default_config(name: str) -> dict[str, Any]:
    return {key: field["default"] for key, field in CONFIG_CLASSES[name]["fields"].items()}


def _distinct_defaults(name: str) -> object:
    """A family whose config class has another's fields and defaults exactly (CamemBERT and XLM-RoBERTa) cannot be told apart by them."""
    twins = sorted(other for other in CONFIG_CLASSES if other != name and _default_config(other) == _default_config(name))
    reason = f"{name}'s config class has the same fields and defaults as {', '.join(twins)} (recorded)"
    return pytest.param(name, marks=pytest.mark.skip(reason=reason)) if twins else name


@pytest.mark.parametrize("name", [_distinct_defaults(name) for name in MODELLED])
def test_a_config_of_the_familys_default_sizes_is_recognised_without_model_type(name: str) -> None:
    """Its config class's own defaults (as a transformers export without model_type would write them)."""
    assert recognise_by_keys(_default_config(name)) == name


@pytest.mark.parametrize(
    ("config", "expected"),
    [
        ({"vocab_size": 250002, "pad_token_id": 1, "hidden_size": 768, "max_position_embeddings": 514}, "xlm-roberta"),
        ({"vocab_size": 32005, "pad_token_id": 1, "hidden_size": 768, "max_position_embeddings": 514}, "camembert"),
        ({"vocab_size": 30527, "pad_token_id": 1, "hidden_size": 768, "relative_attention_num_buckets": 32}, "mpnet"),
        # The vocabulary alone is not the signature: without RoBERTa's pad id 1 such a config stays BERT's.
        ({"vocab_size": 32005, "hidden_size": 768}, "bert"),
        ({"vocab_size": 250002, "pad_token_id": 0, "hidden_size": 768}, "bert"),
        # A T5-style config has relative buckets but none of BERT's size keys.
        ({"relative_attention_num_buckets": 32, "d_model": 512, "num_heads": 8}, None),
        # DeBERTa v1 shares RoBERTa's 50265-token vocabulary: its attention keys decide, and v2's keys or vocabulary win.
        ({"vocab_size": 50265, "hidden_size": 768, "relative_attention": True, "pos_att_type": "c2p|p2c"}, "deberta"),
        ({"vocab_size": 50265, "hidden_size": 768, "pad_token_id": 1}, "roberta"),
        ({"vocab_size": 50265, "relative_attention": True, "position_buckets": 256}, "deberta-v2"),
        ({"vocab_size": 128100, "hidden_size": 1536, "relative_attention": True}, "deberta-v2"),
    ],
)
def test_roberta_shaped_and_mpnet_signatures_do_not_steal_other_configs(config: dict[str, Any], expected: str | None) -> None:
    assert recognise_by_keys(config) == expected


RECORDED_4X: dict[str, Any] = json.loads((FIXTURES / "transformers" / "families-4.57.json").read_text())["families"]
TF_POOLER_KEYS = ("use_pooler", "pooler_type", "pooler_fc_size", "pooler_num_attention_heads", "pooler_num_fc_layers")


def _read_by_some_class(recorded: dict[str, Any], family: str, key: str) -> bool:
    return any(key in facts["config_keys_read"]["build"]["modeling"] for facts in recorded[family]["classes"].values())


@pytest.mark.parametrize("name", MODELLED)
def test_traits_with_a_recorded_fact_hold_exactly_where_it_was_recorded(name: str) -> None:
    """A trait is claimed for a family exactly when the recorded config reads of its classes say so."""
    traits = FAMILIES[name].traits
    relative_4x = _read_by_some_class(RECORDED_4X, name, "position_embedding_type") and not _read_by_some_class(
        RECORDED, name, "position_embedding_type"
    )
    assert ("relative-positions-4x" in traits) == relative_4x
    decoder = all(_read_by_some_class(RECORDED, name, key) for key in ("is_decoder", "add_cross_attention"))
    assert ("decoder" in traits) == decoder
    pooler_keys_read = any(_read_by_some_class(r, name, key) for r in (RECORDED, RECORDED_4X) for key in TF_POOLER_KEYS)
    assert ("tf-pooler-keys-unread" in traits) == (not pooler_keys_read)


TRAIT_CASES = {
    version: json.loads((FIXTURES / "transformers" / f"trait-cases-{version}.json").read_text())["families"]
    for version in ("5.23.0", "4.57.6")
}


@pytest.mark.parametrize("name", sorted(TRAIT_CASES["5.23.0"]))
def test_position_offset_and_head_pruning_traits_hold_where_recorded(name: str) -> None:
    """scripts/record_trait_cases.py: positions follow pad_token_id (22 rows fit 20 tokens with pad 1, 21 with pad 0),
    and 4.57 prunes a pruned head that 5.23 builds."""
    new, old = TRAIT_CASES["5.23.0"][name], TRAIT_CASES["4.57.6"][name]
    follows_pad = all(case["longest_input_pad_1"] == 20 and case["longest_input_pad_0"] == 21 for case in (new, old))
    assert ("padded-positions" in FAMILIES[name].traits) == follows_pad
    prunes_in_4x_only = old["query_rows_with_one_of_two_heads_pruned"] < new["query_rows_with_one_of_two_heads_pruned"]
    assert ("prunes-heads-4x" in FAMILIES[name].traits) == prunes_in_4x_only
