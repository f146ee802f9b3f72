"""What a rule is: a code, a name, an explanation with a bad and a good example, and a check.

Rules never print and never compute positions: a check yields :class:`Finding` objects that
name a JSON pointer, and the engine turns them into positioned diagnostics. This keeps rules
small, testable on plain dicts, and identical across every output format.
"""

from collections.abc import Callable, Iterable
from typing import NamedTuple

from configlint.context import LintContext
from configlint.diagnostics import Fix, Severity
from configlint.document import ConfigDocument

ALL_KINDS = ("model", "st-pooling", "st-modules")


class Finding(NamedTuple):
    """What a check reports; ``severity`` overrides the rule's default when a finding is worse or milder.

    A named tuple rather than a dataclass: every ``configlint check`` imports every rule module, and
    creating a dataclass costs about a tenth of a bare interpreter start (its methods are compiled
    from source at import); a named tuple costs a tenth of that and is as cheap to build per finding."""

    pointer: str
    message: str
    fix: Fix | None = None
    severity: Severity | None = None
    document: ConfigDocument | None = None
    """The file the pointer refers to, when it is not the config itself (e.g. ``1_Pooling/config.json``)."""
    position: tuple[int, int] | None = None
    """An explicit line and column, for findings that have no pointer (a JSON syntax error)."""


Check = Callable[[LintContext], Iterable[Finding]]


class Rule:
    """One rule. ``families`` limits it to some families (None: any BERT-family config).

    ``needs`` is ``"document"`` for rules that look at raw JSON problems and run even on files
    transformers cannot parse, ``"object"`` for rules on any JSON object, ``"config"`` for rules on
    a config of a recognised family, ``"folder"`` for rules that read files beside the config
    (sentence-transformers modules, weights) and so only run on files, not on ``lint_mapping``.
    ``default`` is False for opt-in rules (like ruff's rules outside the default selection).
    ``kinds``: which documents the rule reads: ``model`` configs, ``st-pooling`` or ``st-modules`` files.
    ``security``: a finding about a file that may attack its reader (an unsafe pickle, a lying header):
    per-file-ignores cannot silence it, only ``ignore``/``--ignore`` can.
    ``requires``: top-level keys of which the config must have at least one for the check to find
    anything (it reads nothing else first); the engine skips the rule without calling it on a config
    with none of them, a set test instead of a generator per rule and config. None: always called.
    ``problems_only``: the check reads nothing but the document's parse problems (the J rules); the
    engine skips it on a document read without any, as most are.
    ``siblings_only``: on a model config the check finds something only in the files beside it (the
    T rules read modules.json and the Pooling configs it names; on a Pooling config they read the
    document itself): the engine skips it on a model config that has no files beside it (linted from
    a mapping or a text), where every sibling it asked for would be absent.

    Rules are singletons compared by identity, which keeps hashing them cheap (the engine caches
    per tuple of rules). A plain class with slots, not a dataclass, for the import cost (see
    :class:`Finding`); nothing assigns to a rule after :func:`rule` built it.

    ``explanation`` and ``evidence`` are given as written in the rule's module (indented, wrapped)
    and read as one line each: the whitespace is folded on first read, not when the rule is built,
    since a check prints neither and folding the eighty rules' paragraphs cost about a third of a
    millisecond per pre-commit process.
    """

    __slots__ = (
        "code", "name", "severity", "summary", "_explanation", "bad", "good", "check", "fix", "families", "needs",
        "default", "_evidence", "kinds", "security", "requires", "problems_only", "siblings_only", "_folded",
    )  # fmt: skip

    def __init__(
        self,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        explanation: str,
        bad: str,
        good: str,
        check: Check,
        fix: str | None = None,
        families: frozenset[str] | None = None,
        needs: str = "config",
        default: bool = True,
        evidence: str = "",
        kinds: frozenset[str] = frozenset({"model"}),
        security: bool = False,
        requires: frozenset[str] | None = None,
        problems_only: bool = False,
        siblings_only: bool = False,
    ) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.summary = summary
        self._explanation = explanation
        self.bad = bad
        self.good = good
        self.check = check
        self.fix = fix
        self.families = families
        self.needs = needs
        self.default = default
        self._evidence = evidence
        self.kinds = kinds
        self.security = security
        self.requires = requires
        self.problems_only = problems_only
        self.siblings_only = siblings_only
        self._folded = False

    def _fold(self) -> None:
        self._explanation = " ".join(self._explanation.split())
        self._evidence = " ".join(self._evidence.split())
        self._folded = True

    @property
    def explanation(self) -> str:
        """What the rule checks and why, as one line (its whitespace folded)."""
        if not self._folded:
            self._fold()
        return self._explanation

    @property
    def evidence(self) -> str:
        """The recordings or sources the rule's claim rests on, as one line (its whitespace folded)."""
        if not self._folded:
            self._fold()
        return self._evidence

    def __repr__(self) -> str:
        return f"Rule({self.code} {self.name})"

    def applies_to(self, family: str | None) -> bool:
        return self.families is None or family in self.families


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    summary: str,
    explanation: str,
    bad: str,
    good: str,
    fix: str | None = None,
    families: Iterable[str] | None = None,
    needs: str = "config",
    default: bool = True,
    evidence: str = "",
    kinds: Iterable[str] = ("model",),
    security: bool = False,
    requires: Iterable[str] | None = None,
    problems_only: bool = False,
    siblings_only: bool = False,
) -> Callable[[Check], Rule]:
    """Decorator turning a check function into a :class:`Rule` value (no registration happens here)."""

    def wrap(check: Check) -> Rule:
        return Rule(
            code=code,
            name=name,
            severity=severity,
            summary=summary,
            explanation=explanation,
            bad=bad.strip("\n"),
            good=good.strip("\n"),
            check=check,
            fix=fix,
            families=frozenset(families) if families is not None else None,
            needs=needs,
            default=default,
            evidence=evidence,
            kinds=frozenset(kinds),
            security=security,
            requires=frozenset(requires) if requires is not None else None,
            problems_only=problems_only,
            siblings_only=siblings_only,
        )

    return wrap
