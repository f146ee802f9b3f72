"""ModernBERT weight maps (``transformers/models/modernbert/modeling_modernbert.py``, 5.23).

ModernBERT shares no module with BERT: fused ``attn.Wqkv`` and gated ``mlp.Wi`` (twice
``intermediate_size`` wide), LayerNorms whose bias exists only with ``norm_bias``, no position
table (rotary embeddings, whose ``inv_freq`` buffers are non-persistent) and no token types. Layer
0 has no ``attn_norm`` (an ``nn.Identity``). Every head class puts ``head`` (``ModernBertPredictionHead``:
``dense`` + activation + ``norm``) between the encoder and its output layer; none builds a pooler.
Every name and shape is pinned by the recorded ``state_dict()`` of each class
(``tests/fixtures/load_report/state_dicts.json``).

The config class itself refuses a ``layer_types`` whose length is not ``num_hidden_layers``
(recorded case ``modernbert-layers-plus-one``); without ``layer_types`` it derives one per layer
from ``global_attn_every_n_layers`` (recorded in families.json ``experiments``), so the layer count
then follows ``num_hidden_layers`` (case ``modernbert-layers-plus-one-no-layer-types``).
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
    linear,
    linear_head,
)
from configlint.family_table import ACTIVATIONS

ROTARY_BUFFERS = tuple(
    f"rotary_emb.{layer_type}_{name}"
    for layer_type in ("full_attention", "sliding_attention")
    for name in ("inv_freq", "original_inv_freq")
)
FAMILY = Family.of("modernbert", ROTARY_BUFFERS)
DEFAULT_GLOBAL_EVERY = 3
"""``ModernBertConfig.__post_init__``'s default for the 4.x key ``global_attn_every_n_layers``."""


def check_layer_types(config: Config) -> None:
    """What ``ModernBertConfig`` refuses about the layer pattern, as :class:`BuildError`.

    A ``layer_types`` list whose length is not ``num_hidden_layers`` (its ``validate_layer_type``);
    without a list, ``__post_init__`` derives one with ``i % global_attn_every_n_layers`` for each
    layer, which raises for a zero or a non-number (Python's own messages). Nothing is built, so a
    huge layer count costs nothing here.
    """
    layers = integer(config, "num_hidden_layers")
    declared = config.get("layer_types")
    if isinstance(declared, list):
        if len(declared) != layers:
            raise BuildError(
                "StrictDataclassClassValidationError",
                "Class validation error for validator 'validate_layer_type': ValueError: "
                f"`num_hidden_layers` ({layers}) must be equal to the number of `layer_types` ({len(declared)})",
            )
        return
    every = config.get("global_attn_every_n_layers", DEFAULT_GLOBAL_EVERY)
    if layers <= 0:
        return
    if not isinstance(every, (int, float)):
        raise BuildError("TypeError", f"unsupported operand type(s) for %: 'int' and '{type(every).__name__}'")
    if every == 0:
        raise BuildError("ZeroDivisionError", "float modulo" if isinstance(every, float) else "integer modulo by zero")


def _activation(weights: WeightMap, prefix: str, config: Config, key: str) -> None:
    """``ACT2FN[config[key]]``: an unknown name raises ``KeyError: '<name>'`` (verified with the 5.23 oracle)."""
    name = config.get(key)
    if isinstance(name, str) and name not in ACTIVATIONS:
        raise BuildError("KeyError", repr(name))
    activation(weights, prefix, name)


def norm(weights: WeightMap, prefix: str, size: int, config: Config) -> None:
    """``nn.LayerNorm(size, bias=config.norm_bias)``: a bias tensor only when ``norm_bias`` is true."""
    weights[f"{prefix}.weight"] = (size,)
    if config.get("norm_bias"):
        weights[f"{prefix}.bias"] = (size,)


def _head_size(hidden: int, heads: int) -> int:
    """``ModernBertAttention``'s check, then ``head_dim = hidden // heads``."""
    if heads == 0:
        raise BuildError("ZeroDivisionError", "integer modulo by zero")
    if hidden % heads != 0:
        raise BuildError("ValueError", f"The hidden size ({hidden}) is not a multiple of the number of attention heads ({heads})")
    return hidden // heads


def base_model(config: Config, prefix: str = "") -> WeightMap:
    """``ModernBertModel(config)`` with its keys under ``prefix`` (the config already passed :func:`check_layer_types`)."""
    weights: WeightMap = {}
    hidden = integer(config, "hidden_size")
    heads = integer(config, "num_attention_heads")
    intermediate = integer(config, "intermediate_size")
    embedding(
        weights,
        join(prefix, "embeddings.tok_embeddings"),
        integer(config, "vocab_size"),
        hidden,
        padding_idx=config.get("pad_token_id"),
    )
    norm(weights, join(prefix, "embeddings.norm"), hidden, config)
    attention_bias, mlp_bias = bool(config.get("attention_bias")), bool(config.get("mlp_bias"))
    for index in range(integer(config, "num_hidden_layers")):
        layer = join(prefix, f"layers.{index}")
        if index > 0:  # layer 0's attn_norm is nn.Identity
            norm(weights, f"{layer}.attn_norm", hidden, config)
        linear(weights, f"{layer}.attn.Wqkv", hidden, 3 * _head_size(hidden, heads) * heads, bias=attention_bias)
        linear(weights, f"{layer}.attn.Wo", hidden, hidden, bias=attention_bias)
        norm(weights, f"{layer}.mlp_norm", hidden, config)
        linear(weights, f"{layer}.mlp.Wi", hidden, 2 * intermediate, bias=mlp_bias)
        _activation(weights, f"{layer}.mlp.act", config, "hidden_activation")
        linear(weights, f"{layer}.mlp.Wo", intermediate, hidden, bias=mlp_bias)
    norm(weights, join(prefix, "final_norm"), hidden, config)
    return weights


def _prediction_head(config: Config) -> WeightMap:
    """The base model under ``model`` plus ``ModernBertPredictionHead`` (``head.dense``, ``head.act``, ``head.norm``)."""
    weights = base_model(config, FAMILY.prefix)
    hidden = integer(config, "hidden_size")
    linear(weights, "head.dense", hidden, hidden, bias=bool(config.get("classifier_bias")))
    _activation(weights, "head.act", config, "classifier_activation")
    norm(weights, "head.norm", hidden, config)
    return weights


def _masked_lm(config: Config) -> WeightMap:
    """The prediction head, then ``decoder`` (``nn.Linear(hidden, vocab, bias=decoder_bias)``), tied to the token embeddings."""
    weights = _prediction_head(config)
    linear(
        weights, "decoder", integer(config, "hidden_size"), integer(config, "vocab_size"), bias=bool(config.get("decoder_bias"))
    )
    return weights


CLASSES: tuple[HeadClass, ...] = (
    FAMILY.head("ModernBertModel", base_model),
    FAMILY.head("ModernBertForMaskedLM", _masked_lm, (("decoder.weight", f"{FAMILY.prefix}.embeddings.tok_embeddings.weight"),)),
    FAMILY.head("ModernBertForSequenceClassification", linear_head(_prediction_head, "classifier", "hidden_size")),
    FAMILY.head("ModernBertForTokenClassification", linear_head(_prediction_head, "classifier", "hidden_size")),
    FAMILY.head("ModernBertForQuestionAnswering", linear_head(_prediction_head, "classifier", "hidden_size")),
    FAMILY.head("ModernBertForMultipleChoice", linear_head(_prediction_head, "classifier", "hidden_size", 1)),
)
