"""A shape mismatch names the config key behind it, for the sizes only one family has too."""

from __future__ import annotations

from pathlib import Path

from configlint.engine import lint_file
from configlint.selection import Selection

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"


def test_mpnet_relative_attention_buckets_mismatch_points_at_its_key() -> None:
    """Recorded: relative_attention_num_buckets 40 against a checkpoint of 32 buckets (mpnet-buckets-changed)."""
    [w004] = [d for d in lint_file(FIXTURES / "mpnet-buckets-changed" / "config.json", selection=Selection(select=("W004",)))]
    assert w004.pointer == "/relative_attention_num_buckets"
    assert "from relative_attention_num_buckets=40; the checkpoint says 32" in w004.message
