"""A shape mismatch names the config key that sizes the tensor, with the family table's own shape hints."""

from __future__ import annotations

from pathlib import Path

import pytest

from configlint.engine import lint_file
from configlint.selection import Selection

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"
W004 = Selection(select=("W004",))


@pytest.mark.parametrize(
    ("case", "pointer", "words"),
    [
        # ContextPooler's dense layer is pooler_hidden_size wide (12 here), not intermediate_size (also 12).
        ("deberta-v2-pooler-hidden-size-changed", "/pooler_hidden_size", "from pooler_hidden_size=12;"),
        # rel_embeddings has 2 × position_buckets rows: 12 rows from 6 buckets, not intermediate_size's 12; the
        # checkpoint's 8 rows are a size, so the message names the setting that builds them (4), not "says 8".
        (
            "deberta-v2-position-buckets-changed",
            "/position_buckets",
            "from position_buckets=6 × 2; position_buckets=4 would build the checkpoint's 8;",
        ),
        ("electra-embedding-size-changed", "/embedding_size", "from embedding_size=4;"),
    ],
)
def test_the_mismatch_names_the_key_the_recorded_case_changed(case: str, pointer: str, words: str) -> None:
    [finding] = lint_file(FIXTURES / case / "config.json", selection=W004)
    assert finding.pointer == pointer and words in finding.message


def test_a_build_error_that_is_no_tied_weight_comparison_is_not_blamed_on_ties() -> None:
    """ELECTRA's summary_type "attn" raises NotImplementedError at build (recorded); Y004 says why, W004 keeps quiet."""
    assert lint_file(FIXTURES / "electra-summary-type-attn" / "config.json", selection=W004) == []
