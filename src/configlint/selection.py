"""Which rules run: ruff's ``select``/``extend-select``/``ignore`` semantics over rule codes.

A selector is a code prefix (``P``, ``P0``, ``P001``) or ``ALL``. When both a select and an
ignore selector match a code, the more specific (longer) one wins; at equal length, ignore wins.
Without ``select`` the default set runs: every rule except the opt-in ones (``Rule.default``
False), which run only when a selector names them, a prefix of them, or ``ALL`` (as in ruff,
``--select ALL`` means every rule).

The selection also carries the :class:`~configlint.targets.Targets` (the transformers and
sentence-transformers majors the findings speak for): every entry point (CLI, API, audit, Hub)
already passes a selection to the engine, which hands the targets to the rules' context.
"""

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from configlint.errors import UsageError
from configlint.targets import DEFAULT_TARGETS, Targets


def _specificity(selector: str, code: str) -> int:
    """Length of the match, -1 when ``selector`` does not match ``code``. ``ALL`` matches at 0."""
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


class Selection(NamedTuple):
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    targets: Targets = DEFAULT_TARGETS
    """The library majors rules state their version-dependent claims for."""

    def validate(self, known_codes: Iterable[str], source: str | None = None) -> None:
        """Reject selectors that match no rule, as ruff does, so typos do not silently disable checks.
        ``source`` (a settings file) is named in the message."""
        codes = list(known_codes)
        selectors = [*(self.select or ()), *self.extend_select, *self.ignore]
        selectors += [code for _, group in self.per_file_ignores for code in group]
        for selector in selectors:
            if selector != "ALL" and not any(code.startswith(selector) for code in codes):
                where = f"{source}: " if source else ""
                raise UsageError(f"{where}unknown rule selector {selector!r} (see `configlint rules`)")

    def enabled(self, code: str, default: bool, extra_ignores: Sequence[str] = ()) -> bool:
        chosen = -1
        if self.select is None:
            chosen = 0 if default else -1
            selectors: Sequence[str] = self.extend_select
        else:
            selectors = [*self.select, *self.extend_select]
        for selector in selectors:
            chosen = max(chosen, _specificity(selector, code))
        if chosen < 0:
            return False
        for selector in [*self.ignore, *extra_ignores]:
            if _specificity(selector, code) >= chosen:
                return False
        return True
