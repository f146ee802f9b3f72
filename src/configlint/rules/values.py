"""V rules: numbers outside the range where they mean anything.

Facts checked with torch 2.13 / transformers 5.24: ``nn.Dropout`` raises for p < 0 or p > 1 when
the layer is built, and p = 1 zeroes its input; sizes of 0 build empty modules that fail at the
first forward pass (``type_vocab_size: 0`` fails even without token_type_ids, because BERT makes
a zero buffer of them); a non-positive ``layer_norm_eps`` builds fine and produces NaN/inf on
constant inputs.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.family_model import HEAD_POOLER_DROPOUTS
from configlint.family_table import FAMILIES, families_with
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.version_claims import severity_for, stated
from configlint.schema.validation import attribute_map
from configlint.size_limits import MAX_DIMENSION, MAX_ENCODER_BLOCKS, size_limit_problems

DROPOUT_KEYS = (
    "hidden_dropout_prob",
    "attention_probs_dropout_prob",
    "classifier_dropout",
    "classifier_dropout_prob",
    "dropout",
    "attention_dropout",
    "qa_dropout",
    "seq_classif_dropout",
)
SIZE_KEYS = (
    "vocab_size",
    "hidden_size",
    "num_hidden_layers",
    "num_attention_heads",
    "intermediate_size",
    "max_position_embeddings",
    "type_vocab_size",
    "embedding_size",
    "num_hidden_groups",
    "dim",
    "n_layers",
    "n_heads",
    "hidden_dim",
)


def _number(ctx: LintContext, key: str) -> float | None:
    value = ctx.config.get(key)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


@rule(
    "V001",
    "dropout-out-of-range",
    Severity.ERROR,
    summary="A dropout probability outside [0, 1), or exactly 1",
    explanation="""Dropout probabilities must lie in [0, 1]: torch's nn.Dropout raises ValueError for
    anything else when the model is built (an error, for the keys a family's modules build an
    nn.Dropout from: its encoder dropouts, and the head dropouts recorded per class). Another
    dropout key out of range is a warning: it is not a probability, but no recorded module of the
    family raises for it. A probability of exactly 1 builds, and zeroes every activation during
    training (reported as a warning). A percentage (10 for 0.1) is the usual cause.""",
    bad='{"model_type": "bert", "hidden_dropout_prob": 10}',
    good='{"model_type": "bert", "hidden_dropout_prob": 0.1}',
    evidence="torch/nn/modules/dropout.py _DropoutNd.__init__; differential kind model_build (dropout refusals per class)",
)
def dropout_out_of_range(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name if ctx.family_name in FAMILIES else None
    built = _dropouts_built(family)
    config = ctx.config
    for key in _dropout_keys(family):
        value = config.get(key)
        if value is None or value.__class__ is float and 0 <= value < 1:  # the usual case, one comparison
            continue
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value != value:  # NaN is J003's business
            continue
        if value < 0 or value > 1:
            if key in HEAD_POOLER_DROPOUTS:  # Y003 reports these, with the classes that refuse them
                continue
            where = built.get(key)
            if where is not None:
                yield Finding(f"/{key}", f"{key} {value} is not a probability; torch raises when {where} is built")
            else:  # no recorded nn.Dropout of this family reads it (ModernBERT's attention_dropout builds an Identity below 0)
                yield Finding(f"/{key}", f"{key} {value} is not a probability", severity=Severity.WARNING)
        elif value == 1:
            yield Finding(f"/{key}", f"{key} 1 drops every activation in training", severity=Severity.WARNING)


@functools.cache
def _dropout_keys(family: str | None) -> tuple[str, ...]:
    """The dropout keys V001 checks: the common ones and the family table's encoder dropouts
    (ModernBERT's embedding_dropout and mlp_dropout), each once, in that order."""
    extra = FAMILIES[family].encoder_dropouts if family is not None else ()
    # V001 warns on exactly 1 there too (observed in 5.23: the sequence classifier's training logits are then the
    # same for every input); out of range they are Y003's.
    pooled = HEAD_POOLER_DROPOUTS if family is not None and "head-pooler" in FAMILIES[family].traits else ()
    return tuple(dict.fromkeys((*DROPOUT_KEYS, *extra, *pooled)))


@functools.cache
def _dropouts_built(family: str | None) -> dict[str, str]:
    """The dropout keys a family builds an ``nn.Dropout`` from (the family table's encoder dropouts,
    and the head dropouts recorded per class), with what is being built."""
    from configlint.load_refusals import HEAD_DROPOUTS

    if family is None:
        return {}
    entry = FAMILIES[family]
    built = {key: "the encoder" for key in entry.encoder_dropouts}
    for key, classes in HEAD_DROPOUTS.items():
        mine = [name for name in classes if name in entry.head_classes]
        if mine and key not in built:
            built[key] = (
                mine[0] if len(mine) == 1 else f"{mine[0]} (or {len(mine) - 1} more head class{'es' if len(mine) > 2 else ''})"
            )
    return built


@rule(
    "V002",
    "non-positive-size",
    Severity.ERROR,
    summary="A size, count or vocabulary that is zero or negative",
    explanation="""Vocabulary, width, depth, head count, feed-forward size, positions and token types
    must be at least 1. transformers builds empty or invalid modules from them (nn.Linear with 0
    features, an Embedding with 0 rows) that fail at the first forward pass, or fail to build.""",
    bad='{"model_type": "bert", "type_vocab_size": 0}',
    good='{"model_type": "bert", "type_vocab_size": 2}',
)
def non_positive_size(ctx: LintContext) -> Iterator[Finding]:
    entry = ctx.family_entry
    optional = entry.zero_sizes if entry is not None else frozenset()  # 0 leaves the module out (DeBERTa's token types)
    config = ctx.config
    for key in SIZE_KEYS:
        value = config.get(key)
        if value is None or value.__class__ is int and value >= 1:  # absent or fine: the usual case
            continue
        least = 0 if key in optional else 1
        if isinstance(value, int) and not isinstance(value, bool) and value < least:
            yield Finding(f"/{key}", f"{key} is {value}; it must be at least {least}")


@rule(
    "V003",
    "layer-norm-eps-out-of-range",
    Severity.WARNING,
    summary="layer_norm_eps is not a small positive number",
    explanation="""The epsilon added to the variance in LayerNorm must be positive (0 divides by zero on
    constant inputs, a negative value can take a square root of a negative number) and small:
    pretrained BERT-family models use 1e-12 (BERT) or 1e-5 (RoBERTa); values above 1e-3 change the
    normalisation the weights were trained with.""",
    bad='{"model_type": "bert", "layer_norm_eps": 0.1}',
    good='{"model_type": "bert", "layer_norm_eps": 1e-12}',
    families=families_with("bert-names"),
    requires=("layer_norm_eps",),
)
def layer_norm_eps_out_of_range(ctx: LintContext) -> Iterator[Finding]:
    value = _number(ctx, "layer_norm_eps")
    if value is None or value != value:
        return
    if value <= 0:
        yield Finding(
            "/layer_norm_eps", f"layer_norm_eps {value} must be positive (NaN/inf on constant inputs)", severity=Severity.ERROR
        )
    elif value > 1e-3:
        yield Finding(
            "/layer_norm_eps", f"layer_norm_eps {value} is far larger than the 1e-12…1e-5 BERT-family weights were trained with"
        )


@rule(
    "V004",
    "initializer-range-not-positive",
    Severity.WARNING,
    summary="initializer_range is zero or negative",
    explanation="""initializer_range is the standard deviation newly created weights (a fresh
    classifier head, a missing pooler) are drawn with. Recorded: a negative value makes building the
    model raise RuntimeError ("normal expects std >= 0.0") in transformers 5.23 and 4.57; 0.0 gave
    all-zero new weights in 4.57, while 5.23 built the same weights as with the default 0.02, so
    0.0 is a warning for target-transformers 4 and info for 5.""",
    evidence="cases initializer-range-negative (RuntimeError at build in 5.23.0 and 4.57.6), initializer-range-zero",
    bad='{"model_type": "bert", "initializer_range": 0.0}',
    good='{"model_type": "bert", "initializer_range": 0.02}',
    families=families_with(lacking=("truncated-normal-init",)),  # ModernBERT's Z004 says what its initialiser does
    requires=("initializer_range",),
)
def initializer_range_not_positive(ctx: LintContext) -> Iterator[Finding]:
    value = _number(ctx, "initializer_range")
    if value is not None and value <= 0:
        if value < 0:
            yield Finding(
                "/initializer_range",
                f"initializer_range {value} is negative: building the model raises RuntimeError (recorded: initializer-range-negative)",
                severity=Severity.ERROR,
            )
        else:
            yield Finding(
                "/initializer_range",
                f"initializer_range 0: {stated(ctx, 'V004')} (recorded: initializer-range-zero)",
                severity=severity_for(ctx, "V004"),
            )


@rule(
    "V005",
    "size-past-limit",
    Severity.ERROR,
    summary="A size or layer count far past any real model, and past configlint's limits",
    explanation=f"""configlint builds the list of tensors a model class expects to compare it with the
    checkpoint (the W rules, load-report). A config asking for more than {MAX_ENCODER_BLOCKS:,} encoder
    blocks (layers; ALBERT's num_hidden_groups × inner_group_num) or a size above {MAX_DIMENSION:,}
    (vocabulary, width, heads, feed-forward size, positions, labels) describes no real BERT-family
    model; configlint does not expand it (a hostile num_hidden_layers of 100,000,000 would need
    gigabytes), reports it here and skips the weight checks for that config.""",
    bad='{"model_type": "bert", "num_hidden_layers": 100000000}',
    good='{"model_type": "bert", "num_hidden_layers": 12}',
    families=tuple(FAMILIES),
    security=True,
)
def size_past_limit(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name
    if family is None:
        return
    config = ctx.config
    aliases = attribute_map(family)
    # Block counts multiply, so a default (ALBERT's one group) matters: effective values. Sizes are
    # checked one by one and no family default is near the limit, so the file's own value is enough
    # (and cheap: this rule runs on every file), under the spelling the file uses.
    spelled = {target: alias for alias, target in aliases.items() if alias in config} if aliases else {}
    size: Callable[[str], object] = (lambda name: config.get(spelled.get(name, name))) if spelled else config.get
    for problem in size_limit_problems(family, ctx.value, size):
        key = spelled.get(problem.field, problem.field)
        yield Finding(f"/{key}" if key in config else "", problem.message)


RULES: tuple[Rule, ...] = (
    dropout_out_of_range,
    non_positive_size,
    layer_norm_eps_out_of_range,
    initializer_range_not_positive,
    size_past_limit,
)
