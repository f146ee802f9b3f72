"""BERT weight maps (``transformers/models/bert/modeling_bert.py``, 5.23).

Every name and shape here was read off ``model.state_dict()`` of the real classes
(``tests/fixtures/load_report/state_dicts.json``); the functions only say how the config drives them.
The encoder (``encoder.layer.N...``) is shared with RoBERTa, which copies BERT's modules verbatim.
"""

from __future__ import annotations

from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    attention_size,
    bias,
    embedding,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    pooled_variants,
)

BUFFERS = ("embeddings.position_ids", "embeddings.token_type_ids")
LM_TIES = (
    ("cls.predictions.decoder.weight", "bert.embeddings.word_embeddings.weight"),
    ("cls.predictions.decoder.bias", "cls.predictions.bias"),
)
FAMILY = Family.of("bert", BUFFERS)
PREFIX = FAMILY.prefix


def attention_block(weights: WeightMap, prefix: str, hidden: int, inner: int) -> None:
    """``BertAttention``: query/key/value project to ``inner`` (= all_head_size); the output is hidden x hidden."""
    for name in ("query", "key", "value"):
        linear(weights, f"{prefix}.self.{name}", hidden, inner)
    linear(weights, f"{prefix}.output.dense", hidden, hidden)
    layer_norm(weights, f"{prefix}.output.LayerNorm", hidden)


def encoder(weights: WeightMap, prefix: str, config: Config, layer_class: str) -> None:
    """``BertEncoder``: ``num_hidden_layers`` x ``BertLayer`` (optionally with cross-attention).

    Checks in construction order: ``BertSelfAttention`` refuses heads that do not divide the hidden
    size (unless the config has an ``embedding_size`` key), then ``BertLayer`` refuses
    cross-attention on a model that is not a decoder.
    """
    hidden = integer(config, "hidden_size")
    layers = integer(config, "num_hidden_layers")
    heads = integer(config, "num_attention_heads")
    intermediate = integer(config, "intermediate_size")
    cross = bool(config.get("add_cross_attention"))
    if layers == 0:
        return
    check = None
    zero_division = "division by zero"
    if "embedding_size" not in config:
        check = f"The hidden size ({hidden}) is not a multiple of the number of attention heads ({heads})"
        zero_division = "integer modulo by zero"
    inner = attention_size(hidden, heads, check=check, zero_division=zero_division)
    if cross and not config.get("is_decoder"):
        raise BuildError("ValueError", f"{layer_class} should be used as a decoder model if cross attention is added")
    for index in range(layers):
        layer = f"{prefix}.layer.{index}"
        attention_block(weights, f"{layer}.attention", hidden, inner)
        if cross:
            attention_block(weights, f"{layer}.crossattention", hidden, inner)
        linear(weights, f"{layer}.intermediate.dense", hidden, intermediate)
        activation(weights, f"{layer}.intermediate.intermediate_act_fn", config.get("hidden_act", "gelu"))
        linear(weights, f"{layer}.output.dense", intermediate, hidden)
        layer_norm(weights, f"{layer}.output.LayerNorm", hidden)


def embeddings(weights: WeightMap, prefix: str, config: Config, width_key: str = "hidden_size") -> None:
    """``BertEmbeddings``: word (padded), position and token-type tables, then a LayerNorm, all ``width_key``
    wide (ALBERT's and ELECTRA's are ``embedding_size`` wide, projected up to hidden_size after)."""
    hidden = integer(config, width_key)
    embedding(weights, f"{prefix}.word_embeddings", integer(config, "vocab_size"), hidden, padding_idx=config.get("pad_token_id"))
    embedding(weights, f"{prefix}.position_embeddings", integer(config, "max_position_embeddings"), hidden)
    embedding(weights, f"{prefix}.token_type_embeddings", integer(config, "type_vocab_size"), hidden)
    layer_norm(weights, f"{prefix}.LayerNorm", hidden)


def base_model(config: Config, prefix: str = "", *, pooler: bool = True) -> WeightMap:
    """``BertModel(config, add_pooling_layer=pooler)`` with its keys under ``prefix``."""
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    encoder(weights, join(prefix, "encoder"), config, "BertLayer")
    if pooler:
        hidden = integer(config, "hidden_size")
        linear(weights, join(prefix, "pooler.dense"), hidden, hidden)
    return weights


_model, _with_pooler, _without_pooler = pooled_variants(base_model, PREFIX)


def lm_prediction_head(weights: WeightMap, prefix: str, config: Config) -> None:
    """``BertLMPredictionHead``: transform (dense + LayerNorm), decoder to the vocabulary, and its own bias."""
    hidden = integer(config, "hidden_size")
    vocab = integer(config, "vocab_size")
    linear(weights, f"{prefix}.transform.dense", hidden, hidden)
    activation(weights, f"{prefix}.transform.transform_act_fn", config.get("hidden_act", "gelu"))
    layer_norm(weights, f"{prefix}.transform.LayerNorm", hidden)
    linear(weights, f"{prefix}.decoder", hidden, vocab)
    bias(weights, f"{prefix}.bias", vocab)


def _masked_lm(config: Config) -> WeightMap:
    weights = _without_pooler(config)
    lm_prediction_head(weights, "cls.predictions", config)
    return weights


def _pretraining(config: Config) -> WeightMap:
    weights = _with_pooler(config)
    lm_prediction_head(weights, "cls.predictions", config)
    linear(weights, "cls.seq_relationship", integer(config, "hidden_size"), 2)
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("BertModel", _model),
    FAMILY.head("BertForMaskedLM", _masked_lm, LM_TIES),
    FAMILY.head("BertForPreTraining", _pretraining, LM_TIES),
    FAMILY.head("BertForSequenceClassification", linear_head(_with_pooler, "classifier", "hidden_size")),
    FAMILY.head("BertForTokenClassification", linear_head(_without_pooler, "classifier", "hidden_size")),
    FAMILY.head("BertForQuestionAnswering", linear_head(_without_pooler, "qa_outputs", "hidden_size")),
    FAMILY.head("BertForNextSentencePrediction", linear_head(_with_pooler, "cls.seq_relationship", "hidden_size", 2)),
    FAMILY.head("BertForMultipleChoice", linear_head(_with_pooler, "classifier", "hidden_size", 1)),
    FAMILY.head("BertLMHeadModel", _masked_lm, LM_TIES),
)
