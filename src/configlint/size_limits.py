"""The sizes configlint agrees to model: checked before any weight map is built.

The expected state dict (:mod:`configlint.architectures`) has one entry per tensor, so its size
grows with the number of encoder blocks: ``num_hidden_layers: 100000000`` asked for 1.6 billion
entries, and one audit was OOM-killed at 20.8 GB (issue 15). Dimensions only enter shapes as
numbers, but a dimension past any real model makes every later message and comparison about it
meaningless. So the load report and the V rules ask :func:`size_limit_problems` first, and a
config past a limit gets a finding that names the limit instead of a weight map. Everything here
is arithmetic on the config's integers (counts, never expansion); a number too large to print is
described by its number of digits, never converted with ``str``.

This module imports nothing heavier than the standard library, so a ``check`` without weights
can use it without loading the weight maps.
"""

import functools
from collections.abc import Callable
from typing import Any, NamedTuple

MAX_ENCODER_BLOCKS = 1_000
"""Encoder blocks (layers; ALBERT's groups × inner layers) configlint expands into expected tensors.
Real BERT-family checkpoints have at most a few dozen; 1,000 blocks are about 26,000 tensors."""

MAX_DIMENSION = 2**31 - 1
"""The largest size (vocabulary, width, heads, positions, labels...) configlint models. The biggest
real vocabularies are a few hundred thousand; below this bound the element count of any two-dimensional
tensor fits in 64 bits, as it must in a safetensors header."""


class SizeLimitProblem(NamedTuple):
    """One size past a limit: the field to point at and a sentence that names the limit."""

    field: str
    message: str


def describe_number(value: int, *, separators: bool = True) -> str:
    """``value`` as digits when short, else ``a 4,000-digit number`` (``str`` refuses past 4,300 digits).

    Arithmetic on a config's numbers (``count - 1``) can cross that limit, so a message that
    prints a computed number goes through here.
    """
    if value.bit_length() <= 64:
        return f"{value:,}" if separators else str(value)
    digits = len(str(value)) if value.bit_length() < 10_000 else int(value.bit_length() * 0.30103) + 1
    return f"a {digits:,}-digit number"


@functools.cache
def _limited_fields(family: str | None) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """A family's block fields (whose product is the number of encoder blocks in the state dict;
    ALBERT's num_hidden_layers only says how often the shared groups run) and dimension fields,
    from the family table, looked up once per family (None: no limits)."""
    from configlint.family_table import FAMILIES

    entry = FAMILIES.get(family or "")
    return (entry.block_fields, entry.dimension_fields) if entry is not None else None


def size_limit_problems(
    family: str | None, value: Callable[[str], Any], size: Callable[[str], Any] | None = None
) -> list[SizeLimitProblem]:
    """Every size of a ``family`` config past configlint's limits; ``value(name)`` gives a field's effective value.

    ``size(name)``, when given, is used for the dimension fields instead (the linter passes the file's
    own values there: no family default is near the limit). Non-integers and negative numbers are
    left to the type and range checks (S and V rules); an unknown family has no limits here.
    This runs on every config checked, so the common case (nothing past a limit) makes no call but
    ``value``/``size`` per field and builds no message.
    """
    limits = _limited_fields(family)
    if limits is None:
        return []
    fields, dimensions = limits
    problems = []
    counts = []
    for name in fields:
        count = value(name)
        if not isinstance(count, int) or isinstance(count, bool) or count < 0:
            break
        counts.append(count)
    else:
        if _product_exceeds(counts, MAX_ENCODER_BLOCKS):
            field = max(zip(counts, fields))[1]
            problems.append(SizeLimitProblem(field, (
                f"{' × '.join(fields)} is {' × '.join(describe_number(count) for count in counts)}, past configlint's "
                f"limit of {MAX_ENCODER_BLOCKS:,} encoder blocks; configlint does not build the expected weights of "
                "so deep a model, so the weight checks are skipped"
            )))  # fmt: skip
    size = size or value
    for name in dimensions:
        number = size(name)
        # A bool is an int, but never above the limit.
        if isinstance(number, int) and number > MAX_DIMENSION:
            problems.append(SizeLimitProblem(name, (
                f"{name} is {describe_number(number)}, past configlint's limit of {MAX_DIMENSION:,} for a size; "
                "no real model is that large, and configlint does not build the expected weights of one"
            )))  # fmt: skip
    return problems


def _product_exceeds(counts: list[int], limit: int) -> bool:
    """Whether the product of non-negative ``counts`` exceeds ``limit``, without computing a huge product."""
    if 0 in counts:
        return False
    product = 1
    for count in counts:
        product *= count
        if product > limit:
            return True
    return False


class SizeLimitError(Exception):
    """A config past :func:`size_limit_problems`' limits: configlint refuses to build its weight map.

    Not a :class:`~configlint.architectures.BuildError`: that one says what transformers raises,
    this one what configlint declines to do.
    """

    def __init__(self, problems: list[SizeLimitProblem]) -> None:
        self.problems = problems
        super().__init__(problems[0].message)
