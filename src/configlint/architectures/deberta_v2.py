"""DeBERTa-v2 (and v3) weight maps (``transformers/models/deberta_v2/modeling_deberta_v2.py``, 5.23).

DeBERTa reads several keys its config class does not declare, with ``getattr`` defaults:
``embedding_size`` (default hidden_size; ``embeddings.embed_proj`` when it differs),
``position_buckets`` and ``max_relative_positions`` (the size of ``encoder.rel_embeddings``),
``norm_rel_ebd`` (``encoder.LayerNorm`` when it names "layer_norm"), ``share_att_key`` (no
``pos_key_proj``/``pos_query_proj`` when true), ``conv_kernel_size`` (``encoder.conv``),
``attention_head_size`` and ``pooler_hidden_size`` (``DebertaV2Config`` sets it from the file, else
hidden_size). The base model has no pooler: sequence classification and multiple choice build a
``ContextPooler`` of their own at ``pooler.dense``. Names and shapes were read off the recorded
state dicts (``tests/fixtures/load_report/state_dicts.json``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    bias,
    embedding,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    num_labels,
)

BUFFERS = ("embeddings.position_ids",)
LEGACY_LM_TIES = (
    ("cls.predictions.decoder.bias", "cls.predictions.bias"),
    ("cls.predictions.decoder.weight", "deberta.embeddings.word_embeddings.weight"),
)
FAMILY = Family.of("deberta-v2", BUFFERS)
PREFIX = FAMILY.prefix
# DebertaV2PreTrainedModel._keys_to_ignore_on_load_unexpected, and what DebertaV2ForMaskedLM adds (classes.json).
IGNORED_UNEXPECTED = frozenset({"position_embeddings"})
MASKED_LM_IGNORED_UNEXPECTED = frozenset({"mask_predictions.*", "position_embeddings"})


def embedding_width(config: Config) -> int:
    """``getattr(config, "embedding_size", config.hidden_size)``: the width of the token embeddings."""
    return integer(config, "embedding_size" if "embedding_size" in config else "hidden_size")


def max_relative_distance(config: Config) -> int:
    """max_relative_positions when at least 1, else max_position_embeddings (DeBERTa v1's rel_embeddings size too)."""
    distance = config.get("max_relative_positions", -1)
    return (
        integer(config, "max_relative_positions")
        if isinstance(distance, int) and distance >= 1
        else integer(config, "max_position_embeddings")
    )


def relative_positions(config: Config) -> int:
    """How many relative distances each side ``rel_embeddings`` holds: position_buckets when positive, else
    max_relative_positions when at least 1, else max_position_embeddings."""
    buckets = config.get("position_buckets", -1)
    if isinstance(buckets, int) and buckets > 0:
        return buckets
    return max_relative_distance(config)


def attention_terms(config: Config) -> list[Any]:
    """``pos_att_type`` as the attention reads it: DebertaV2Config splits a string on "|" (lower-cased)."""
    terms = config.get("pos_att_type")
    if isinstance(terms, str):
        return [term.strip() for term in terms.lower().split("|")]
    return list(terms) if isinstance(terms, list) else []


def _flags(config: Config, name: str) -> list[str]:
    """``norm_rel_ebd`` read as DeBERTa reads it: "|"-separated, lower-cased names."""
    value = config.get(name, "none")
    return [part.strip() for part in value.lower().split("|")] if isinstance(value, str) else []


def embeddings(weights: WeightMap, prefix: str, config: Config) -> None:
    """``DebertaV2Embeddings``: word, optional absolute positions and token types, the projection, LayerNorm."""
    size = embedding_width(config)
    hidden = integer(config, "hidden_size")
    embedding(weights, f"{prefix}.word_embeddings", integer(config, "vocab_size"), size, padding_idx=config.get("pad_token_id"))
    if config.get("position_biased_input", True):
        embedding(weights, f"{prefix}.position_embeddings", integer(config, "max_position_embeddings"), size)
    if integer(config, "type_vocab_size") > 0:
        embedding(weights, f"{prefix}.token_type_embeddings", integer(config, "type_vocab_size"), size)
    if size != hidden:
        linear(weights, f"{prefix}.embed_proj", size, hidden, bias=False)
    layer_norm(weights, f"{prefix}.LayerNorm", hidden)


def attention_heads(config: Config, hidden: int) -> int:
    """``num_attention_heads``, refused as both DeBERTa versions' ``DisentangledSelfAttention`` refuses it."""
    heads = integer(config, "num_attention_heads")
    if heads == 0:
        raise BuildError("ZeroDivisionError", "integer modulo by zero")
    if hidden % heads != 0:
        raise BuildError("ValueError", f"The hidden size ({hidden}) is not a multiple of the number of attention heads ({heads})")
    return heads


def attention_output(weights: WeightMap, prefix: str, hidden: int) -> None:
    """The attention's output block (``DebertaSelfOutput`` / ``DebertaV2SelfOutput``)."""
    linear(weights, f"{prefix}.output.dense", hidden, hidden)
    layer_norm(weights, f"{prefix}.output.LayerNorm", hidden)


def _attention(weights: WeightMap, prefix: str, config: Config, hidden: int) -> None:
    """``DisentangledSelfAttention`` (refuses heads that do not divide the hidden size) and its output block."""
    heads = attention_heads(config, hidden)
    head_size = integer(config, "attention_head_size") if "attention_head_size" in config else hidden // heads
    inner = heads * head_size
    for name in ("query_proj", "key_proj", "value_proj"):
        linear(weights, f"{prefix}.self.{name}", hidden, inner)
    if config.get("relative_attention") and not config.get("share_att_key"):
        terms = attention_terms(config)
        if "c2p" in terms:
            linear(weights, f"{prefix}.self.pos_key_proj", hidden, inner)
        if "p2c" in terms:
            linear(weights, f"{prefix}.self.pos_query_proj", hidden, inner)
    attention_output(weights, prefix, hidden)


Attention = Callable[[WeightMap, str, Config, int], None]
"""Adds one layer's attention block at a prefix (``DisentangledSelfAttention`` differs between the versions)."""


def layers(weights: WeightMap, prefix: str, config: Config, attention: Attention) -> None:
    """The encoder's layers: ``attention``, then the feed-forward block both DeBERTa versions share."""
    hidden = integer(config, "hidden_size")
    intermediate = integer(config, "intermediate_size")
    for index in range(integer(config, "num_hidden_layers")):
        layer = f"{prefix}.layer.{index}"
        attention(weights, f"{layer}.attention", config, hidden)
        linear(weights, f"{layer}.intermediate.dense", hidden, intermediate)
        activation(weights, f"{layer}.intermediate.intermediate_act_fn", config.get("hidden_act"))
        linear(weights, f"{layer}.output.dense", intermediate, hidden)
        layer_norm(weights, f"{layer}.output.LayerNorm", hidden)


def encoder(weights: WeightMap, prefix: str, config: Config) -> None:
    """``DebertaV2Encoder``: the layers, then rel_embeddings, its LayerNorm and the convolution, in that order."""
    hidden = integer(config, "hidden_size")
    layers(weights, prefix, config, _attention)
    if config.get("relative_attention"):
        embedding(weights, f"{prefix}.rel_embeddings", relative_positions(config) * 2, hidden)
    if "layer_norm" in _flags(config, "norm_rel_ebd"):
        layer_norm(weights, f"{prefix}.LayerNorm", hidden)
    kernel = config.get("conv_kernel_size", 0)
    if isinstance(kernel, int) and kernel > 0:
        groups = integer(config, "conv_groups") if "conv_groups" in config else 1
        if groups <= 0:
            raise BuildError("ValueError", "groups must be a positive integer")
        if hidden % groups != 0:
            raise BuildError("ValueError", "in_channels must be divisible by groups")
        weights[f"{prefix}.conv.conv.weight"] = (hidden, hidden // groups, kernel)
        weights[f"{prefix}.conv.conv.bias"] = (hidden,)
        layer_norm(weights, f"{prefix}.conv.LayerNorm", hidden)


def base_model(config: Config, prefix: str = "") -> WeightMap:
    """``DebertaV2Model`` with its keys under ``prefix`` (it has no pooler)."""
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    encoder(weights, join(prefix, "encoder"), config)
    return weights


def _model(config: Config) -> WeightMap:
    return base_model(config)


def _inner(config: Config) -> WeightMap:
    return base_model(config, PREFIX)


BaseModel = Callable[[Config], WeightMap]
"""The base model's weights under the head classes' prefix."""


def masked_lm(inner: BaseModel) -> BaseModel:
    """The masked-LM class over ``inner``: the same two heads in DeBERTa and DeBERTa-v2."""

    def weights_of(config: Config) -> WeightMap:
        return _lm_head(inner(config), config)

    return weights_of


def _lm_head(weights: WeightMap, config: Config) -> WeightMap:
    """``legacy`` (the default) builds ``cls.predictions`` (hidden -> embedding width -> vocabulary),
    otherwise ``lm_predictions.lm_head``, which multiplies by the word embeddings and has no decoder."""
    hidden = integer(config, "hidden_size")
    vocab = integer(config, "vocab_size")
    if config.get("legacy", True):
        size = embedding_width(config)
        linear(weights, "cls.predictions.transform.dense", hidden, size)
        activation(weights, "cls.predictions.transform.transform_act_fn", config.get("hidden_act"))
        layer_norm(weights, "cls.predictions.transform.LayerNorm", size)
        linear(weights, "cls.predictions.decoder", size, vocab)
        bias(weights, "cls.predictions.bias", vocab)
    else:
        linear(weights, "lm_predictions.lm_head.dense", hidden, hidden)
        activation(weights, "lm_predictions.lm_head.transform_act_fn", config.get("hidden_act"))
        layer_norm(weights, "lm_predictions.lm_head.LayerNorm", hidden)
        bias(weights, "lm_predictions.lm_head.bias", vocab)
    return weights


def pooler_width(config: Config) -> int:
    """``pooler_hidden_size``: DebertaV2Config takes it from the file, else from hidden_size."""
    return integer(config, "pooler_hidden_size" if "pooler_hidden_size" in config else "hidden_size")


def pooled(inner: BaseModel, labels: int | None) -> BaseModel:
    """``ContextPooler`` (``pooler.dense`` of pooler_hidden_size) and a classifier on hidden_size outputs, over ``inner``."""

    def weights_of(config: Config) -> WeightMap:
        weights = inner(config)
        width = pooler_width(config)
        linear(weights, "pooler.dense", width, width)
        linear(weights, "classifier", integer(config, "hidden_size"), num_labels(config) if labels is None else labels)
        return weights

    return weights_of


def _head(name: str, weights: Any, ignored: frozenset[str] = IGNORED_UNEXPECTED, tied: Any = ()) -> HeadClass:
    return replace(FAMILY.head(name, weights, tied), keys_to_ignore_on_load_unexpected=ignored)


CLASSES: tuple[HeadClass, ...] = (
    _head("DebertaV2Model", _model),
    _head("DebertaV2ForMaskedLM", masked_lm(_inner), MASKED_LM_IGNORED_UNEXPECTED, LEGACY_LM_TIES),
    _head("DebertaV2ForSequenceClassification", pooled(_inner, None)),
    _head("DebertaV2ForTokenClassification", linear_head(_inner, "classifier", "hidden_size")),
    _head("DebertaV2ForQuestionAnswering", linear_head(_inner, "qa_outputs", "hidden_size")),
    _head("DebertaV2ForMultipleChoice", pooled(_inner, 1)),
)
