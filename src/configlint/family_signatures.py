"""How each family is recognised in a config without model_type or architectures: its own keys
or its published sizes. :data:`configlint.family_table.RECOGNITION_ORDER` says in which order they
are tried (the most specific first, BERT last), so a signature never has to exclude another family.
"""

from __future__ import annotations

from collections.abc import Callable

from configlint.family_model import Config

BERT_SIZE_KEYS = ("hidden_size", "num_attention_heads", "intermediate_size")


def has_distilbert_keys(config: Config) -> bool:
    return "dim" in config and ("n_layers" in config or "n_heads" in config)


def has_albert_keys(config: Config) -> bool:
    return "embedding_size" in config or "num_hidden_groups" in config or "inner_group_num" in config


def has_roberta_sizes(config: Config) -> bool:
    """RoBERTa's vocabulary (50265 byte-level BPE tokens), or its pad id 1 with the 514 positions that make room for it.

    Such a config without model_type is a RoBERTa checkpoint exported without it; calling it BERT
    would make the migration add the wrong model_type.
    """
    if not any(key in config for key in BERT_SIZE_KEYS):
        return False
    return config.get("vocab_size") == 50265 or (config.get("pad_token_id") == 1 and config.get("max_position_embeddings") == 514)


def has_mpnet_keys(config: Config) -> bool:
    """BERT's size keys beside ``relative_attention_num_buckets``, which MPNetConfig declares and BERT's configs never carry."""
    return "relative_attention_num_buckets" in config and any(key in config for key in BERT_SIZE_KEYS)


def has_vocabulary(size: int) -> Callable[[Config], bool]:
    """A BERT-sized config with exactly this vocabulary and RoBERTa's pad id 1: the signature of one published tokenizer."""

    def recognise(config: Config) -> bool:
        return config.get("vocab_size") == size and config.get("pad_token_id") == 1 and has_bert_keys(config)

    return recognise


_ELECTRA_SUMMARY_KEYS = ("summary_type", "summary_use_proj", "summary_activation", "summary_last_dropout")


def has_electra_keys(config: Config) -> bool:
    """``embedding_size`` (which ALBERT has too) beside the ``summary_*`` keys ElectraConfig declares and AlbertConfig does not,
    or an ``embedding_size`` not smaller than ``hidden_size``.

    transformers 5.23 and 4.57 write ``summary_type`` into an ELECTRA config (checked: ``save_pretrained``
    of the default config). Older ELECTRA exports (KoELECTRA's hand-written ones, 2.x-era saves) have
    none, and real ALBERT configs (albert_zh's) carry embedding_size without any group key either; but
    every ALBERT config surveyed factorises the embedding (M010's ``embedding_not_smaller`` is 0), while
    ELECTRA's base and large discriminators keep it at hidden_size and its generators above it.
    An ELECTRA-small without summary keys (128 below 256) still reads as ALBERT.
    """
    embedding, hidden = config.get("embedding_size"), config.get("hidden_size")
    if type(embedding) is int and type(hidden) is int and 0 < hidden <= embedding:
        return True
    return "embedding_size" in config and any(key in config for key in _ELECTRA_SUMMARY_KEYS)


DEBERTA_V2_ONLY_KEYS = ("position_buckets", "norm_rel_ebd", "share_att_key")
_DEBERTA_KEYS = ("relative_attention", "pos_att_type", "position_biased_input", "max_relative_positions")


def has_deberta_v2_keys(config: Config) -> bool:
    """DeBERTa-v2's own attention keys, or DeBERTa's shared ones with the 128100-token vocabulary of DeBERTa-v2/v3.

    DeBERTa (v1) shares relative_attention, pos_att_type... but neither the bucket and norm keys
    nor that vocabulary, so its configs are not taken for v2.
    """
    if any(key in config for key in DEBERTA_V2_ONLY_KEYS):
        return True
    return config.get("vocab_size") == 128100 and any(key in config for key in _DEBERTA_KEYS)


def has_deberta_keys(config: Config) -> bool:
    """DeBERTa's attention keys (which DebertaConfig and DebertaV2Config declare and no other family's class does),
    tried after DeBERTa-v2's signature, so what is left is v1's (its 50265-token vocabulary is RoBERTa's too)."""
    return any(key in config for key in _DEBERTA_KEYS)


def has_modernbert_keys(config: Config) -> bool:
    """ModernBERT's own names beside one of its attention keys: no other family's config class has
    hidden_activation or norm_eps, nor local_attention, global_attn_every_n_layers or classifier_pooling."""
    own_names = "hidden_activation" in config or "norm_eps" in config
    return own_names and any(key in config for key in ("local_attention", "global_attn_every_n_layers", "classifier_pooling"))


def has_bert_keys(config: Config) -> bool:
    return any(key in config for key in BERT_SIZE_KEYS)
