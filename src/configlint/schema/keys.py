"""Key names with a meaning of their own, kept free of pydantic so rules can import them cheaply."""

POOLER_KEYS: tuple[str, ...] = (
    "use_pooler",
    "pooler_type",
    "pooler_fc_size",
    "pooler_num_attention_heads",
    "pooler_num_fc_layers",
    "pooler_size_per_head",
    "directionality",
)
"""Keys people write to configure a pooler; no BERT-family class in transformers reads any of them."""
