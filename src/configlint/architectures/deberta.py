"""DeBERTa (v1) weight maps (``transformers/models/deberta/modeling_deberta.py``, 5.23).

Everything but the attention and the encoder's extras is DeBERTa-v2's, imported from
:mod:`configlint.architectures.deberta_v2`: the embeddings (``embedding_size`` and
``position_biased_input`` read the same way), the feed-forward layers, the masked-LM heads
(``legacy``), ``ContextPooler`` and the token / QA heads. What differs, read off the recorded
state dicts (``tests/fixtures/load_report/state_dicts.json``):

* ``DisentangledSelfAttention`` projects queries, keys and values with one ``in_proj`` (no bias)
  and keeps ``q_bias`` and ``v_bias`` apart; relative attention adds ``pos_proj`` (c2p, no bias)
  and ``pos_q_proj`` (p2c), and the undeclared ``talking_head`` key two heads × heads projections.
  There is no ``attention_head_size`` or ``share_att_key``.
* ``DebertaEncoder`` holds only ``rel_embeddings`` (2 × max_relative_positions, else 2 ×
  max_position_embeddings): no ``position_buckets``, no LayerNorm, no convolution.
* No multiple-choice class; only sequence classification builds ``ContextPooler``, and the
  masked-LM class ignores only ``position_embeddings`` on load (classes.json).
"""

from __future__ import annotations

from dataclasses import replace

from configlint.architectures.common import Config, Family, HeadClass, WeightMap, embedding, integer, join, linear, linear_head
from configlint.architectures.deberta_v2 import (
    BUFFERS,
    IGNORED_UNEXPECTED,
    LEGACY_LM_TIES,
    BaseModel,
    attention_heads,
    attention_output,
    attention_terms,
    embeddings,
    layers,
    masked_lm,
    max_relative_distance,
    pooled,
)

FAMILY = Family.of("deberta", BUFFERS)
PREFIX = FAMILY.prefix


def _attention(weights: WeightMap, prefix: str, config: Config, hidden: int) -> None:
    """DeBERTa v1's ``DisentangledSelfAttention`` and its output block."""
    heads = attention_heads(config, hidden)
    inner = heads * (hidden // heads)
    weights[f"{prefix}.self.q_bias"] = (inner,)
    weights[f"{prefix}.self.v_bias"] = (inner,)
    linear(weights, f"{prefix}.self.in_proj", hidden, inner * 3, bias=False)
    if config.get("talking_head"):
        linear(weights, f"{prefix}.self.head_logits_proj", heads, heads, bias=False)
        linear(weights, f"{prefix}.self.head_weights_proj", heads, heads, bias=False)
    if config.get("relative_attention"):
        terms = attention_terms(config)
        if "c2p" in terms:
            linear(weights, f"{prefix}.self.pos_proj", hidden, inner, bias=False)
        if "p2c" in terms:
            linear(weights, f"{prefix}.self.pos_q_proj", hidden, inner)
    attention_output(weights, prefix, hidden)


def base_model(config: Config, prefix: str = "") -> WeightMap:
    """``DebertaModel`` with its keys under ``prefix`` (it has no pooler)."""
    weights: WeightMap = {}
    embeddings(weights, join(prefix, "embeddings"), config)
    encoder = join(prefix, "encoder")
    layers(weights, encoder, config, _attention)
    if config.get("relative_attention"):
        embedding(weights, f"{encoder}.rel_embeddings", max_relative_distance(config) * 2, integer(config, "hidden_size"))
    return weights


def _model(config: Config) -> WeightMap:
    return base_model(config)


def _inner(config: Config) -> WeightMap:
    return base_model(config, PREFIX)


def _head(name: str, weights: BaseModel, tied: tuple[tuple[str, str], ...] = ()) -> HeadClass:
    return replace(FAMILY.head(name, weights, tied), keys_to_ignore_on_load_unexpected=IGNORED_UNEXPECTED)


CLASSES: tuple[HeadClass, ...] = (
    _head("DebertaModel", _model),
    _head("DebertaForMaskedLM", masked_lm(_inner), LEGACY_LM_TIES),
    _head("DebertaForSequenceClassification", pooled(_inner, None)),
    _head("DebertaForTokenClassification", linear_head(_inner, "classifier", "hidden_size")),
    _head("DebertaForQuestionAnswering", linear_head(_inner, "qa_outputs", "hidden_size")),
)
