"""ruff's select/ignore semantics over rule codes."""

from __future__ import annotations

import pytest

from configlint.errors import UsageError
from configlint.selection import Selection


@pytest.mark.parametrize(
    ("selection", "code", "default", "enabled"),
    [
        (Selection(), "J001", True, True),
        (Selection(), "X900", False, False),  # opt-in rules are off by default
        (Selection(select=("J",)), "F002", True, False),
        (Selection(select=("J",)), "J002", True, True),
        (Selection(select=("ALL",)), "F002", True, True),
        (Selection(select=("ALL",)), "X900", False, True),  # as in ruff, ALL is every rule, opt-in ones too
        (Selection(select=("X9",)), "X900", False, True),
        (Selection(extend_select=("X900",)), "X900", False, True),
        (Selection(ignore=("J",)), "J001", True, False),
        (Selection(select=("J001",), ignore=("J",)), "J001", True, True),  # more specific select wins
        (Selection(select=("J",), ignore=("J001",)), "J001", True, False),  # more specific ignore wins
        (Selection(select=("J",), ignore=("J",)), "J001", True, False),  # a tie goes to ignore
    ],
)
def test_enabled(selection: Selection, code: str, default: bool, enabled: bool) -> None:
    assert selection.enabled(code, default) is enabled


def test_per_file_extra_ignores() -> None:
    assert Selection().enabled("J001", True, extra_ignores=("J0",)) is False


def test_unknown_selector_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="'Q12'"):
        Selection(select=("Q12",)).validate(["J001", "F002"])
    with pytest.raises(UsageError, match=r"^pyproject.toml: unknown rule selector 'Q12'"):
        Selection(ignore=("Q12",)).validate(["J001"], source="pyproject.toml")
    Selection(select=("ALL", "J"), ignore=("F002",)).validate(["J001", "F002"])
