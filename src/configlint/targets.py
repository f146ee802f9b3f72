"""Which library versions a check speaks for: ``target-transformers`` and ``target-sentence-transformers``.

transformers 4.x and 5.x build different models from some configs (4.x prunes ``pruned_heads``
and builds relative position embeddings; 5.x ignores both), so a rule whose claim depends on the
version states it for the target. Facts are recorded per major version (scripts/record_claims.py,
tests/fixtures/claims/), so a target is a major: "4.57" and "4" both mean the recorded 4.x. The
default is the current majors, transformers 5 and sentence-transformers 6.

This module is imported by every check: it must stay cheap (no pydantic, no recorded tables).
"""

import re
from typing import NamedTuple

from configlint.errors import UsageError

TRANSFORMERS_MAJORS = (5, 4)
"""Majors with recorded facts, newest (the default target) first."""
SENTENCE_TRANSFORMERS_MAJORS = (6, 5)

_VERSION = r"(\d{1,3})(?:\.\d{1,4}){0,2}"  # compiled by ``re`` on first use: only a --target-* or setting asks


class Targets(NamedTuple):
    """The majors a check speaks for (hashable: it is part of the rule selection's cache key). A named
    tuple, not a dataclass: every check imports this, and creating a dataclass costs about a tenth of a
    bare interpreter start."""

    transformers: int = TRANSFORMERS_MAJORS[0]
    sentence_transformers: int = SENTENCE_TRANSFORMERS_MAJORS[0]

    def with_overrides(self, transformers: int | None = None, sentence_transformers: int | None = None) -> "Targets":
        """These targets with the command line's on top (None: keep the setting)."""
        return Targets(
            transformers=self.transformers if transformers is None else transformers,
            sentence_transformers=self.sentence_transformers if sentence_transformers is None else sentence_transformers,
        )


DEFAULT_TARGETS = Targets()


def parse_major(value: object, library: str, source: str) -> int:
    """The major of "4", "4.57", "5.23.0" (or a TOML number 4 / 4.57) for ``library``; anything else is refused.

    ``source`` names where the value came from (a settings file, ``--target-transformers``)."""
    majors = TRANSFORMERS_MAJORS if library == "transformers" else SENTENCE_TRANSFORMERS_MAJORS
    text = str(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""
    match = re.fullmatch(_VERSION, text.strip())
    if match is None or int(match.group(1)) not in majors:
        choices = " or ".join(f"{major}.x" for major in sorted(majors))
        example = "4.57" if library == "transformers" else "5.7"
        raise UsageError(
            f'{source}: target-{library} must be a {library} {choices} version such as "{majors[0]}" or "{example}" '
            f"(configlint has recorded facts for those majors only), got {value!r}"
        )
    return int(match.group(1))
