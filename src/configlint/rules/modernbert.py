"""Z rules: ModernBERT's own pooling key and layer pattern, where no family trait says it.

ModernBERT builds no BERT pooler; its sequence-classification and multiple-choice heads pool as
``classifier_pooling`` says, the one key in these families with which a config chooses mean
pooling. Every claim below is recorded in ``tests/fixtures/transformers/modernbert-cases.json``
(``scripts/record_modernbert_cases.py``, transformers 5.23) or in the load-report recordings.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.family_table import ACTIVATIONS
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.pooler import POOLING_INTENTS

CASES = "tests/fixtures/transformers/modernbert-cases.json"
POOLING_HEADS = frozenset({"ModernBertForSequenceClassification", "ModernBertForMultipleChoice"})
"""The classes whose forward pass reads classifier_pooling (families.json ``config_keys_read``)."""
MEAN_INTENTS = frozenset({"mean", "avg", "average", "mean_tokens", "mean_pooling"})
DEFAULT_LAYERS = 22
"""``ModernBertConfig.num_hidden_layers``' default."""


@rule(
    "Z001",
    "modernbert-mean-pooling-key",
    Severity.WARNING,
    summary="pooler_type asks a ModernBERT classifier for mean pooling; classifier_pooling is the key that does it",
    explanation="""ModernBERT has no pooler_type: its sequence-classification and multiple-choice heads
    pool the first token when classifier_pooling is "cls" (the default) and the attention-masked mean
    when it is "mean". A config that says pooler_type "mean" on such a head wants mean pooling and gets
    the first token. Recorded with transformers 5.23: pooler_type "mean" gives the baseline's logits,
    classifier_pooling "mean" other ones. The fix changes the model's outputs, so it is unsafe; a
    checkpoint fine-tuned with "cls" pooling should keep it.""",
    bad='{"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "pooler_type": "mean"}',
    good='{"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "classifier_pooling": "mean"}',
    fix='Set classifier_pooling to "mean" (unsafe: the head pools differently)',
    families=("modernbert",),
    evidence=f"{CASES} modernbert-pooler-type-mean (digest of modernbert-baseline-seq), modernbert-classifier-pooling-mean (another digest)",
    requires=("pooler_type",),
)
def mean_pooling_key(ctx: LintContext) -> Iterator[Finding]:
    intent = ctx.config.get("pooler_type")
    if not (isinstance(intent, str) and intent.lower() in MEAN_INTENTS and intent.lower() in POOLING_INTENTS):
        return
    name = next((arch for arch in ctx.architectures if arch in POOLING_HEADS), None)
    pooling = ctx.config.get("classifier_pooling", "cls")
    if name is None or pooling == "mean":
        return
    op = "replace" if "classifier_pooling" in ctx.config else "add"
    fix = Fix('Set classifier_pooling to "mean"', (Edit(op, "/classifier_pooling", "mean"),), Applicability.UNSAFE)
    yield Finding(
        "/pooler_type",
        f'pooler_type "{intent}" asks for mean pooling, but {name} pools as classifier_pooling says ("{pooling}": the '
        'first token); classifier_pooling "mean" is ModernBERT\'s mean pooling (recorded: modernbert-classifier-pooling-mean)',
        fix=fix,
    )


@rule(
    "Z002",
    "modernbert-layer-types-count",
    Severity.ERROR,
    summary="layer_types does not have num_hidden_layers entries: transformers 5 refuses the config",
    explanation="""transformers 5 reads the attention pattern from layer_types, one entry per layer, and
    ModernBertConfig refuses a list whose length is not num_hidden_layers when the config is made
    (recorded: StrictDataclassClassValidationError, for a folder too). transformers 4.57 does not read
    layer_types (its modules read global_attn_every_n_layers), so such a file loads there. Either
    change num_hidden_layers or give one "full_attention" / "sliding_attention" per layer.""",
    bad='{"model_type": "modernbert", "num_hidden_layers": 4, "layer_types": ["full_attention", "sliding_attention", "sliding_attention"]}',
    good='{"model_type": "modernbert", "num_hidden_layers": 3, "layer_types": ["full_attention", "sliding_attention", "sliding_attention"]}',
    families=("modernbert",),
    evidence=f"load-report case modernbert-layers-plus-one; {CASES} modernbert-layer-types-short; families-4.57.json: no class reads layer_types",
)
def layer_types_count(ctx: LintContext) -> Iterator[Finding]:
    types = ctx.config.get("layer_types")
    layers = ctx.int("num_hidden_layers") if "num_hidden_layers" in ctx.config else DEFAULT_LAYERS
    if isinstance(types, list) and layers is not None and len(types) != layers:
        yield Finding(
            "/layer_types",
            f"layer_types has {len(types)} entries but num_hidden_layers is {layers}: transformers 5.23 refuses the config "
            "(StrictDataclassClassValidationError; recorded: modernbert-layers-plus-one); 4.57 does not read layer_types",
        )


@rule(
    "Z003",
    "modernbert-classifier-activation-unknown",
    Severity.ERROR,
    summary="classifier_activation is not an activation transformers knows: building a ModernBERT head raises KeyError",
    explanation="""classifier_activation picks the activation of ModernBertPredictionHead (head.act), which
    every ModernBERT class but ModernBertModel builds; hidden_activation is the encoder's. A name that
    is not in transformers' ACT2FN loads as a config, builds ModernBertModel, and raises KeyError when
    a head class is built (recorded with transformers 5.23).""",
    bad='{"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "classifier_activation": "gelu_exact"}',
    good='{"model_type": "modernbert", "architectures": ["ModernBertForSequenceClassification"], "classifier_activation": "gelu"}',
    families=("modernbert",),
    evidence=f"{CASES} modernbert-classifier-activation-unknown-seq (KeyError at build), modernbert-classifier-activation-unknown-base (builds, runs)",
    requires=("classifier_activation",),
)
def classifier_activation_unknown(ctx: LintContext) -> Iterator[Finding]:
    name = ctx.config.get("classifier_activation")
    if isinstance(name, str) and name not in ACTIVATIONS:
        yield Finding(
            "/classifier_activation",
            f'classifier_activation "{name}" is not an activation transformers knows; building any ModernBERT head class '
            "raises KeyError (ModernBertModel builds no head; recorded: modernbert-classifier-activation-unknown-seq)",
        )


@rule(
    "Z004",
    "modernbert-initializer-range-not-positive",
    Severity.WARNING,
    summary="initializer_range is zero or negative: ModernBERT cannot initialise a new weight",
    explanation="""ModernBERT initialises weights the checkpoint lacks from truncated normals whose std
    derives from initializer_range. Recorded with transformers 5.23: a negative value makes every load that
    initialises a weight raise RuntimeError ("normal expects std >= 0.0"), a masked-LM checkpoint
    loaded as a classifier included (warning). With 0.0 that route loads, and so does a complete
    checkpoint; only a checkpoint that also lacks the prediction head (a ModernBertModel checkpoint
    loaded as a classifier) raises ZeroDivisionError (info).""",
    bad='{"model_type": "modernbert", "initializer_range": 0.0}',
    good='{"model_type": "modernbert", "initializer_range": 0.02}',
    families=("modernbert",),
    evidence=f"{CASES} loads modernbert-load-init-range-zero-new-head (ZeroDivisionError), modernbert-load-init-range-zero-complete (ok), "
    "modernbert-load-init-range-zero-mlm-as-classifier (ok), modernbert-load-init-range-negative-new-head and "
    "-negative-mlm-as-classifier (RuntimeError)",
    requires=("initializer_range",),
)
def initializer_range_not_positive(ctx: LintContext) -> Iterator[Finding]:
    value = ctx.config.get("initializer_range")
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value > 0:
        return
    if value < 0:
        yield Finding(
            "/initializer_range",
            f"initializer_range {value}: loading a ModernBERT checkpoint that lacks any weight (a new classifier) raises "
            "RuntimeError (normal expects std >= 0.0); a complete checkpoint loads "
            "(recorded: modernbert-load-init-range-negative-mlm-as-classifier)",
        )
    else:
        yield Finding(
            "/initializer_range",
            "initializer_range 0: a masked-LM checkpoint loaded as a classifier loads, but a checkpoint without the "
            "prediction head (a ModernBertModel one) raises ZeroDivisionError "
            "(recorded: modernbert-load-init-range-zero-mlm-as-classifier, -zero-new-head)",
            severity=Severity.INFO,
        )


@rule(
    "Z005",
    "modernbert-global-attention-every-zero",
    Severity.ERROR,
    summary="global_attn_every_n_layers is 0: transformers 5 cannot derive layer_types and refuses the config",
    explanation="""Without layer_types, ModernBertConfig derives one entry per layer as "sliding_attention"
    when the layer index modulo global_attn_every_n_layers is not 0, else "full_attention". A value of
    0 makes that modulo raise ZeroDivisionError when the config is made (recorded with transformers
    5.23). Every n-th layer attending globally needs n of at least 1 (1: every layer is global).""",
    bad='{"model_type": "modernbert", "global_attn_every_n_layers": 0}',
    good='{"model_type": "modernbert", "global_attn_every_n_layers": 3}',
    families=("modernbert",),
    evidence=f"{CASES} modernbert-global-attn-every-zero (ZeroDivisionError when the config is made)",
    requires=("global_attn_every_n_layers",),
)
def global_attention_every_zero(ctx: LintContext) -> Iterator[Finding]:
    every = ctx.config.get("global_attn_every_n_layers")
    layers = ctx.int("num_hidden_layers") if "num_hidden_layers" in ctx.config else DEFAULT_LAYERS
    if isinstance(every, int) and not isinstance(every, bool) and every == 0 and "layer_types" not in ctx.config and layers:
        yield Finding(
            "/global_attn_every_n_layers",
            "global_attn_every_n_layers 0: transformers 5.23 derives layer_types with layer index % 0 and refuses the "
            "config with ZeroDivisionError (recorded: modernbert-global-attn-every-zero)",
        )


RULES: tuple[Rule, ...] = (
    mean_pooling_key,
    layer_types_count,
    classifier_activation_unknown,
    initializer_range_not_positive,
    global_attention_every_zero,
)
