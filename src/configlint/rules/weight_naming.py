"""Read BERT-family tensor names back to the config fields that shape them.

The W rules get key lists from the predicted load report; a finding is only useful when it names
the config key to change. These helpers know the naming scheme of the four families' state dicts
(:mod:`configlint.architectures`): which part of a key is an encoder layer index, which tensors
belong to a task head, and which config field a shape dimension comes from.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from configlint.context import LintContext
from configlint.family_table import FAMILIES

_BERT_LAYER = re.compile(r"(?:^|\.)encoder\.layer\.(\d+)\.")
_DISTILBERT_LAYER = re.compile(r"(?:^|\.)transformer\.layer\.(\d+)\.")
_ALBERT_LAYER = re.compile(r"(?:^|\.)albert_layer_groups\.(\d+)\.albert_layers\.(\d+)\.")

LAYER_FIELDS = {
    "num_hidden_layers": "layer",
    "n_layers": "layer",
    "num_hidden_groups": "layer group",
    "inner_group_num": "inner layer",
}
"""Config fields that count numbered weight blocks, and what one block is called."""

_BASE_PREFIXES = tuple(f"{entry.base_model_prefix}." for entry in FAMILIES.values())
_HEAD_PREFIXES = (
    "cls.", "lm_head.", "classifier.", "qa_outputs.", "pooler.", "vocab_transform.", "vocab_layer_norm.",
    "vocab_projector.", "predictions.", "sop_classifier.", "pre_classifier.",
)  # fmt: skip
"""Task heads (and poolers) of the four families: tensors one class has and another lacks by design."""

# Key patterns → the config field a mismatched dimension most likely comes from, tried first.
_FIELD_HINTS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), field)
    for pattern, field in (
        (r"word_embeddings|predictions\.bias|predictions\.decoder|lm_head\.(decoder|bias)|vocab_projector", "vocab_size"),
        (r"position_embeddings", "max_position_embeddings"),
        (r"token_type_embeddings", "type_vocab_size"),
        (r"classifier|qa_outputs", "num_labels"),
        (r"attention\.(self\.)?(query|key|value)|attention\.(q_lin|k_lin|v_lin)", "num_attention_heads"),
        (r"intermediate|ffn|lin1|lin2|(layer\.\d+\.output\.dense)", "intermediate_size"),
    )
)
_FALLBACK_FIELDS = (
    "embedding_size",
    "hidden_size",
    "intermediate_size",
    "vocab_size",
    "max_position_embeddings",
    "type_vocab_size",
    "num_labels",
)


def field_name(ctx: LintContext, field: str) -> str:
    """The spelling of BERT's ``field`` this config uses: the family's own name (DistilBERT's ``dim``)
    unless the file uses BERT's name, which the config class's attribute_map accepts."""
    entry = ctx.family_entry
    if entry is None or field in ctx.config:
        return field
    return entry.key(field)


def layer_index(ctx: LintContext, key: str) -> tuple[str, int] | None:
    """``(config field, index)`` when ``key`` belongs to a numbered encoder block, else None."""
    family = ctx.family_name
    if family == "albert":
        found = _ALBERT_LAYER.search(key)
        if found is None:
            return None
        group, inner = int(found.group(1)), int(found.group(2))
        return ("num_hidden_groups", group) if group > 0 else ("inner_group_num", inner)
    pattern = _DISTILBERT_LAYER if family == "distilbert" else _BERT_LAYER
    found = pattern.search(key)
    return (field_name(ctx, "num_hidden_layers"), int(found.group(1))) if found else None


def is_head_tensor(key: str) -> bool:
    """A task head's or pooler's tensor, possibly under the base-model prefix."""
    for prefix in _BASE_PREFIXES:
        if key.startswith(prefix):
            key = key[len(prefix) :]
            break
    return key.startswith(_HEAD_PREFIXES)


def _group(key: str) -> str:
    """``cls.predictions.bias`` → ``cls.predictions``; ``encoder.layer.3.crossattention.output.dense.bias`` →
    ``encoder.layer.*.crossattention``: layer numbers folded, cut after the part that follows them."""
    parts = key.split(".")
    for index, part in enumerate(parts):
        if part.isdigit():
            folded = [("*" if p.isdigit() else p) for p in parts[: index + 2]]
            return ".".join(folded) if index + 2 < len(parts) else ".".join(folded[:-1])
    return ".".join(parts[:2]) if len(parts) > 2 else parts[0]


def describe_groups(keys: Iterable[str], limit: int = 5) -> str:
    """``cls.predictions.* (5), cls.seq_relationship.* (2)``: keys grouped by module, layer numbers folded."""
    groups: Counter[str] = Counter()
    single: dict[str, str] = {}
    for key in keys:
        group = _group(key)
        groups[group] += 1
        single[group] = key
    shown = [single[group] if count == 1 else f"{group}.* ({count})" for group, count in groups.most_common(limit)]
    if len(groups) > limit:
        shown.append(f"and {len(groups) - limit} more group(s)")
    return ", ".join(shown)


def label_count(ctx: LintContext) -> int:
    """The number of labels transformers builds heads for: ``len(id2label)``, else ``num_labels``, else 2."""
    id2label = ctx.config.get("id2label")
    if isinstance(id2label, dict):
        return len(id2label)
    value = ctx.config.get("num_labels")
    return value if isinstance(value, int) and not isinstance(value, bool) else 2


def _field_value(ctx: LintContext, field: str) -> int | None:
    if field == "num_labels":
        return label_count(ctx)
    if field == "num_attention_heads":  # all_head_size = heads × (hidden // heads)
        heads, hidden = ctx.int(field_name(ctx, "num_attention_heads")), ctx.int(field_name(ctx, "hidden_size"))
        return heads * (hidden // heads) if heads and hidden is not None else None
    return ctx.int(field_name(ctx, field))


def mismatch_field(ctx: LintContext, key: str, expected: tuple[int, ...], stored: tuple[int, ...]) -> tuple[str, str]:
    """The config field behind a shape mismatch (as a top-level key, or "" when unknown) and a sentence on it."""
    shapes = f"{key} is {list(stored)} in the checkpoint but the config builds {list(expected)}"
    differing = [index for index, (a, b) in enumerate(zip(expected, stored)) if a != b]
    if len(expected) != len(stored) or not differing:
        return "", shapes
    built = expected[differing[0]]
    entry = ctx.family_entry
    for pattern, field, factor in entry.shape_hints if entry is not None else ():
        value = _field_value(ctx, field) if re.search(pattern, key) else None
        if value is not None and value * factor == built:
            name = field_name(ctx, field)
            if factor == 1:
                return name, f"{shapes} from {name}={value}; the checkpoint says {stored[differing[0]]}"
            # The stored dimension is a size, not the setting: say which setting would build it.
            fits = divmod(stored[differing[0]], factor)
            would = f"; {name}={fits[0]} would build the checkpoint's {stored[differing[0]]}" if fits[1] == 0 else ""
            return name, f"{shapes} from {name}={value} × {factor}{would}"
    hinted = [field for pattern, field in _FIELD_HINTS if pattern.search(key)]
    own = entry.dimension_fields if entry is not None else ()  # the family's own sizes (MPNet's relative_attention_num_buckets)
    for field in (*hinted, *_FALLBACK_FIELDS, *own):
        if _field_value(ctx, field) == built:
            if field == "num_labels":
                where = "id2label" if isinstance(ctx.config.get("id2label"), dict) else "num_labels"
                return where, f"{shapes} from its {built} labels ({where}); the checkpoint has {stored[differing[0]]}"
            if field == "num_attention_heads":
                name = field_name(ctx, field)
                hidden = f"{field_name(ctx, 'hidden_size')}={ctx.int(field_name(ctx, 'hidden_size'))}"
                heads = ctx.int(name)
                return (
                    name,
                    f"{shapes}: {name}={heads} × ({hidden} // {heads}) = {built} attention features; the checkpoint says {stored[differing[0]]}",
                )
            name = field_name(ctx, field)
            return name, f"{shapes} from {name}={built}; the checkpoint says {stored[differing[0]]}"
    return "", shapes


def pooling_module_ignores_pooler(ctx: LintContext) -> bool:
    """True when a sentence-transformers Pooling module beside the config pools token embeddings.

    Every sentence-transformers pooling mode (cls, mean, max, ...) reads the token embeddings, never
    transformers' ``pooler_output``, so a random pooler does not reach the sentence embedding.
    """
    from configlint.rules.sentence_transformers import pooling_documents

    return bool(pooling_documents(ctx))
