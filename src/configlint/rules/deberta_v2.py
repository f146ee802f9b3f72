"""Y rules for DeBERTa (v1) and DeBERTa-v2/v3: the ContextPooler's keys are real, unlike BERT's pooler keys.

Recorded from transformers 5.23 (tests/fixtures/transformers/families.json, ``experiments``) for
both families: their sequence-classification classes (and DeBERTa-v2's multiple choice), the
family table's ``head_pooler_classes``, build a ``ContextPooler`` (``pooler.dense`` of
``pooler_hidden_size`` × ``pooler_hidden_size``, ``nn.Dropout(pooler_dropout)``) and apply
``pooler_hidden_act`` in the forward pass; the base models have no pooler. So these keys change
what the model computes, and a wrong value fails at build or in the first forward pass:

* ``pooler_hidden_size`` 12 with ``hidden_size`` 8 builds, the base model runs, and the pooled
  classes raise ``RuntimeError: mat1 and mat2 shapes cannot be multiplied (1x8 and 12x12)``;
* ``pooler_hidden_act`` "no-such-act" builds and raises ``KeyError`` in the forward pass;
* ``pooler_dropout`` 2.0 raises ``ValueError`` when the pooled classes are built.

The Y001-Y003 rules apply to the families with the ``head-pooler`` trait and read the pooled
classes from the table, so a family with the same pooler gets them without a change here.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.family_table import ACTIVATIONS, families_with
from configlint.rules.base import Finding, Rule, rule

_HEAD_POOLER_FAMILIES = families_with("head-pooler")


def _pooled_classes(ctx: LintContext) -> tuple[str, ...]:
    """The detected family's classes that build ContextPooler (recorded: families.json ``poolers``), in table order."""
    entry = ctx.family_entry
    return tuple(name for name in entry.head_classes if name in entry.head_pooler_classes) if entry is not None else ()


def _pooled(ctx: LintContext) -> bool:
    """True when the declared class builds ContextPooler, or no class is declared (a head may be chosen later)."""
    return not ctx.architectures or ctx.architectures[0] in _pooled_classes(ctx)


def _severity(ctx: LintContext) -> Severity:
    """An error where the pooler is built; a warning for a base or MLM checkpoint a classifier may be fine-tuned from."""
    return Severity.ERROR if _pooled(ctx) else Severity.WARNING


def _who(ctx: LintContext, plural: str, singular: str) -> str:
    """The pooled classes and the verb in agreement with them ("A and B raise", "A raises")."""
    classes = _pooled_classes(ctx)
    subject = " and ".join(classes)
    if not _pooled(ctx):
        subject = f"{ctx.architectures[0]} builds no pooler, but {subject} built from this config"
    return f"{subject} {plural if len(classes) > 1 else singular}"


@rule(
    "Y001",
    "deberta-pooler-size-mismatch",
    Severity.ERROR,
    summary="pooler_hidden_size differs from hidden_size: DeBERTa's classifiers fail in the forward pass",
    explanation="""DeBERTa-v2's ContextPooler is dense(pooler_hidden_size, pooler_hidden_size) applied to
    the first token's hidden state, which is hidden_size wide, and the classifier after it reads
    hidden_size features. Recorded with transformers 5.23: pooler_hidden_size 12 with hidden_size 8
    builds, DebertaV2Model runs, and DebertaV2ForSequenceClassification and DebertaV2ForMultipleChoice
    raise RuntimeError (mat1 and mat2 shapes cannot be multiplied) in the first forward pass. Without
    the key, DebertaV2Config uses hidden_size (DebertaConfig too). An error where the declared class builds the pooler,
    a warning on other classes (a classifier fine-tuned from the checkpoint inherits the key). DeBERTa (v1) does the same in its one pooled class, DebertaForSequenceClassification (recorded in 5.23 and 4.57; it has no multiple-choice class).""",
    bad='{"model_type": "deberta-v2", "hidden_size": 768, "pooler_hidden_size": 1024}',
    good='{"model_type": "deberta-v2", "hidden_size": 768, "pooler_hidden_size": 768}',
    fix="Set pooler_hidden_size to hidden_size (unsafe: a checkpoint with a pooler of the other size no longer loads it)",
    families=_HEAD_POOLER_FAMILIES,
    evidence="families.json experiments pooler_hidden_size_12_vs_hidden_8 (RuntimeError in the forward pass of both "
    "pooled classes, 5.23.0); load-report case deberta-v2-pooler-hidden-size-changed",
)
def pooler_size_mismatch(ctx: LintContext) -> Iterator[Finding]:
    size = ctx.config.get("pooler_hidden_size")
    hidden = ctx.int("hidden_size")
    if not isinstance(size, int) or isinstance(size, bool) or hidden is None or size == hidden:
        return
    fix = Fix(f"Set pooler_hidden_size to {hidden}", (Edit("replace", "/pooler_hidden_size", hidden),), Applicability.UNSAFE)
    yield Finding(
        "/pooler_hidden_size",
        f"pooler_hidden_size {size} is not hidden_size {hidden}: {_who(ctx, 'raise', 'raises')} RuntimeError in the forward pass "
        "(ContextPooler's dense layer expects pooler_hidden_size inputs; recorded in transformers 5.23)",
        fix=fix,
        severity=_severity(ctx),
    )


@rule(
    "Y002",
    "deberta-pooler-activation-unknown",
    Severity.ERROR,
    summary="pooler_hidden_act is not an activation transformers knows: DeBERTa's classifiers fail in the forward pass",
    explanation="""ContextPooler looks pooler_hidden_act up in transformers' ACT2FN in every forward pass,
    not when the model is built. Recorded with transformers 5.23: pooler_hidden_act "no-such-act" loads,
    builds DebertaV2ForSequenceClassification and DebertaV2ForMultipleChoice, and raises KeyError at the
    first forward pass, so the failure shows up only at inference. Unlike BERT's pooler keys this one
    is real: it is the pooler's activation (default "gelu"). DeBERTa (v1) does the same in its one pooled class, DebertaForSequenceClassification (recorded in 5.23 and 4.57; it has no multiple-choice class).""",
    bad='{"model_type": "deberta-v2", "pooler_hidden_act": "tanh_pooler"}',
    good='{"model_type": "deberta-v2", "pooler_hidden_act": "gelu"}',
    families=_HEAD_POOLER_FAMILIES,
    evidence="families.json experiments pooler_hidden_act_unknown (build ok, KeyError in the forward pass, 5.23.0)",
)
def pooler_activation_unknown(ctx: LintContext) -> Iterator[Finding]:
    value = ctx.config.get("pooler_hidden_act")
    if isinstance(value, str) and value not in ACTIVATIONS:
        yield Finding(
            "/pooler_hidden_act",
            f'pooler_hidden_act "{value}" is not an activation transformers knows: {_who(ctx, "build and then raise", "builds and then raises")} '
            "KeyError in the forward pass (recorded in transformers 5.23)",
            severity=_severity(ctx),
        )


_POOLER_DROPOUTS = ("pooler_dropout", "cls_dropout")


@rule(
    "Y003",
    "deberta-pooler-dropout-out-of-range",
    Severity.ERROR,
    summary="pooler_dropout or cls_dropout is not a probability: DeBERTa's classifiers fail to build",
    explanation="""DebertaV2ForSequenceClassification and DebertaV2ForMultipleChoice build
    nn.Dropout(pooler_dropout) in their ContextPooler and nn.Dropout(cls_dropout, else
    hidden_dropout_prob) before the classifier; torch refuses a probability outside [0, 1] when the
    layer is built. Recorded with transformers 5.23: pooler_dropout 2.0 raises ValueError ("dropout
    probability has to be between 0 and 1") when either class is built. DebertaV2Model builds neither. DeBERTa (v1) does the same in its one pooled class, DebertaForSequenceClassification (recorded in 5.23 and 4.57; it has no multiple-choice class).""",
    bad='{"model_type": "deberta-v2", "architectures": ["DebertaV2ForSequenceClassification"], "pooler_dropout": 10}',
    good='{"model_type": "deberta-v2", "architectures": ["DebertaV2ForSequenceClassification"], "pooler_dropout": 0.1}',
    families=_HEAD_POOLER_FAMILIES,
    evidence="families.json experiments pooler_dropout_2 (ValueError at build of both pooled classes, 5.23.0); "
    "torch/nn/modules/dropout.py _DropoutNd.__init__",
)
def pooler_dropout_out_of_range(ctx: LintContext) -> Iterator[Finding]:
    for key in _POOLER_DROPOUTS:
        value = ctx.config.get(key)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and (value < 0 or value > 1):
            yield Finding(
                f"/{key}",
                f"{key} {value} is not a probability: {_who(ctx, 'raise', 'raises')} ValueError when built (torch's nn.Dropout)",
                severity=_severity(ctx),
            )


def _display(ctx: LintContext) -> str:
    entry = ctx.family_entry
    return entry.display if entry is not None else "DeBERTa"


@rule(
    "Y005",
    "deberta-pruned-heads",
    Severity.WARNING,
    summary="pruned_heads on DeBERTa or DeBERTa-v2: transformers 4.x refuses to build the model, 5.x builds every head",
    explanation="""DeBERTa has no head pruning. Recorded: with pruned_heads {"0": [1]}, building any
    DeBERTa or DeBERTa-v2 class raises NotImplementedError ("The prune function is not implemented in DeBERTa
    model.") in transformers 4.57, so from_pretrained fails; transformers 5.23 builds every head and
    ignores the key. An error for target-transformers 4, a warning for 5 (a checkpoint whose heads
    really were pruned would not match the full-size attention then). Unlike BERT's pruned_heads (D006),
    4.x does not prune here.""",
    bad='{"model_type": "deberta-v2", "pruned_heads": {"0": [1]}}',
    good='{"model_type": "deberta-v2"}',
    fix="Remove pruned_heads (unsafe where the checkpoint's heads really were pruned)",
    families=("deberta-v2", "deberta"),  # both versions' own _prune_heads refusal, not a trait other families share
    evidence="tests/fixtures/transformers/deberta-v2-pruned-heads-4.57.6.json and deberta-pruned-heads-4.57.6.json "
    "(NotImplementedError for every class) and -5.23.0.json (builds, query_proj / in_proj full size)",
)
def pruned_heads(ctx: LintContext) -> Iterator[Finding]:
    heads = ctx.config.get("pruned_heads")
    if not (isinstance(heads, dict) and heads):
        return
    fix = Fix("Remove pruned_heads", (Edit("remove", "/pruned_heads"),), Applicability.UNSAFE)
    if ctx.targets.transformers == 4:
        message = (
            f"transformers 4.57 (the target) raises NotImplementedError when it builds a {_display(ctx)} model with "
            "pruned_heads (DeBERTa has no head pruning); 5.23 ignores the key and builds every head (recorded)"
        )
        yield Finding("/pruned_heads", message, fix=fix, severity=Severity.ERROR)
        return
    message = (
        f"transformers 5.23 (the target) ignores pruned_heads on {_display(ctx)} and builds every head; 4.57 raises "
        "NotImplementedError when it builds the model (DeBERTa has no head pruning; recorded)"
    )
    yield Finding("/pruned_heads", message, fix=fix)


RULES: tuple[Rule, ...] = (pooler_size_mismatch, pooler_activation_unknown, pooler_dropout_out_of_range, pruned_heads)
