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

import json
from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.family_model import HEAD_POOLER_DROPOUTS
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
    for key in HEAD_POOLER_DROPOUTS:
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


# What DisentangledSelfAttention reads of pos_att_type: `"c2p" in pos_att_type`, `"p2c" in pos_att_type`.
_READ_POS_ATT_TYPES = ("c2p", "p2c")
_RECORDED = "recorded in transformers 5.23 and 4.57"


def _pos_att_types(ctx: LintContext) -> list[object] | None:
    """pos_att_type as the config class leaves it: a string is lowercased, split on "|" and stripped; a list is kept as written.

    None (no list the attention can read) for any other type, which the schema rules report.
    """
    value = ctx.value("pos_att_type")
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.lower().split("|")]
    return list(value) if isinstance(value, list) else None


def _conv_layer(ctx: LintContext) -> bool:
    """DeBERTa-v2's encoder builds a convolution layer (which mixes neighbouring tokens) when conv_kernel_size > 0."""
    size = ctx.number("conv_kernel_size")
    return ctx.family_name == "deberta-v2" and size is not None and size > 0


@rule(
    "Y006",
    "deberta-no-position-information",
    Severity.WARNING,
    summary="position_biased_input false without a relative-position term: the model ignores word order",
    explanation="""DeBERTa knows where a token is from two sources: absolute position embeddings added
    to the input (position_biased_input, default true) and the disentangled relative-position terms
    of its attention (relative_attention, default false, with "c2p" and/or "p2c" in pos_att_type).
    With position_biased_input false and neither term, nothing in the model depends on position.
    Recorded for DebertaModel and DebertaV2Model in transformers 5.23 and 4.57, eval mode: with
    relative_attention false, or relative_attention true and pos_att_type empty, null or ["p2p"],
    the outputs of a permuted input are the permuted outputs; with position_biased_input true, or
    relative_attention true and c2p/p2c, they are not. DeBERTa-v2's convolution layer
    (conv_kernel_size > 0) also makes them depend on order (recorded); DeBERTa (v1) builds no such
    layer. The model builds and runs, so a warning; a bag-of-words encoder is almost never meant.""",
    bad='{"model_type": "deberta-v2", "relative_attention": false, "position_biased_input": false}',
    good='{"model_type": "deberta-v2", "relative_attention": true, "pos_att_type": ["p2c", "c2p"], "position_biased_input": false}',
    families=("deberta-v2", "deberta"),  # DeBERTa's own two position sources, not a trait other families share
    evidence="tests/fixtures/transformers/deberta-v2-positions-5.23.0.json and -4.57.6.json, deberta-positions-5.23.0.json "
    "and -4.57.6.json (permutation_equivariant per setting)",
)
def no_position_information(ctx: LintContext) -> Iterator[Finding]:
    relative = ctx.bool("relative_attention")
    types = _pos_att_types(ctx)
    if ctx.bool("position_biased_input") is not False or relative is None or types is None or _conv_layer(ctx):
        return
    if not relative:
        reason = "relative_attention is false"
    elif not any(name in types for name in _READ_POS_ATT_TYPES):
        reason = "pos_att_type has neither c2p nor p2c, so relative attention adds no position term"
    else:
        return
    conv = ", without a convolution layer (conv_kernel_size)" if ctx.family_name == "deberta-v2" else ""
    yield Finding(
        "/position_biased_input",
        f"position_biased_input is false and {reason}{conv}: the model has no position information; permuting the "
        f"input tokens only permutes the outputs ({_display(ctx)}, eval mode; {_RECORDED})",
    )


_SHOWN_ENTRIES = 5


def _shown(entry: object) -> str:
    """One entry as JSON, cut to a readable length (a stranger's list can hold anything)."""
    text = json.dumps(entry)
    return text if len(text) <= 40 else f"{text[:37]}..."


@rule(
    "Y007",
    "deberta-pos-att-type-unread",
    Severity.WARNING,
    summary='A pos_att_type entry other than "c2p" or "p2c": DeBERTa builds no relative-position term for it',
    explanation="""DeBERTa's attention builds a relative-position term for "c2p" (content to position)
    and "p2c" (position to content) only. Recorded with relative_attention true, transformers 5.23
    and 4.57: "p2p", "foo", "C2P" and " c2p" in a list build no position projection; on DeBERTa-v2
    the outputs are those of the list without them (["c2p", "p2p"] computes what ["c2p"] does), and
    on DeBERTa (v1) they match no list of c2p/p2c (its attention divides the scores by a factor that
    counts every entry). A string is lowercased, split on "|" and stripped by both config classes:
    "P2C|C2P" and "c2p | p2c" build what ["p2c", "c2p"] does; list entries are compared as written.
    A warning: the model builds and runs without the term the entry seems to ask for.""",
    bad='{"model_type": "deberta-v2", "relative_attention": true, "pos_att_type": ["c2p", "p2p"]}',
    good='{"model_type": "deberta-v2", "relative_attention": true, "pos_att_type": ["c2p", "p2c"]}',
    families=("deberta-v2", "deberta"),
    evidence="tests/fixtures/transformers/deberta-v2-pos-att-type-5.23.0.json and -4.57.6.json, "
    "deberta-pos-att-type-5.23.0.json and -4.57.6.json (config value, relative parameters and outputs per value)",
)
def pos_att_type_unread(ctx: LintContext) -> Iterator[Finding]:
    types = _pos_att_types(ctx)
    if ctx.bool("relative_attention") is not True or not types:
        return
    unread = [entry for entry in types if entry not in _READ_POS_ATT_TYPES]
    if not unread:
        return
    shown = ", ".join(_shown(entry) for entry in unread[:_SHOWN_ENTRIES])
    if len(unread) > _SHOWN_ENTRIES:
        shown += f" and {len(unread) - _SHOWN_ENTRIES} more"
    hint = ""
    if any(isinstance(entry, str) and entry.strip().lower() in _READ_POS_ATT_TYPES for entry in unread):
        hint = "; list entries are compared as written (only the string form is lowercased and stripped)"
    them = "it" if len(unread) == 1 else "them"
    if ctx.family_name == "deberta":
        effect = f"yet the outputs differ from those without {them} (the attention's scale factor counts every entry)"
    else:
        effect = f"and the outputs are those without {them}"
    yield Finding(
        "/pos_att_type",
        f"pos_att_type {shown} {'is' if len(unread) == 1 else 'are'} not c2p or p2c: {_display(ctx)} builds no "
        f"relative-position term for {them}, {effect}{hint} ({_RECORDED})",
    )


RULES: tuple[Rule, ...] = (
    pooler_size_mismatch,
    pooler_activation_unknown,
    pooler_dropout_out_of_range,
    pruned_heads,
    no_position_information,
    pos_att_type_unread,
)
