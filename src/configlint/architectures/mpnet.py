"""MPNet weight maps (``transformers/models/mpnet/modeling_mpnet.py``, 5.23).

MPNet's layers have their own names (``attention.attn.q/k/v/o``, the attention LayerNorm beside
``attn``), it has no token-type embeddings, and its encoder owns one ``relative_attention_bias``
table of ``relative_attention_num_buckets`` x heads. Its embeddings pad with index 1 whatever
``pad_token_id`` says (``MPNetEmbeddings.padding_idx = 1``). The pooler, the LM head and the
two-layer classification head are RoBERTa's. Every name and shape is pinned by the recorded
``state_dict()`` of each class (``tests/fixtures/load_report/state_dicts.json``).
"""

from __future__ import annotations

from configlint.architectures.common import (
    BuildError,
    Config,
    Family,
    HeadClass,
    WeightMap,
    activation,
    embedding,
    integer,
    join,
    layer_norm,
    linear,
    linear_head,
    pooled_variants,
)
from configlint.architectures.roberta import classification_head, language_model

BUFFERS = ("embeddings.position_ids",)
FAMILY = Family.of("mpnet", BUFFERS)
PADDING_IDX = 1
"""``MPNetEmbeddings`` pads row 1 of both tables; the config's ``pad_token_id`` is not read (recorded)."""


def embeddings(weights: WeightMap, prefix: str, config: Config) -> None:
    """``MPNetEmbeddings``: word and position tables (both padded at row 1), then a LayerNorm."""
    hidden = integer(config, "hidden_size")
    embedding(weights, f"{prefix}.word_embeddings", integer(config, "vocab_size"), hidden, padding_idx=PADDING_IDX)
    embedding(
        weights, f"{prefix}.position_embeddings", integer(config, "max_position_embeddings"), hidden, padding_idx=PADDING_IDX
    )
    layer_norm(weights, f"{prefix}.LayerNorm", hidden)


def _attention_size(hidden: int, heads: int, config: Config) -> int:
    """``MPNetSelfAttention``'s ``all_head_size``, checked in its order: ``hidden % heads`` first, then divisibility.

    Unlike BERT's, MPNet's attention takes no power of the head size at build time, so a head size
    of 0 (allowed when the config has an ``embedding_size`` key) builds empty projections.
    """
    if heads == 0:
        raise BuildError("ZeroDivisionError", "integer modulo by zero")
    if hidden % heads != 0 and "embedding_size" not in config:
        raise BuildError("ValueError", f"The hidden size ({hidden}) is not a multiple of the number of attention heads ({heads})")
    return heads * int(hidden / heads)


def encoder(weights: WeightMap, prefix: str, config: Config) -> None:
    """``MPNetEncoder``: ``num_hidden_layers`` x ``MPNetLayer``, then the shared relative attention bias."""
    hidden = integer(config, "hidden_size")
    heads = integer(config, "num_attention_heads")
    intermediate = integer(config, "intermediate_size")
    for index in range(integer(config, "num_hidden_layers")):
        layer = f"{prefix}.layer.{index}"
        inner = _attention_size(hidden, heads, config)
        for name in ("q", "k", "v"):
            linear(weights, f"{layer}.attention.attn.{name}", hidden, inner)
        linear(weights, f"{layer}.attention.attn.o", hidden, hidden)
        layer_norm(weights, f"{layer}.attention.LayerNorm", hidden)
        linear(weights, f"{layer}.intermediate.dense", hidden, intermediate)
        activation(weights, f"{layer}.intermediate.intermediate_act_fn", config.get("hidden_act", "gelu"))
        linear(weights, f"{layer}.output.dense", intermediate, hidden)
        layer_norm(weights, f"{layer}.output.LayerNorm", hidden)
    embedding(weights, f"{prefix}.relative_attention_bias", integer(config, "relative_attention_num_buckets"), heads)


def base_model(config: Config, prefix: str = "", *, pooler: bool = True) -> WeightMap:
    """``MPNetModel(config, add_pooling_layer=pooler)`` with its keys under ``prefix``."""
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    encoder(weights, join(prefix, "encoder"), config)
    if pooler:
        hidden = integer(config, "hidden_size")
        linear(weights, join(prefix, "pooler.dense"), hidden, hidden)
    return weights


_model, _with_pooler, _without_pooler = pooled_variants(base_model, FAMILY.prefix)
LM_TIES = (
    ("lm_head.decoder.weight", f"{FAMILY.prefix}.embeddings.word_embeddings.weight"),
    ("lm_head.decoder.bias", "lm_head.bias"),
)

CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("MPNetModel", _model),
    FAMILY.head("MPNetForMaskedLM", language_model(_without_pooler), LM_TIES),
    FAMILY.head("MPNetForSequenceClassification", classification_head(_without_pooler)),
    FAMILY.head("MPNetForTokenClassification", linear_head(_without_pooler, "classifier", "hidden_size")),
    FAMILY.head("MPNetForQuestionAnswering", linear_head(_without_pooler, "qa_outputs", "hidden_size")),
    FAMILY.head("MPNetForMultipleChoice", linear_head(_with_pooler, "classifier", "hidden_size", 1)),
)
