"""M rules about the decoder flags: is_decoder and add_cross_attention on BERT and RoBERTa.

Both flags are read by BERT's and RoBERTa's modelling code (recorded: a masked-LM head with
is_decoder true gives other outputs than the same model without it, and add_cross_attention
without is_decoder raises when the model is built). DistilBERT and ALBERT have no such code.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.family_table import FAMILIES, families_with
from configlint.rules.base import Finding, Rule, rule


@rule(
    "M008",
    "cross-attention-without-decoder",
    Severity.ERROR,
    summary="add_cross_attention is true but is_decoder is not: building the model raises",
    explanation="""Cross-attention layers attend to an encoder's output, which only a decoder has.
    Recorded with transformers 5.23 and 4.57: BertModel and RobertaModel raise ValueError when built
    from a config with add_cross_attention true and is_decoder false ("should be used as a decoder
    model if cross attention is added"); with both true the model builds.""",
    bad='{"model_type": "bert", "add_cross_attention": true}',
    good='{"model_type": "bert", "add_cross_attention": true, "is_decoder": true}',
    families=families_with("decoder"),
    evidence="cases add-cross-attention-without-decoder, add-cross-attention-without-decoder-roberta (ValueError at build), add-cross-attention-with-decoder (builds)",
    requires=("add_cross_attention",),
)
def cross_attention_without_decoder(ctx: LintContext) -> Iterator[Finding]:
    if ctx.config.get("add_cross_attention") is True and ctx.config.get("is_decoder") is not True:
        yield Finding(
            "/add_cross_attention",
            f"add_cross_attention is true but is_decoder is not; building {FAMILIES[ctx.family.family or 'bert'].base_class} "
            "raises ValueError in transformers 5.23 and 4.57 (recorded)",
        )


@rule(
    "M009",
    "decoder-masked-lm",
    Severity.WARNING,
    summary="is_decoder is true on a masked-LM head",
    explanation="""is_decoder makes BERT and RoBERTa layers use a causal attention mask. On a
    *ForMaskedLM class, recorded with transformers 5.23 and 4.57, the outputs differ from those of the
    same weights with is_decoder false, so a masked-LM checkpoint no longer predicts what it was
    trained to. transformers' causal-LM classes are BertLMHeadModel and RobertaForCausalLM.""",
    bad='{"model_type": "bert", "architectures": ["BertForMaskedLM"], "is_decoder": true}',
    good='{"model_type": "bert", "architectures": ["BertForMaskedLM"]}',
    families=families_with("decoder"),
    evidence="case is-decoder-masked-lm (digest differs from baseline-bert-BertForMaskedLM in 5.23.0 and 4.57.6)",
    requires=("is_decoder",),
)
def decoder_masked_lm(ctx: LintContext) -> Iterator[Finding]:
    if ctx.config.get("is_decoder") is True and ctx.architectures and ctx.architectures[0].endswith("ForMaskedLM"):
        yield Finding(
            "/is_decoder",
            f"is_decoder is true on {ctx.architectures[0]}: its outputs differ from the same model with is_decoder false "
            "(recorded: is-decoder-masked-lm)",
        )


RULES: tuple[Rule, ...] = (cross_attention_without_decoder, decoder_masked_lm)
