"""J rules: problems in the JSON text itself, found while reading it as transformers does."""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import ALL_KINDS, Check, Finding, Rule, rule


def _problems_of(kind: str) -> Check:
    def check(ctx: LintContext) -> Iterator[Finding]:
        for problem in ctx.document.problems:
            if problem.kind == kind and not (kind == "not-an-object" and ctx.kind == "st-modules"):
                yield Finding(problem.pointer, problem.message, position=(problem.line, problem.column))

    return check


def _document_rule(kind: str, code: str, severity: Severity, *, summary: str, explanation: str, bad: str, good: str) -> Rule:
    return rule(
        code,
        kind,
        severity,
        summary=summary,
        explanation=explanation,
        bad=bad,
        good=good,
        needs="document",
        kinds=ALL_KINDS,
        problems_only=True,
    )(_problems_of(kind))


INVALID_JSON = _document_rule(
    "invalid-json",
    "J001",
    Severity.ERROR,
    summary="The file is not valid JSON",
    explanation="""transformers parses config.json with Python's json.loads; a syntax error (a trailing
    comma, a comment, single quotes) makes from_pretrained fail before anything else is checked.""",
    bad='{"hidden_size": 768,}',
    good='{"hidden_size": 768}',
)

DUPLICATE_KEY = _document_rule(
    "duplicate-key",
    "J002",
    Severity.WARNING,
    summary="A key appears twice in the same object",
    explanation="""JSON allows duplicate keys and Python keeps the last value without a word, so the
    first definition is dead text that readers (and other tools) may believe instead.""",
    bad='{"num_labels": 2, "hidden_size": 768, "num_labels": 3}',
    good='{"hidden_size": 768, "num_labels": 3}',
)

NON_FINITE_NUMBER = _document_rule(
    "non-finite-number",
    "J003",
    Severity.WARNING,
    summary="NaN or Infinity literal",
    explanation="""NaN, Infinity and -Infinity are not JSON. Python's json module accepts them (so
    transformers loads the file), but JavaScript, jq, check-jsonschema's strict parsers and the Hub's
    config viewer do not, and a NaN dropout or epsilon is never what was meant.""",
    bad='{"layer_norm_eps": NaN}',
    good='{"layer_norm_eps": 1e-12}',
)

UTF8_BOM = _document_rule(
    "bom",
    "J004",
    Severity.ERROR,
    summary="The file starts with a UTF-8 byte-order mark",
    explanation="""transformers reads the file as UTF-8 text and json.loads refuses a leading U+FEFF
    ("Unexpected UTF-8 BOM"), so the model cannot be loaded. Editors on Windows add it silently.""",
    bad='\\ufeff{"model_type": "bert"}  (bytes EF BB BF before the brace)',
    good='{"model_type": "bert"}',
)

NOT_AN_OBJECT = _document_rule(
    "not-an-object",
    "J005",
    Severity.ERROR,
    summary="The top level is not a JSON object",
    explanation="""A model config is one JSON object of settings. An array, string or number at the top
    level parses as JSON but transformers cannot build a config from it.""",
    bad='[{"model_type": "bert"}]',
    good='{"model_type": "bert"}',
)

EMPTY_FILE = _document_rule(
    "empty",
    "J006",
    Severity.ERROR,
    summary="The file is empty",
    explanation="""An empty (or whitespace-only) config.json is usually a failed download or an
    unpulled Git LFS file; AutoConfig.from_pretrained raises OSError ("... is not a valid JSON
    file") in transformers 5.23 and 4.57 (recorded: empty-file).""",
    bad="(an empty file)",
    good='{"model_type": "bert", "hidden_size": 768}',
)

NOT_UTF8 = _document_rule(
    "not-utf8",
    "J007",
    Severity.ERROR,
    summary="The file is not valid UTF-8",
    explanation="""A file saved in another encoding (Latin-1, GBK, UTF-16) with non-ASCII label
    names does not load: AutoConfig.from_pretrained raises OSError ("... is not a valid JSON file")
    in transformers 5.23 and 4.57 (recorded: latin-1-file).""",
    bad='{"id2label": {"0": "n\\xe9gatif"}}  (Latin-1 byte E9)',
    good='{"id2label": {"0": "négatif"}}  (UTF-8 bytes C3 A9)',
)

LONE_SURROGATE = _document_rule(
    "lone-surrogate",
    "J008",
    Severity.WARNING,
    summary="A string holds a lone UTF-16 surrogate escape",
    explanation="""JSON may write a character outside the Basic Multilingual Plane as two escapes, a
    high surrogate then a low one ("\\ud83d\\ude00"). One of them alone ("\\ud800") is not a
    character: Python's json.loads accepts it, but the resulting string cannot be encoded as UTF-8
    (str.encode raises UnicodeEncodeError), so writing it to a UTF-8 file, log or database fails. It is usually text cut in the middle of a pair.
    configlint reads it as U+FFFD (the replacement character) so that its own reports stay writable.""",
    bad='{"id2label": {"0": "\\ud83d"}}',
    good='{"id2label": {"0": "\\ud83d\\ude00"}}',
)

RULES: tuple[Rule, ...] = (
    INVALID_JSON,
    DUPLICATE_KEY,
    NON_FINITE_NUMBER,
    UTF8_BOM,
    NOT_AN_OBJECT,
    EMPTY_FILE,
    NOT_UTF8,
    LONE_SURROGATE,
)
