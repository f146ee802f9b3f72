"""M010: sizes no real config of the family has (issue 17 §2, "sizes implausible for the family").

transformers builds a model from any positive sizes, so nothing here raises; the rule says only
that a shape is unlike every real config configlint surveyed (scripts/record_real_sizes.py over
the real-world corpus, counts in :data:`configlint.rules.recorded_facts.REAL_CONFIG_SIZES`). It
checks two shapes that none of those configs has and that a swapped or mistyped value produces:
a feed-forward block narrower than the model (intermediate_size below hidden_size; DistilBERT's
hidden_dim below dim), and an ALBERT embedding_size not smaller than hidden_size (the factorised
embedding is the point of ALBERT). Conservative, so opt-in and info.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.recorded_facts import REAL_CONFIG_SIZES

_WIDTHS = {"distilbert": ("dim", "hidden_dim")}


def _widths(family: str) -> tuple[str, str]:
    return _WIDTHS.get(family, ("hidden_size", "intermediate_size"))


@rule(
    "M010",
    "implausible-sizes",
    Severity.INFO,
    summary="A size no real config of the family has: a feed-forward block narrower than the model, or an ALBERT embedding not smaller than hidden_size",
    explanation="""transformers builds these models without a word, so this is not an error. But
    every real config configlint surveyed (323 BERT, RoBERTa, DistilBERT and ALBERT configs from
    public repositories, see tests/fixtures/claims/realworld-sizes.json) has a feed-forward block at
    least as wide as the model (4 × hidden_size as a rule), and every ALBERT config an embedding_size
    smaller than hidden_size. A narrower intermediate_size is usually two values swapped or a digit
    lost; an ALBERT embedding_size of hidden_size gives up ALBERT's factorised embedding. Opt-in.""",
    bad='{"model_type": "bert", "hidden_size": 3072, "intermediate_size": 768}',
    good='{"model_type": "bert", "hidden_size": 768, "intermediate_size": 3072}',
    families=tuple(REAL_CONFIG_SIZES),
    default=False,
    evidence="tests/fixtures/claims/realworld-sizes.json (scripts/record_real_sizes.py): ffn_narrower 0 and embedding_not_smaller 0 in every family",
)
def implausible_sizes(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name
    if family is None or family not in REAL_CONFIG_SIZES:
        return
    surveyed = REAL_CONFIG_SIZES[family]
    hidden_key, ffn_key = _widths(family)
    hidden, ffn = ctx.int(hidden_key), ctx.int(ffn_key)
    if hidden and ffn and 0 < ffn < hidden and surveyed["ffn_narrower"] == 0:
        yield Finding(
            f"/{ffn_key}" if ffn_key in ctx.config else f"/{hidden_key}",
            f"{ffn_key} {ffn} is smaller than {hidden_key} {hidden}: none of the {surveyed['configs']} real {family} configs "
            f"configlint surveyed has a feed-forward block narrower than the model (4 × {hidden_key} as a rule); "
            "were the two values swapped?",
        )
    embedding = ctx.int("embedding_size")
    if family == "albert" and hidden and embedding and embedding >= hidden and surveyed.get("embedding_not_smaller") == 0:
        yield Finding(
            "/embedding_size" if "embedding_size" in ctx.config else f"/{hidden_key}",
            f"embedding_size {embedding} is not smaller than hidden_size {hidden}: all {surveyed['with_embedding_size']} "
            "real ALBERT configs configlint surveyed have a smaller one (ALBERT factorises the embedding)",
        )


RULES: tuple[Rule, ...] = (implausible_sizes,)
