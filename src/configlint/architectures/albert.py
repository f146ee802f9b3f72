"""ALBERT weight maps (``transformers/models/albert/modeling_albert.py``, 5.23).

ALBERT shares weights across layers: the state dict holds ``num_hidden_groups`` groups of
``inner_group_num`` layers each, and ``num_hidden_layers`` (how many times they are applied)
changes no tensor at all. Embeddings are ``embedding_size`` wide and projected to ``hidden_size``
by ``encoder.embedding_hidden_mapping_in``. ``AlbertConfig`` always has ``embedding_size``, so
``AlbertAttention`` never checks that the heads divide the hidden size: it builds query/key/value
of ``heads * (hidden // heads)`` outputs instead. The pooler is a bare ``nn.Linear`` named ``pooler``.
"""

from __future__ import annotations

from configlint.architectures import bert
from configlint.architectures.common import (
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    attention_size,
    bias,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    num_labels,
    pooled_variants,
)

BUFFERS = ("embeddings.position_ids", "embeddings.token_type_ids")
LM_TIES = (
    ("predictions.decoder.weight", "albert.embeddings.word_embeddings.weight"),
    ("predictions.decoder.bias", "predictions.bias"),
)
FAMILY = Family.of("albert", BUFFERS)
PREFIX = FAMILY.prefix


def base_model(config: Config, prefix: str = "", *, pooler: bool = True) -> WeightMap:
    """``AlbertModel(config, add_pooling_layer=pooler)`` with its keys under ``prefix``."""
    size = integer(config, "embedding_size")
    hidden = integer(config, "hidden_size")
    heads = integer(config, "num_attention_heads")
    intermediate = integer(config, "intermediate_size")
    groups = integer(config, "num_hidden_groups")
    inner_layers = integer(config, "inner_group_num")
    weights: WeightMap = {}
    bert.embeddings(weights, join(prefix, "embeddings"), config, "embedding_size")
    linear(weights, join(prefix, "encoder.embedding_hidden_mapping_in"), size, hidden)
    inner = None
    for group in range(groups):
        for index in range(inner_layers):
            if inner is None:
                inner = attention_size(hidden, heads, check=None, zero_division="integer division or modulo by zero")
            layer = join(prefix, f"encoder.albert_layer_groups.{group}.albert_layers.{index}")
            layer_norm(weights, f"{layer}.full_layer_layer_norm", hidden)
            for name in ("query", "key", "value"):
                linear(weights, f"{layer}.attention.{name}", hidden, inner)
            linear(weights, f"{layer}.attention.dense", hidden, hidden)
            layer_norm(weights, f"{layer}.attention.LayerNorm", hidden)
            linear(weights, f"{layer}.ffn", hidden, intermediate)
            activation(weights, f"{layer}.activation", config.get("hidden_act"))
            linear(weights, f"{layer}.ffn_output", intermediate, hidden)
    if pooler:
        linear(weights, join(prefix, "pooler"), hidden, hidden)
    return weights


_model, _with_pooler, _without_pooler = pooled_variants(base_model, PREFIX)


def mlm_head(weights: WeightMap, config: Config) -> None:
    """``AlbertMLMHead``: hidden -> embedding_size -> vocabulary, with its own bias."""
    size = integer(config, "embedding_size")
    vocab = integer(config, "vocab_size")
    layer_norm(weights, "predictions.LayerNorm", size)
    bias(weights, "predictions.bias", vocab)
    linear(weights, "predictions.dense", integer(config, "hidden_size"), size)
    linear(weights, "predictions.decoder", size, vocab)
    activation(weights, "predictions.activation", config.get("hidden_act"))


def _masked_lm(config: Config) -> WeightMap:
    weights = _without_pooler(config)
    mlm_head(weights, config)
    return weights


def _pretraining(config: Config) -> WeightMap:
    """MLM head plus ``AlbertSOPHead``, whose classifier follows ``num_labels`` (sentence order is 2)."""
    weights = _with_pooler(config)
    mlm_head(weights, config)
    linear(weights, "sop_classifier.classifier", integer(config, "hidden_size"), num_labels(config))
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("AlbertModel", _model),
    FAMILY.head("AlbertForMaskedLM", _masked_lm, LM_TIES),
    FAMILY.head("AlbertForPreTraining", _pretraining, LM_TIES),
    FAMILY.head("AlbertForSequenceClassification", linear_head(_with_pooler, "classifier", "hidden_size")),
    FAMILY.head("AlbertForTokenClassification", linear_head(_without_pooler, "classifier", "hidden_size")),
    FAMILY.head("AlbertForQuestionAnswering", linear_head(_without_pooler, "qa_outputs", "hidden_size")),
    FAMILY.head("AlbertForMultipleChoice", linear_head(_with_pooler, "classifier", "hidden_size", 1)),
)
