"""S and F rules: is this a config transformers can build, and of which family and class?"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Edit, Fix, Severity
from configlint.rules.base import Finding, Rule, rule
from configlint.schema import FAMILIES, HEAD_CLASSES, family_of_architecture


@rule(
    "S001",
    "invalid-field-type",
    Severity.ERROR,
    summary="A field has the wrong JSON type",
    explanation="""transformers 5 validates every field its family config class declares with strict
    dataclass checks: "768" is not an int, 1 is not a bool, and 0 is not a float for layer_norm_eps or
    initializer_range, so from_pretrained raises StrictDataclassFieldValidationError. Base fields
    (architectures, label2id, ...) are not checked at load time and fail later instead; those are
    reported as warnings.""",
    bad='{"model_type": "bert", "hidden_size": "768", "layer_norm_eps": 0}',
    good='{"model_type": "bert", "hidden_size": 768, "layer_norm_eps": 1e-12}',
    evidence="transformers/models/bert/configuration_bert.py (@strict BertConfig)",
)
def invalid_field_type(ctx: LintContext) -> Iterator[Finding]:
    for problem in ctx.field_problems:
        if problem.rejected_by_transformers:
            yield Finding(problem.pointer, f"{problem.message}; transformers 5 refuses to load this config")
        else:
            yield Finding(problem.pointer, problem.message, severity=Severity.WARNING)


@rule(
    "F001",
    "unrecognised-family",
    Severity.INFO,
    summary="The config is not recognisably BERT, RoBERTa, DistilBERT or ALBERT",
    explanation="""configlint checks BERT-family configs. This file has no model_type of the four
    families, no architecture of theirs and none of their characteristic keys, so only the JSON
    checks ran. A foreign model_type (e.g. "xlm-roberta") is reported here too.""",
    bad='{"model_type": "gpt2", "n_embd": 768}',
    good='{"model_type": "bert", "hidden_size": 768}',
    needs="object",
)
def unrecognised_family(ctx: LintContext) -> Iterator[Finding]:
    if ctx.family.family is None:
        if ctx.family.model_type:
            yield Finding("/model_type", f"model_type {ctx.family.model_type!r} is not one of {', '.join(FAMILIES)}; only JSON checks ran")
        else:
            yield Finding("", "cannot tell the model family (no model_type, architectures or BERT-family keys); only JSON checks ran")


@rule(
    "F002",
    "missing-model-type",
    Severity.WARNING,
    summary="No model_type: AutoConfig has to guess the family from the folder name",
    explanation="""Without model_type, AutoConfig.from_pretrained falls back to looking for a known
    model type inside the checkpoint's path ("bert" in "bert-base-chinese"), and fails with
    "Unrecognized model" when the folder is called anything else. Legacy Google bert_config.json and
    ALBERT TF configs have no model_type. When architectures names the class, adding model_type is safe.""",
    bad='{"architectures": ["BertForMaskedLM"], "hidden_size": 768}',
    good='{"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 768}',
    fix="Add model_type (safe when architectures makes the family certain)",
    evidence="transformers/models/auto/configuration_auto.py AutoConfig.from_pretrained (pattern fallback)",
)
def missing_model_type(ctx: LintContext) -> Iterator[Finding]:
    if "model_type" in ctx.config or ctx.family.family is None:
        return
    family = ctx.family.family
    if ctx.family.basis == "architectures":
        fix = Fix(f'Add "model_type": "{family}"', (Edit("add", "/model_type", family),))
        yield Finding("", f"no model_type; architectures says {family!r}, so it can be added", fix=fix)
    else:
        yield Finding("", f"no model_type; the keys look like {family!r} but AutoConfig can only guess from the path")


@rule(
    "F003",
    "architecture-family-mismatch",
    Severity.ERROR,
    summary="architectures names a class of another family than model_type",
    explanation="""AutoModel builds the class for model_type, while pipelines and the Hub widget read
    architectures. When they disagree (a RobertaForMaskedLM declared as model_type "bert") the
    checkpoint's weights do not match the model transformers builds and most of it is newly
    initialised.""",
    bad='{"model_type": "bert", "architectures": ["RobertaForMaskedLM"]}',
    good='{"model_type": "roberta", "architectures": ["RobertaForMaskedLM"]}',
)
def architecture_family_mismatch(ctx: LintContext) -> Iterator[Finding]:
    if ctx.family.basis != "model_type":
        return
    for index, name in enumerate(ctx.architectures):
        family = family_of_architecture(name)
        if family is not None and family != ctx.family.family:
            yield Finding(
                f"/architectures/{index}",
                f"{name} is a {family} class but model_type is {ctx.family.family!r}",
            )


@rule(
    "F004",
    "unknown-architecture",
    Severity.ERROR,
    summary="architectures names a class transformers does not have",
    explanation="""Pipelines and AutoModel-for-architecture look the name up in transformers; a typo
    ("BertForSequenceClassifier") or a class from a custom fork cannot be built. Custom classes loaded
    with trust_remote_code need an auto_map entry.""",
    bad='{"model_type": "bert", "architectures": ["BertForSequenceClassifier"]}',
    good='{"model_type": "bert", "architectures": ["BertForSequenceClassification"]}',
)
def unknown_architecture(ctx: LintContext) -> Iterator[Finding]:
    if "auto_map" in ctx.config:
        return
    for index, name in enumerate(ctx.architectures):
        family = family_of_architecture(name)
        if family is not None and name not in HEAD_CLASSES[family]:
            suggestion = _closest(name, HEAD_CLASSES[family])
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            yield Finding(f"/architectures/{index}", f"transformers has no class {name}{hint}")


def _closest(name: str, candidates: tuple[str, ...]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, candidates, n=1, cutoff=0.8)
    return matches[0] if matches else None


RULES: tuple[Rule, ...] = (
    invalid_field_type,
    unrecognised_family,
    missing_model_type,
    architecture_family_mismatch,
    unknown_architecture,
)
