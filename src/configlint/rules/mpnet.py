"""X rules: what MPNet's modelling code does with its own keys, where no family trait says it.

MPNet looks like RoBERTa in a config (pad id 1, 514 positions) but its code differs in two ways
recorded in ``tests/fixtures/transformers/mpnet-cases.json`` (``scripts/record_mpnet_cases.py``,
transformers 5.23): ``MPNetEmbeddings`` pads row 1 and numbers positions from 2 whatever
``pad_token_id`` says, and the encoder computes 32 relative-position buckets whatever
``relative_attention_num_buckets`` says (the key only sizes the bias table).
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import Finding, Rule, rule
from configlint.size_limits import MAX_DIMENSION

BUCKETS_USED = 32
"""``MPNetEncoder.compute_position_bias`` calls the bucket function with its default ``num_buckets=32``."""
PADDING_IDX = 1
"""``MPNetEmbeddings.padding_idx``, a constant in the modelling code."""
CASES = "tests/fixtures/transformers/mpnet-cases.json"


@rule(
    "X001",
    "mpnet-too-few-relative-buckets",
    Severity.ERROR,
    summary="MPNet's relative_attention_num_buckets is below the 32 buckets its attention looks up",
    explanation="""relative_attention_num_buckets sizes MPNet's relative_attention_bias table, but the
    encoder maps token distances to 32 buckets whatever the key says. With fewer rows the lookup runs
    past the table: recorded with transformers 5.23, 31 buckets run on 4 tokens and raise IndexError
    on 150 (bucket 31 is reached at a distance of 128), 16 and 6 buckets raise on 4 tokens, while 32
    and 40 run.""",
    bad='{"model_type": "mpnet", "relative_attention_num_buckets": 16}',
    good='{"model_type": "mpnet", "relative_attention_num_buckets": 32}',
    families=("mpnet",),
    evidence=f"{CASES} mpnet-buckets-31-150-tokens (IndexError), mpnet-buckets-32-150-tokens (runs); families.json experiments relative_attention_num_buckets 16, 6 (IndexError), 32, 40 (run)",
    requires=("relative_attention_num_buckets",),
)
def too_few_relative_buckets(ctx: LintContext) -> Iterator[Finding]:
    buckets = ctx.int("relative_attention_num_buckets")
    if "relative_attention_num_buckets" in ctx.config and buckets is not None and 0 <= buckets < BUCKETS_USED:
        yield Finding(
            "/relative_attention_num_buckets",
            f"relative_attention_num_buckets {buckets}: MPNet's attention looks up {BUCKETS_USED} buckets whatever this key says, "
            f"so the forward pass raises IndexError once two tokens fall in a bucket past {buckets - 1} "
            "(recorded: mpnet-buckets-31-150-tokens)",
        )


@rule(
    "X002",
    "mpnet-pad-token-id-unread",
    Severity.INFO,
    summary="MPNet's embeddings pad row 1 whatever pad_token_id says",
    explanation="""MPNetEmbeddings builds both embedding tables with padding row 1 and skips id 1 when
    it numbers positions; it never reads pad_token_id. Recorded with transformers 5.23: pad_token_id 0
    builds padding rows 1 and gives the same outputs as the default 1. A pad_token_id other than 1
    only tells tokenizer and collator code which id pads, and if that id is really used for padding,
    MPNet numbers those tokens as if they were text.""",
    bad='{"model_type": "mpnet", "pad_token_id": 0}',
    good='{"model_type": "mpnet", "pad_token_id": 1}',
    families=("mpnet",),
    evidence=f"{CASES} mpnet-pad-token-id-0 (padding rows 1, digest of mpnet-pad-baseline); families.json: no MPNet class reads pad_token_id",
    requires=("pad_token_id",),
)
def pad_token_id_unread(ctx: LintContext) -> Iterator[Finding]:
    pad = ctx.config.get("pad_token_id")
    if isinstance(pad, int) and not isinstance(pad, bool) and pad != PADDING_IDX:
        yield Finding(
            "/pad_token_id",
            f"pad_token_id {pad} is not read by MPNet's model code: its embeddings pad row {PADDING_IDX} and number positions "
            f"after id {PADDING_IDX} whatever this key says (recorded: mpnet-pad-token-id-0 gives the outputs of pad 1)",
        )


@rule(
    "X003",
    "mpnet-position-offset",
    Severity.WARNING,
    summary="MPNet's max_position_embeddings leaves no room for its position offset of 2",
    explanation="""MPNet numbers positions from 2 (padding row 1, plus one), whatever pad_token_id says,
    so max_position_embeddings P fits P - 2 tokens. Published MPNet checkpoints use 514 to fit 512; a
    config saying 512 fits 510, and a tokenizer truncating at 512 makes the position lookup fail.
    Recorded with transformers 5.23: with 22 positions, 20 tokens run and 21 raise IndexError.""",
    bad='{"model_type": "mpnet", "max_position_embeddings": 512}',
    good='{"model_type": "mpnet", "max_position_embeddings": 514}',
    families=("mpnet",),
    evidence=f"{CASES} mpnet-positions-20-tokens (runs), mpnet-positions-21-tokens (IndexError), max_position_embeddings 22",
    requires=("max_position_embeddings",),
)
def position_offset(ctx: LintContext) -> Iterator[Finding]:
    positions = ctx.int("max_position_embeddings")
    if "max_position_embeddings" not in ctx.config or positions is None or not 0 < positions <= MAX_DIMENSION:
        return
    # A power of two means the author sized it for a sequence length and forgot the offset (as M002 for RoBERTa).
    if positions & (positions - 1) == 0:
        offset = PADDING_IDX + 1
        yield Finding(
            "/max_position_embeddings",
            f"MPNet positions start at {offset}, so max_position_embeddings {positions} fits only {positions - offset} tokens; "
            f"use {positions + offset} for {positions} (recorded: mpnet-positions-21-tokens raises with 22 positions)",
        )


RULES: tuple[Rule, ...] = (too_few_relative_buckets, pad_token_id_unread, position_offset)
