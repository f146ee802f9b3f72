"""The tiny configs every recorder builds its models from, shared so two recordings describe the same models.

Pure data (no torch, no transformers), imported by ``generate_load_report_fixtures.py`` and
``record_family_facts.py``; both run from ``scripts/``, which Python puts on ``sys.path``.
Every dimension differs from every other (vocabulary 40-49, hidden 8, intermediate 12, positions
around 20), so a shape formula that confuses two of them cannot pass by accident. Special token
ids are set inside the tiny vocabularies: the published defaults (ModernBERT's 50283, ...) would
make the embedding's padding_idx fall outside a 46-token vocabulary.
"""

from __future__ import annotations

from typing import Any

# model_type -> the transformers config class that reads it.
CONFIG_CLASSES: dict[str, str] = {
    "bert": "BertConfig",
    "roberta": "RobertaConfig",
    "distilbert": "DistilBertConfig",
    "albert": "AlbertConfig",
    "xlm-roberta": "XLMRobertaConfig",
    "camembert": "CamembertConfig",
    "electra": "ElectraConfig",
    "mpnet": "MPNetConfig",
    "deberta-v2": "DebertaV2Config",
    "modernbert": "ModernBertConfig",
    "deberta": "DebertaConfig",
}

TINY: dict[str, dict[str, Any]] = {
    "bert": dict(
        vocab_size=40,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=20,
        type_vocab_size=2,
    ),
    "roberta": dict(
        vocab_size=41,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=22,
        type_vocab_size=1,
    ),
    "distilbert": dict(vocab_size=42, dim=8, n_layers=2, n_heads=2, hidden_dim=12, max_position_embeddings=20),
    "albert": dict(
        vocab_size=43,
        embedding_size=6,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=20,
        type_vocab_size=2,
    ),
    # RoBERTa-shaped: pad 1, positions offset by pad + 1.
    "xlm-roberta": dict(
        vocab_size=44,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=22,
        type_vocab_size=1,
    ),
    "camembert": dict(
        vocab_size=45,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=22,
        type_vocab_size=1,
    ),
    # embedding_size != hidden_size, so the embeddings_project layer exists.
    "electra": dict(
        vocab_size=46,
        embedding_size=6,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=20,
        type_vocab_size=2,
    ),
    # 32 buckets: MPNet's forward computes buckets for 32 whatever the config says (record_family_facts.py
    # records the IndexError a smaller relative_attention_num_buckets gives).
    "mpnet": dict(
        vocab_size=47,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=22,
        relative_attention_num_buckets=32,
    ),
    # DeBERTa-v3 settings (what microsoft/deberta-v3-* publish), scaled down.
    "deberta-v2": dict(
        vocab_size=48,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=20,
        type_vocab_size=0,
        relative_attention=True,
        position_buckets=4,
        max_relative_positions=-1,
        norm_rel_ebd="layer_norm",
        share_att_key=True,
        pos_att_type=["p2c", "c2p"],
        position_biased_input=False,
        pooler_hidden_size=8,
    ),
    # Three layers so that global_attn_every_n_layers (default 3) mixes global and local layers.
    "modernbert": dict(
        vocab_size=49,
        hidden_size=8,
        num_hidden_layers=3,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=20,
        local_attention=4,
        pad_token_id=0,
        bos_token_id=1,
        eos_token_id=2,
        cls_token_id=1,
        sep_token_id=2,
    ),
    # DeBERTa (v1) settings (what microsoft/deberta-base publishes: relative attention over c2p and p2c, no
    # absolute positions, no token types), scaled down; max_relative_positions -1 means max_position_embeddings.
    "deberta": dict(
        vocab_size=39,
        hidden_size=8,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=12,
        max_position_embeddings=21,
        type_vocab_size=0,
        relative_attention=True,
        max_relative_positions=-1,
        pos_att_type=["c2p", "p2c"],
        position_biased_input=False,
        pooler_hidden_size=8,
    ),
}
