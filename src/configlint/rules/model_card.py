"""T008: a Pooling config that disagrees with the model card sentence-transformers wrote.

When sentence-transformers saves a model it writes README.md with a "Full Model Architecture"
block, the printed model, whose Pooling line shows the pooling the model was saved with (recorded
with 6.3 and 5.7: cases st-card-cls, st-card-mean; older versions print the legacy
``pooling_mode_*_token`` flags the same way). SentenceTransformer, though, pools as
``1_Pooling/config.json`` says. When the two disagree (typically a mean-pooling config on a model
saved, and so trained and evaluated, with CLS), the embeddings are not the card's. Only what the
folder shows is claimed: no card, no Pooling line or an unreadable one, and nothing is said.

The card is read through the context's files (local folders only, so a Hub check costs no extra
request), at most :data:`MAX_CARD_BYTES`, and the Pooling line is parsed as a Python literal
with :func:`ast.literal_eval` (which evaluates nothing), length-capped first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.sentence_transformers import pooling_documents, pooling_modes

CARD = "README.md"
MAX_CARD_BYTES = 1 << 20
MAX_POOLING_REPR = 2000
_POOLING_LINE = re.compile(r"Pooling\((\{[^{}\n]{0," + str(MAX_POOLING_REPR) + r"}\})\)")


def _card_text(ctx: LintContext) -> str | None:
    """README.md beside the config, as text; None when absent, too long, unreadable or not local."""
    if ctx.folder is None or ctx.files is None or not ctx.files.has(CARD):
        return None
    from configlint.errors import ConfiglintError

    try:
        data = ctx.files.read_bytes(CARD, MAX_CARD_BYTES)
    except (ConfiglintError, OSError):
        return None
    return data.decode("utf-8", errors="replace")


def card_pooling(text: str) -> tuple[str, ...] | None:
    """The pooling modes the card's Full Model Architecture block shows, or None if it shows none readable."""
    start = text.find("Full Model Architecture")
    if start < 0:
        return None
    match = _POOLING_LINE.search(text, start)
    if match is None:
        return None
    import ast

    try:
        shown: Any = ast.literal_eval(match.group(1))
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if not isinstance(shown, dict) or not any(str(key).startswith("pooling_mode") for key in shown):
        return None  # a Pooling line that names no mode: what it defaulted to is not shown
    return pooling_modes(shown)


@rule(
    "T008",
    "st-pooling-differs-from-model-card",
    Severity.WARNING,
    summary="1_Pooling/config.json pools differently from the model card sentence-transformers wrote",
    explanation="""sentence-transformers writes README.md when it saves a model; its "Full Model
    Architecture" block prints the model, Pooling line included (recorded with 6.3 and 5.7: a CLS
    model's card shows 'pooling_mode': 'cls'). SentenceTransformer pools as 1_Pooling/config.json
    says, not as the card does. When they disagree, most often a mean-pooling config on a model that
    was saved with CLS pooling, the embeddings are not those of the model the card describes (and
    whose scores it reports). configlint claims only what the folder shows: without a card, or with
    a card that prints no Pooling module, nothing is reported.""",
    bad='README.md: "(1): Pooling({\'word_embedding_dimension\': 768, \'pooling_mode_cls_token\': True, ...})"; 1_Pooling/config.json: {"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}',
    good='README.md: "(1): Pooling({\'word_embedding_dimension\': 768, \'pooling_mode_cls_token\': True, ...})"; 1_Pooling/config.json: {"word_embedding_dimension": 768, "pooling_mode_cls_token": true}',
    needs="folder",
    evidence="cases st-card-cls, st-card-mean (the card written on save shows the Pooling mode), st-baseline-cls, st-baseline-mean (SentenceTransformer pools as 1_Pooling/config.json says)",
)
def st_pooling_differs_from_model_card(ctx: LintContext) -> Iterator[Finding]:
    documents = pooling_documents(ctx)
    if not documents:
        return
    text = _card_text(ctx)
    shown = card_pooling(text) if text is not None else None
    if shown is None:
        return
    document = documents[0]
    configured = pooling_modes(document.mapping)
    if set(configured) == set(shown):
        return
    legacy = [key for key, value in document.mapping.items() if key.startswith("pooling_mode_") and value is True]
    pointer = "/pooling_mode" if "pooling_mode" in document.mapping else f"/{legacy[0]}" if legacy else ""
    yield Finding(
        pointer,
        f"pools with {', '.join(configured)} but README.md's Full Model Architecture, written by sentence-transformers "
        f"when the model was saved, shows Pooling with {', '.join(shown)}; SentenceTransformer uses this file, so the "
        "embeddings are not those the card describes (recorded: st-card-cls, st-baseline-mean)",
        document=document,
    )


RULES: tuple[Rule, ...] = (st_pooling_differs_from_model_card,)
