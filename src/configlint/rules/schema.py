"""S and F rules: is this a config transformers can build, and of which family and class?"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Edit, Fix, Severity
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.legacy import is_tf_era_file, tf_era_finding
from configlint.rules.recorded_facts import EXPORTED_CLASSES
from configlint.rules.version_claims import severity_for, stated
from configlint.schema import FAMILIES, HEAD_CLASSES, family_of_architecture

_cached_family_of = functools.lru_cache(maxsize=4096)(family_of_architecture)


def _family_of(name: str) -> str | None:
    """family_of_architecture tests every family's prefixes; the same few class names recur across a
    corpus, so short names are cached (a hostile megabyte-long name is not kept alive by the cache)."""
    return _cached_family_of(name) if len(name) <= 200 else family_of_architecture(name)


FORWARD_FAILS = {"output_hidden_states": "output-hidden-states-string"}
"""Base fields whose wrongly typed value loads and builds but breaks the forward pass (recorded cases)."""


@rule(
    "S001",
    "invalid-field-type",
    Severity.ERROR,
    summary="A field has the wrong JSON type",
    explanation="""transformers 5 validates every field its family config class declares with strict
    dataclass checks: "768" is not an int, 1 is not a bool, and 0 is not a float for layer_norm_eps or
    initializer_range, so from_pretrained raises StrictDataclassFieldValidationError. Base fields
    (architectures, label2id, ...) are not checked at load time: a string in output_hidden_states
    ("True") builds and then makes the forward pass raise TypeError (recorded), so it is an error too;
    the rest are reported as warnings (a string return_dict, for example, was recorded to run).""",
    bad='{"model_type": "bert", "hidden_size": "768", "layer_norm_eps": 0}',
    good='{"model_type": "bert", "hidden_size": 768, "layer_norm_eps": 1e-12}',
    evidence="cases hidden-size-string (StrictDataclassFieldValidationError in 5.23.0), output-hidden-states-string (TypeError in the 5.23.0 forward pass), return-dict-string (runs)",
)
def invalid_field_type(ctx: LintContext) -> Iterator[Finding]:
    for problem in ctx.field_problems:
        if problem.rejected_by_transformers:
            yield Finding(problem.pointer, f"{problem.message}; transformers 5 refuses to load this config")
        elif problem.field in FORWARD_FAILS:
            yield Finding(
                problem.pointer,
                f"{problem.message}; {stated(ctx, 'S001')} (recorded: {FORWARD_FAILS[problem.field]})",
                severity=severity_for(ctx, "S001"),
            )
        else:
            yield Finding(problem.pointer, problem.message, severity=Severity.WARNING)


@rule(
    "F001",
    "unrecognised-family",
    Severity.INFO,
    summary="The config is not recognisably BERT, RoBERTa, DistilBERT or ALBERT",
    explanation="""configlint checks BERT-family configs. This file has no model_type of the four
    families, no architecture of theirs and none of their characteristic keys, so only the JSON
    checks ran. A foreign model_type (e.g. "xlm-roberta") is reported here too. Opt-in: it says
    what configlint skipped, not what is wrong.""",
    bad='{"model_type": "gpt2", "n_embd": 768}',
    good='{"model_type": "bert", "hidden_size": 768}',
    needs="object",
    default=False,
)
def unrecognised_family(ctx: LintContext) -> Iterator[Finding]:
    if ctx.family.family is None:
        if ctx.family.model_type:
            yield Finding(
                "/model_type", f"model_type {ctx.family.model_type!r} is not one of {', '.join(FAMILIES)}; only JSON checks ran"
            )
        else:
            yield Finding(
                "", "cannot tell the model family (no model_type, architectures or BERT-family keys); only JSON checks ran"
            )


@rule(
    "F002",
    "missing-model-type",
    Severity.WARNING,
    summary="No model_type: AutoConfig in transformers 5 cannot load the config",
    explanation="""Recorded: without model_type, transformers 5.23's AutoConfig.from_pretrained raises
    ValueError ("Unrecognized model ... Should have a `model_type` key") whatever the folder is called.
    transformers 4.57 still guessed the family from a model type in the folder's name ("bert" in
    "bert-base-x") and raised the same error for any other name. Legacy Google bert_config.json and
    ALBERT TF configs have no model_type. When architectures names the class, adding model_type is
    safe; configlint infers RoBERTa from RoBERTa's sizes (vocabulary 50265, pad_token_id 1 with 514
    positions) rather than treating such a config as BERT. A TF-era file (not named config.json,
    with none of model_type, architectures or transformers_version) gets one finding instead:
    transformers does not load it as it is, and `configlint migrate google-to-hf` writes the
    config.json it would load; the keys the migration drops are named there, not by P001 or D007.""",
    bad='{"architectures": ["BertForMaskedLM"], "hidden_size": 768}',
    good='{"architectures": ["BertForMaskedLM"], "model_type": "bert", "hidden_size": 768}',
    fix="Add model_type (safe when architectures makes the family certain)",
    evidence="cases no-model-type-plain-folder (ValueError in 5.23.0 and 4.57.6), no-model-type-bert-folder (ValueError in 5.23.0, BertConfig in 4.57.6), no-model-type-roberta-sizes",
)
def missing_model_type(ctx: LintContext) -> Iterator[Finding]:
    if "model_type" in ctx.config or ctx.family.family is None:
        return
    family = ctx.family.family
    if is_tf_era_file(ctx):
        yield tf_era_finding(ctx)
        return
    failure = stated(ctx, "F002")
    if ctx.family.basis == "architectures":
        fix = Fix(f'Add "model_type": "{family}"', (Edit("add", "/model_type", family),))
        yield Finding("", f"no model_type: {failure}; architectures says {family!r}, so it can be added", fix=fix)
    else:
        yield Finding("", f"no model_type: {failure}; the keys look like {family!r}")


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
        family = _family_of(name)
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
    ("BertForSequenceClassifier") or a class from a custom fork cannot be built. configlint checks
    each BERT-family name against the list of every name transformers 5.23 and 4.57 export, recorded
    from the libraries (BertGeneration*, TF and Flax classes included). Custom classes loaded with
    trust_remote_code need an auto_map entry.""",
    bad='{"model_type": "bert", "architectures": ["BertForSequenceClassifier"]}',
    good='{"model_type": "bert", "architectures": ["BertForSequenceClassification"]}',
    evidence="tests/fixtures/claims/transformers-5.23.0.json and transformers-4.57.6.json exported_classes",
    requires=("architectures",),
)
def unknown_architecture(ctx: LintContext) -> Iterator[Finding]:
    if "auto_map" in ctx.config or "architectures" not in ctx.config:
        return
    exported = _exported_classes()
    for index, name in enumerate(ctx.architectures):
        family = _family_of(name)
        if family is not None and name not in exported:
            suggestion = _closest(name, HEAD_CLASSES[family])
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            yield Finding(
                f"/architectures/{index}", f"transformers {' and '.join(EXPORTED_CLASSES)} export no class {name}{hint}"
            )


@functools.cache
def _exported_classes() -> frozenset[str]:
    """Every class any recorded transformers version exports: a union of thousands of names, built once."""
    return frozenset().union(*EXPORTED_CLASSES.values())


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
