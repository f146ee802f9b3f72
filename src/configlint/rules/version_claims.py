"""Claims that differ between library majors, stated for the target (``target-transformers``).

transformers 4.57 and 5.23 build different models from some configs (recorded by
scripts/record_claims.py; each case's outcome per version is in
:data:`configlint.rules.recorded_facts.CASE_OUTCOMES`). A rule whose finding depends on that
says what the *target* major does first, then what the other recorded major does, and may be
milder for a target where the config works. One table serves the messages, ``configlint rule
CODE``'s "Versions" section and the docs, so the three cannot disagree; tests/rules/test_claims.py
checks each phrase against the recordings.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import NamedTuple

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.recorded_facts import SENTENCE_TRANSFORMERS_VERSIONS, TRANSFORMERS_VERSIONS

_SAME_SEVERITY: Mapping[int, Severity] = {}


class VersionClaim(NamedTuple):
    """What each major does (a phrase that follows "transformers 5.23", with ``{name}`` fields a rule fills in).
    A named tuple rather than a dataclass, for the import cost of every check."""

    by_major: Mapping[int, str]
    cases: tuple[str, ...]
    """The recorded cases that show it."""
    severity: Mapping[int, Severity] = _SAME_SEVERITY
    """A severity per target major, where it differs from the rule's."""
    library: str = "transformers"


VERSION_CLAIMS: dict[str, VersionClaim] = {
    "S001": VersionClaim(
        {
            5: "builds the model with this string, then the forward pass raises TypeError",
            4: "builds and runs the model with it (the forward pass did not raise)",
        },
        ("output-hidden-states-string",),
        severity={4: Severity.WARNING},
    ),
    "F002": VersionClaim(
        {
            5: "AutoConfig raises ValueError (Unrecognized model) on a config without model_type, whatever the folder is called",
            4: "AutoConfig loads it only when the folder's path names a model type (bert-base-x loaded as BERT), "
            "else raises ValueError (Unrecognized model)",
        },
        ("no-model-type-plain-folder", "no-model-type-bert-folder", "no-model-type-roberta-sizes"),
    ),
    "D004": VersionClaim(
        {
            5: "ignores position_embedding_type {value!r}: the model uses absolute positions (outputs identical to "
            "the case without it) and distance_embedding weights are not used",
            4: "builds relative position embeddings (distance_embedding) for it",
        },
        ("relative-key-position",),
        severity={4: Severity.INFO},
    ),
    "D006": VersionClaim(
        {
            5: "ignores pruned_heads and builds every head",
            4: "prunes these attention heads when it builds the model",
        },
        ("pruned-heads",),
        severity={4: Severity.INFO},
    ),
    "L001": VersionClaim(
        {
            5: "keeps num_labels {count}, sizes the head by it and renames the labels LABEL_0…LABEL_{last}: the real names are lost",
            4: "keeps id2label and builds {labels} outputs (num_labels is not used)",
        },
        ("num-labels-disagrees",),
        severity={4: Severity.WARNING},
    ),
    "L004": VersionClaim(
        {5: "accepts it without a word", 4: "refuses to load the config (ValueError)"},
        ("problem-type-typo",),
    ),
    "L005": VersionClaim(
        {5: "refuses to load this config (ValueError)", 4: "builds a one-output head"},
        ("single-label-one-label",),
        severity={4: Severity.WARNING},
    ),
    "V004": VersionClaim(
        {5: "initialises new weights as with the default 0.02", 4: "initialises new weights to zero"},
        ("initializer-range-zero",),
        severity={5: Severity.INFO},
    ),
}
"""Rule code -> its version-dependent claim."""


def recorded_versions(library: str) -> tuple[str, ...]:
    """Recorded versions of ``library``, newest first."""
    return TRANSFORMERS_VERSIONS if library == "transformers" else SENTENCE_TRANSFORMERS_VERSIONS


@functools.cache
def short_version(library: str, major: int) -> str:
    """The recorded version of ``major`` as "5.23"."""
    version = next(v for v in recorded_versions(library) if int(v.split(".")[0]) == major)
    return ".".join(version.split(".")[:2])


def target_of(ctx: LintContext, library: str) -> int:
    return ctx.targets.transformers if library == "transformers" else ctx.targets.sentence_transformers


def stated(ctx: LintContext, code: str, **values: object) -> str:
    """The claim for the target major first, then the other recorded majors:
    "transformers 5.23 (the target) ignores ...; 4.57 prunes ..."."""
    claim = VERSION_CLAIMS[code]
    target = target_of(ctx, claim.library)
    return _stated(code, target, **values) if values else _stated_plain(code, target)


@functools.cache
def _stated_plain(code: str, target: int) -> str:
    """:func:`stated` of a claim without placeholders: the same sentence for every config, built once per target."""
    return _stated(code, target)


def _stated(code: str, target: int, **values: object) -> str:
    claim = VERSION_CLAIMS[code]
    others = [major for major in claim.by_major if major != target]
    text = f"{claim.library} {short_version(claim.library, target)} (the target) {claim.by_major[target].format(**values)}"
    return text + "".join(f"; {short_version(claim.library, m)} {claim.by_major[m].format(**values)}" for m in others)


def said_by(code: str, major: int, **values: object) -> str:
    """What one major does, as "transformers 5.23 ignores pruned_heads ..." (for the v5 migration's notes)."""
    claim = VERSION_CLAIMS[code]
    return f"{claim.library} {short_version(claim.library, major)} {claim.by_major[major].format(**values)}"


def severity_for(ctx: LintContext, code: str) -> Severity | None:
    """The finding's severity for the target major (None: the rule's own)."""
    claim = VERSION_CLAIMS[code]
    return claim.severity.get(target_of(ctx, claim.library))
