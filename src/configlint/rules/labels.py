"""L rules: id2label, label2id, num_labels and problem_type must tell one story.

Facts recorded by scripts/record_claims.py (cases num-labels-disagrees, single-label-one-label,
problem-type-typo, private-num-labels): when ``num_labels`` differs from ``len(id2label)``,
transformers 5.23 keeps num_labels and rebuilds ``id2label`` as ``LABEL_0…``, while 4.57 keeps
id2label and sizes the head by it; 5.23 refuses "single_label_classification" with one label
(4.57 builds it) and accepts an unknown problem_type (4.57 refuses it); ``_num_labels`` is read by
neither.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.document import join_pointer
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.version_claims import said_by, severity_for, short_version, stated, target_of
from configlint.size_limits import describe_number

PROBLEM_TYPES = ("regression", "single_label_classification", "multi_label_classification")


def _id2label(ctx: LintContext) -> dict[str, object] | None:
    value = ctx.config.get("id2label")
    return value if isinstance(value, dict) else None


@rule(
    "L001",
    "num-labels-mismatch",
    Severity.ERROR,
    summary="num_labels disagrees with id2label: transformers replaces the label names",
    explanation="""When both are given and num_labels differs from the number of entries in id2label,
    transformers 5.23 keeps num_labels, throws the label names away and rebuilds id2label as
    LABEL_0…LABEL_{n-1}, and sizes the classifier by num_labels. transformers 4.57 did the opposite:
    it kept id2label and sized the head by it (recorded). The same file therefore builds different
    heads in the two majors, and in 5.x predictions come back with meaningless names.""",
    bad='{"model_type": "bert", "num_labels": 3, "id2label": {"0": "neg", "1": "pos"}}',
    good='{"model_type": "bert", "id2label": {"0": "neg", "1": "pos"}, "label2id": {"neg": 0, "pos": 1}}',
    fix="Remove num_labels so id2label decides (unsafe: the head's size changes)",
    evidence="case num-labels-disagrees (5.23.0: id2label LABEL_0…LABEL_2, classifier_out 3; 4.57.6: id2label kept, classifier_out 2)",
    requires=("id2label",),
)
def num_labels_mismatch(ctx: LintContext) -> Iterator[Finding]:
    labels = _id2label(ctx)
    count = ctx.config.get("num_labels")
    if labels is None or not isinstance(count, int) or isinstance(count, bool) or count == len(labels):
        return
    numbers = {"count": describe_number(count, separators=False), "last": describe_number(count - 1, separators=False)}
    said = stated(ctx, "L001", labels=len(labels), **numbers)
    if count <= 0 and target_of(ctx, "transformers") == 5:
        # range(num_labels) is empty: the differential's labels recordings load with num_labels 0 and a classifier of no rows.
        said = (
            f"transformers {short_version('transformers', 5)} (the target) makes id2label empty and num_labels 0: the "
            f"classifier has no outputs and the real names are lost; {said_by('L001', 4, labels=len(labels)).removeprefix('transformers ')}"
        )
    yield Finding(
        "/num_labels",
        f"num_labels is {numbers['count']} but id2label has {len(labels)} entries: {said}",
        fix=Fix("Remove num_labels", (Edit("remove", "/num_labels"),), Applicability.UNSAFE),
        severity=severity_for(ctx, "L001"),
    )


@rule(
    "L002",
    "label-maps-disagree",
    Severity.WARNING,
    summary="label2id is not the inverse of id2label",
    explanation="""Pipelines name predictions with id2label; training scripts and the Hub's evaluation
    map dataset labels to ids with label2id. When the two maps disagree (a label missing, two ids
    swapped) predictions are reported under the wrong name.""",
    bad='{"model_type": "bert", "id2label": {"0": "neg", "1": "pos"}, "label2id": {"neg": 1, "pos": 0}}',
    good='{"model_type": "bert", "id2label": {"0": "neg", "1": "pos"}, "label2id": {"neg": 0, "pos": 1}}',
    requires=("id2label",),
)
def label_maps_disagree(ctx: LintContext) -> Iterator[Finding]:
    problems = list(_label_map_problems(ctx))
    if not problems:
        return
    pointer, first = problems[0]
    if len(problems) == 1:
        yield Finding(pointer, first)
        return
    # One finding per file, however many labels disagree: a config with 100,000 labels must not print 100,000 lines.
    shown = "; ".join(message for _, message in problems[:SHOWN_LABEL_PROBLEMS])
    more = len(problems) - SHOWN_LABEL_PROBLEMS
    rest = f"; and {describe_number(more)} more" if more > 0 else ""
    yield Finding(
        pointer, f"{describe_number(len(problems))} label entries disagree between id2label and label2id: {shown}{rest}"
    )


SHOWN_LABEL_PROBLEMS = 3


def _label_map_problems(ctx: LintContext) -> Iterator[tuple[str, str]]:
    """Each (pointer, message) where label2id is not id2label's inverse, in file order."""
    labels = _id2label(ctx)
    inverse = ctx.config.get("label2id")
    if labels is None or not isinstance(inverse, dict):
        return
    for key, name in labels.items():
        if not isinstance(name, str) or not key.lstrip("-").isdigit():
            continue
        if name not in inverse:
            yield join_pointer("/id2label", key), f"label {_brief(name)} (id {_brief(key, quote=False)}) is missing from label2id"
        elif str(inverse[name]) != key:
            yield (
                join_pointer("/label2id", name),
                f"label2id maps {_brief(name)} to {_brief(inverse[name])} but id2label gives it id {_brief(key, quote=False)}",
            )
    names = {name for name in labels.values() if isinstance(name, str)}  # a list or object names nothing
    for name in inverse:
        if name not in names:
            yield join_pointer("/label2id", name), f"label2id has {_brief(name)}, which id2label does not name"


def _brief(value: object, *, quote: bool = True) -> str:
    """A label name (``repr``) or id, cut to 60 characters: both come from the file and may be megabytes long."""
    text = repr(value) if quote else str(value)
    return text if len(text) <= 60 else f"{text[:57]}…"


@rule(
    "L003",
    "non-contiguous-label-ids",
    Severity.ERROR,
    summary="id2label's ids are not 0…n-1",
    explanation="""transformers sizes the classifier with len(id2label) and looks labels up by the
    index of the winning logit. Ids that skip a number or start at 1 mean the highest id has no
    logit and one logit has no name.""",
    bad='{"model_type": "bert", "id2label": {"1": "neg", "2": "pos"}}',
    good='{"model_type": "bert", "id2label": {"0": "neg", "1": "pos"}}',
    requires=("id2label",),
)
def non_contiguous_label_ids(ctx: LintContext) -> Iterator[Finding]:
    labels = _id2label(ctx)
    if not labels or not all(key.lstrip("-").isdigit() for key in labels):
        return
    try:
        ids = sorted(int(key) for key in labels)
    except ValueError:  # past sys.get_int_max_str_digits(): transformers' int(key) raises too
        limit = sys.get_int_max_str_digits()
        key = next(key for key in labels if len(key.lstrip("-")) > limit)
        yield Finding(
            join_pointer("/id2label", key),
            f"label id {key[:20]}… ({len(key)} digits) is too long to be an integer; transformers fails to load the config",
        )
        return
    if ids != list(range(len(ids))):
        yield Finding("/id2label", f"label ids are {_show(ids)}; a head of {len(ids)} outputs has ids 0…{len(ids) - 1}")


def _show(ids: list[int]) -> str:
    return ", ".join(map(str, ids)) if len(ids) <= 8 else f"{', '.join(map(str, ids[:6]))}, …, {ids[-1]}"


@rule(
    "L004",
    "unknown-problem-type",
    Severity.ERROR,
    summary="problem_type is not one transformers knows",
    explanation="""problem_type picks the loss of *ForSequenceClassification: "regression" (MSE),
    "single_label_classification" (cross-entropy) or "multi_label_classification" (BCE with logits).
    Recorded: transformers 5.23 loads, builds and runs a config with another value, so a typo is
    not caught where it is made; transformers 4.57 refused to load it (ValueError).""",
    bad='{"model_type": "bert", "problem_type": "multilabel_classification"}',
    good='{"model_type": "bert", "problem_type": "multi_label_classification"}',
    evidence="case problem-type-typo (runs in 5.23.0; ValueError at load in 4.57.6)",
    requires=("problem_type",),
)
def unknown_problem_type(ctx: LintContext) -> Iterator[Finding]:
    value = ctx.config.get("problem_type")
    if isinstance(value, str) and value not in PROBLEM_TYPES:
        import difflib

        close = difflib.get_close_matches(value, PROBLEM_TYPES, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else f"; use one of {', '.join(PROBLEM_TYPES)}"
        yield Finding(
            "/problem_type",
            f"problem_type {value!r} is none of {', '.join(PROBLEM_TYPES)}: {stated(ctx, 'L004')}{hint}",
        )


@rule(
    "L005",
    "single-label-with-one-label",
    Severity.ERROR,
    summary='problem_type "single_label_classification" with one label',
    explanation="""Cross-entropy over a single logit is meaningless. Recorded: transformers 5.23 refuses
    the config at load ("problem_type=single_label_classification requires num_labels > 1"), so it is
    an error; transformers 4.57 loaded and built it with a one-output head. For binary classification
    use two labels; for a single score use "regression".""",
    bad='{"model_type": "bert", "problem_type": "single_label_classification", "num_labels": 1}',
    good='{"model_type": "bert", "problem_type": "regression", "num_labels": 1}',
    evidence="case single-label-one-label (ValueError at load in 5.23.0; builds in 4.57.6)",
    requires=("problem_type",),
)
def single_label_with_one_label(ctx: LintContext) -> Iterator[Finding]:
    if ctx.config.get("problem_type") != "single_label_classification":
        return
    labels = _id2label(ctx)
    count = ctx.config.get("num_labels")
    effective = len(labels) if labels is not None and not isinstance(count, int) else count
    if effective == 1:
        yield Finding(
            "/problem_type",
            f"single_label_classification needs at least 2 labels; {stated(ctx, 'L005')}",
            severity=severity_for(ctx, "L005"),
        )


@rule(
    "L006",
    "distilbert-qa-labels",
    Severity.ERROR,
    summary="DistilBertForQuestionAnswering needs exactly 2 labels",
    explanation="""The QA head predicts a start and an end logit per token; DistilBertForQuestionAnswering
    raises ValueError("config.num_labels should be 2") when the config says otherwise (a common
    result of fine-tuning a classifier config).""",
    bad='{"model_type": "distilbert", "architectures": ["DistilBertForQuestionAnswering"], "num_labels": 3}',
    good='{"model_type": "distilbert", "architectures": ["DistilBertForQuestionAnswering"]}',
    families=("distilbert",),
    evidence="case distilbert-qa-three-labels (ValueError at build in 5.23.0 and 4.57.6)",
    requires=("architectures",),
)
def distilbert_qa_labels(ctx: LintContext) -> Iterator[Finding]:
    if "DistilBertForQuestionAnswering" not in ctx.architectures[:1]:
        return
    labels = _id2label(ctx)
    count = ctx.config.get("num_labels")
    effective = count if isinstance(count, int) else (len(labels) if labels is not None else 2)
    if effective != 2:
        pointer = "/num_labels" if isinstance(count, int) else "/id2label"
        yield Finding(pointer, f"DistilBertForQuestionAnswering raises unless num_labels is 2 (this config gives {effective})")


@rule(
    "L007",
    "placeholder-label-names",
    Severity.INFO,
    summary="A classifier whose labels are still LABEL_0, LABEL_1…",
    explanation="""A fine-tuned classifier saved without label names answers "LABEL_1" in pipelines and
    on the Hub widget. Opt-in, because some checkpoints are deliberately generic.""",
    bad='{"model_type": "bert", "architectures": ["BertForSequenceClassification"], "id2label": {"0": "LABEL_0", "1": "LABEL_1"}}',
    good='{"model_type": "bert", "architectures": ["BertForSequenceClassification"], "id2label": {"0": "negative", "1": "positive"}}',
    default=False,
    requires=("id2label",),
)
def placeholder_label_names(ctx: LintContext) -> Iterator[Finding]:
    labels = _id2label(ctx)
    heads = ("ForSequenceClassification", "ForTokenClassification")
    if labels and ctx.architectures and ctx.architectures[0].endswith(heads):
        if all(name == f"LABEL_{key}" for key, name in labels.items()):
            yield Finding("/id2label", f"{ctx.architectures[0]} has placeholder label names LABEL_0…LABEL_{len(labels) - 1}")


@rule(
    "L008",
    "private-num-labels",
    Severity.WARNING,
    summary="_num_labels disagrees with the labels transformers uses",
    explanation="""_num_labels is how some old exports spelled the label count. Recorded: neither
    transformers 5.23 nor 4.57 reads it; the head is sized by num_labels or id2label (two outputs
    when neither is given), so a _num_labels that says otherwise describes a head the model does
    not have.""",
    bad='{"model_type": "bert", "_num_labels": 5}',
    good='{"model_type": "bert", "num_labels": 5}',
    evidence="case private-num-labels (num_labels 2, classifier_out 2 in 5.23.0 and 4.57.6)",
    requires=("_num_labels",),
)
def private_num_labels(ctx: LintContext) -> Iterator[Finding]:
    claimed = ctx.config.get("_num_labels")
    if not isinstance(claimed, int) or isinstance(claimed, bool):
        return
    labels = _id2label(ctx)
    count = ctx.config.get("num_labels")
    effective = count if isinstance(count, int) and not isinstance(count, bool) else (len(labels) if labels is not None else 2)
    if claimed != effective:
        yield Finding(
            "/_num_labels",
            f"_num_labels {claimed} is not read by transformers; the head has {effective} outputs (recorded: private-num-labels)",
        )


RULES: tuple[Rule, ...] = (
    num_labels_mismatch,
    label_maps_disagree,
    non_contiguous_label_ids,
    unknown_problem_type,
    single_label_with_one_label,
    distilbert_qa_labels,
    placeholder_label_names,
    private_num_labels,
)
