"""The per-family rule matrix is what ``check`` really runs."""

from __future__ import annotations

import pytest

from configlint.engine import lint_mapping
from configlint.family_table import FAMILIES
from configlint.rule_families import family_matrix, rules_for
from configlint.rules import ALL_RULES, RULES_BY_CODE
from configlint.selection import Selection

# Dead TF-era pooler keys and a relative position type: P001 / D004 fire where they apply.
TRIGGERS = {"pooler_fc_size": 768, "pooler_num_attention_heads": 12, "position_embedding_type": "relative_key"}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_a_trait_rule_fires_exactly_on_the_families_the_matrix_lists(family: str) -> None:
    found = {d.code for d in lint_mapping({"model_type": family, **TRIGGERS}, selection=Selection(select=("ALL",)))}
    listed = {rule.code for rule in rules_for(ALL_RULES, family)}
    assert found <= listed
    for code in ("P001", "D004"):
        assert (code in found) == (code in listed), code


def test_the_matrix_has_a_row_for_every_rule_limited_to_some_families() -> None:
    rows = {line.split(" | ")[0].removeprefix("| ") for line in family_matrix(ALL_RULES) if line.startswith("| ")}
    limited = {rule.code for rule in ALL_RULES if rule.families is not None and not set(FAMILIES) <= rule.families}
    assert rows - {"rule"} == limited
    assert "P006" in limited and RULES_BY_CODE["P006"].families == frozenset({"distilbert"})


def test_an_unknown_family_is_refused() -> None:
    with pytest.raises(KeyError):
        rules_for(ALL_RULES, "gpt2")
