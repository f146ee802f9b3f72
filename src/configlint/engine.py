"""Lint one document: read it, detect its family, validate it, run the selected rules.

The engine is the only place that turns rule findings into positioned diagnostics, and the
only place that applies the selection, so every entry point (CLI, Python API, pre-commit,
audit) reports identically.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from configlint.context import CheckpointRead, LintContext
from configlint.diagnostics import Diagnostic
from configlint.document import ConfigDocument, parse_document, read_document
from configlint.rules import ALL_RULES, Finding, Rule
from configlint.schema import FamilyGuess, detect_family
from configlint.schema.validation import validate_fields
from configlint.selection import Selection

if TYPE_CHECKING:
    from configlint.extend_schema import ExtendSchema
    from configlint.model_files import ModelFiles

_UNKNOWN = FamilyGuess(None, "unknown")


_POOLING_MARKERS = ("word_embedding_dimension", "pooling_mode")


def document_kind(document: ConfigDocument) -> str:
    """Tell a model config from the sentence-transformers files that sit beside it.

    A ``modules.json`` is a JSON array of module descriptions; a Pooling module's
    ``config.json`` has ``word_embedding_dimension`` and ``pooling_mode*`` keys and no model keys.
    """
    data = document.data
    if isinstance(data, list) and (
        document.path.endswith("modules.json") or all(isinstance(m, dict) and "type" in m for m in data) and data
    ):
        return "st-modules"
    if isinstance(data, dict) and "model_type" not in data and any(key.startswith(_POOLING_MARKERS) for key in data):
        return "st-pooling"
    return "model"


def build_context(
    document: ConfigDocument,
    folder: Path | None,
    checkpoint: CheckpointRead | None = None,
    *,
    extend_schema: ExtendSchema | None = None,
    model_files: ModelFiles | None = None,
) -> LintContext:
    """``model_files``: the files beside the config when they are not ``folder`` on disk (a Hub repo)."""
    kind = document_kind(document)
    if kind != "model" or not isinstance(document.data, dict):
        return LintContext(document=document, family=_UNKNOWN, folder=folder, kind=kind, model_files=model_files)
    family = detect_family(document.data)
    problems = validate_fields(family.family, document.data) if family.family else []
    return LintContext(
        document=document, family=family, field_problems=problems, folder=folder, preset_checkpoint=checkpoint,
        extend_schema=extend_schema, model_files=model_files,
    )  # fmt: skip


def _runs(rule: Rule, kind: str, is_object: bool, family: str | None, has_folder: bool) -> bool:
    if kind not in rule.kinds:
        return False
    if rule.needs == "document":
        return True
    if not is_object and kind != "st-modules":
        return False
    if rule.siblings_only and kind == "model" and not has_folder:
        return False  # what it reads beside a model config is not there
    if rule.needs == "object":
        return True
    if family is None or not rule.applies_to(family):
        return False
    return rule.needs != "folder" or has_folder


class _Plan(NamedTuple):
    """The rules that run on documents of one shape, split by what else decides whether they run."""

    always: tuple[Rule, ...]
    gated: tuple[tuple[Rule, frozenset[str]], ...]
    """Rules with ``requires``: called only when the config has one of those keys."""
    problems_only: tuple[Rule, ...]
    """Rules that read only the document's parse problems: called only when it has some."""


@functools.lru_cache(maxsize=256)
def _plan(rules: tuple[Rule, ...], kind: str, is_object: bool, family: str | None, has_folder: bool) -> _Plan:
    """What runs on documents of this shape; the same few shapes recur across a folder or a corpus, so
    the per-rule tests (kind, family, files beside it) are made once per shape, not once per file."""
    runs = [rule for rule in rules if _runs(rule, kind, is_object, family, has_folder)]
    return _Plan(
        tuple(rule for rule in runs if rule.requires is None and not rule.problems_only),
        tuple((rule, rule.requires) for rule in runs if rule.requires is not None and not rule.problems_only),
        tuple(rule for rule in runs if rule.problems_only),
    )


_last_plans: list[tuple[tuple[Rule, ...], dict[tuple[str, bool, str | None, bool], _Plan]]] = []
"""The previous call's rules and their plans by document shape (one entry, replaced whole): a
corpus lints every file with one tuple of rules, and hashing a tuple of seventy rules for the
lru_cache lookup cost more than the lookup itself."""


def _plan_for(rules: tuple[Rule, ...], shape: tuple[str, bool, str | None, bool]) -> _Plan:
    last = _last_plans[0] if _last_plans else None
    if last is None or last[0] is not rules:
        last = (rules, {})
        _last_plans[:] = [last]
    found = last[1].get(shape)
    if found is None:
        found = last[1][shape] = _plan(rules, *shape)
    return found


def run_rules(ctx: LintContext, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every finding of ``rules`` on ``ctx``, positioned, in file order.

    Rules run in any order (each derives what it needs from the context, whose shared values are
    pure), and the stable sort on (file, line, column, code) keeps one rule's findings at one place
    in the order the rule gave them, so the result does not depend on which rule ran first."""
    has_files = ctx.folder is not None or ctx.model_files is not None or ctx.preset_checkpoint is not None
    plan = _plan_for(
        rules if isinstance(rules, tuple) else tuple(rules),
        (ctx.kind, isinstance(ctx.document.data, dict), ctx.family.family, has_files),
    )
    diagnostics: list[Diagnostic] = []
    for rule in plan.always:
        for finding in rule.check(ctx):
            diagnostics.append(_positioned(ctx, rule, finding))
    if plan.gated:
        keys = ctx.config.keys()
        for rule, requires in plan.gated:
            if not keys.isdisjoint(requires):  # else the rule reads none of this config's keys: it cannot find anything
                for finding in rule.check(ctx):
                    diagnostics.append(_positioned(ctx, rule, finding))
    if ctx.document.problems:
        for rule in plan.problems_only:
            for finding in rule.check(ctx):
                diagnostics.append(_positioned(ctx, rule, finding))
    diagnostics.sort(key=Diagnostic.sort_key)
    return diagnostics


def _positioned(ctx: LintContext, rule: Rule, finding: Finding) -> Diagnostic:
    document = finding.document or ctx.document
    line, column = finding.position or document.position(finding.pointer)
    return Diagnostic(
        code=rule.code,
        severity=finding.severity or rule.severity,
        message=finding.message,
        file=document.path,
        pointer=finding.pointer,
        line=line,
        column=column,
        fix=finding.fix,
        rule_name=rule.name,
    )


@functools.lru_cache(maxsize=64)
def select_rules(selection: Selection, extra_ignores: tuple[str, ...] = ()) -> tuple[Rule, ...]:
    """The enabled rules, computed once per selection (a folder of configs shares one).

    ``extra_ignores`` are a file's per-file-ignores; they never turn off a security rule."""
    return tuple(rule for rule in ALL_RULES if selection.enabled(rule.code, rule.default, () if rule.security else extra_ignores))


def lint_document(
    document: ConfigDocument,
    *,
    folder: Path | None = None,
    selection: Selection | None = None,
    extra_ignores: Sequence[str] = (),
    checkpoint: CheckpointRead | None = None,
) -> list[Diagnostic]:
    """Lint a parsed document. ``folder`` holds the files beside it (sentence-transformers modules,
    weights); ``checkpoint`` replaces reading weights from ``folder`` (a Hub repo's headers)."""
    return lint_context(build_context(document, folder, checkpoint), selection=selection, extra_ignores=extra_ignores)


_DEFAULT_SELECTION = Selection()
_last_selected: list[tuple[Selection, tuple[str, ...], tuple[Rule, ...]]] = []
"""The previous call's selection and its rules (one entry, replaced whole: safe across the audit's threads)."""


def _selected_rules(selection: Selection, extra_ignores: tuple[str, ...]) -> tuple[Rule, ...]:
    """:func:`select_rules` without hashing the selection again when it is the previous call's object.

    A folder, a corpus or an audit lints every file with one selection; a frozen dataclass's hash
    is computed in Python, field by field, on every cache lookup, a few microseconds per config."""
    last = _last_selected[0] if _last_selected else None
    if last is not None and last[0] is selection and last[1] == extra_ignores:
        return last[2]
    rules = select_rules(selection, extra_ignores)
    _last_selected[:] = [(selection, extra_ignores, rules)]
    return rules


def lint_context(ctx: LintContext, *, selection: Selection | None = None, extra_ignores: Sequence[str] = ()) -> list[Diagnostic]:
    """Run the selected rules on a context built by :func:`build_context` (whose caches a caller may reuse)."""
    selection = selection or _DEFAULT_SELECTION
    ctx.targets = selection.targets
    return run_rules(ctx, _selected_rules(selection, tuple(extra_ignores)))


def lint_file(path: str | Path, *, selection: Selection | None = None) -> list[Diagnostic]:
    """Lint a config file on disk (files beside it, like modules.json or weights, are read too).

    Raises :class:`configlint.errors.InputError` only when the file cannot be read at all.
    """
    document = read_document(path)
    return lint_document(document, folder=Path(path).parent, selection=selection)


def lint_mapping(config: Mapping[str, Any], *, name: str = "<mapping>", selection: Selection | None = None) -> list[Diagnostic]:
    """Lint an in-memory config dict. Positions refer to its ``json.dumps(indent=2)`` rendering."""
    import json

    text = json.dumps(config, indent=2, ensure_ascii=False)
    return lint_document(parse_document(text, name), selection=selection)
