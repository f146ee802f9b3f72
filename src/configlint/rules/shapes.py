"""M rules: sizes and ids that must fit together for the model to be built and run.

Facts checked by building tiny models with transformers 5.23: BERT/RoBERTa raise ValueError
when hidden_size is not a multiple of num_attention_heads (unless the config has an
``embedding_size`` attribute, which skips the check and fails at the first forward pass);
ALBERT always has ``embedding_size``, so it fails at the first forward pass; DistilBERT raises.
RoBERTa numbers positions from ``pad_token_id + 1``, so only
``max_position_embeddings - pad_token_id - 1`` tokens fit. A ``pad_token_id`` outside the
vocabulary makes ``nn.Embedding(padding_idx=...)`` raise.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Edit, Fix, Severity
from configlint.document import join_pointer
from configlint.family_table import families_with
from configlint.rules.base import Finding, Rule, rule
from configlint.size_limits import MAX_DIMENSION


def _width_keys(ctx: LintContext) -> tuple[str, str]:
    return ("dim", "n_heads") if ctx.family.family == "distilbert" else ("hidden_size", "num_attention_heads")


@rule(
    "M001",
    "heads-do-not-divide",
    Severity.ERROR,
    summary="The hidden size is not a multiple of the number of attention heads",
    explanation="""Each head gets hidden_size / num_attention_heads dimensions. transformers raises
    ValueError when building BERT, RoBERTa and DistilBERT models with a remainder; ALBERT (and a BERT
    config that carries an embedding_size key) skips that check and fails with a shape error at the
    first forward pass instead.""",
    bad='{"model_type": "bert", "hidden_size": 100, "num_attention_heads": 12}',
    good='{"model_type": "bert", "hidden_size": 96, "num_attention_heads": 12}',
    evidence="modeling_bert.py BertSelfAttention.__init__; modeling_distilbert.py DistilBertSelfAttention",
)
def heads_do_not_divide(ctx: LintContext) -> Iterator[Finding]:
    width_key, heads_key = _width_keys(ctx)
    width, heads = ctx.int(width_key), ctx.int(heads_key)
    if width is None or heads is None or heads <= 0 or width % heads == 0:
        return
    skips_check = ctx.family.family == "albert" or "embedding_size" in ctx.config
    when = "the first forward pass fails with a shape error" if skips_check else "building the model raises ValueError"
    pointer = f"/{heads_key}" if heads_key in ctx.config else f"/{width_key}" if width_key in ctx.config else ""
    yield Finding(pointer, f"{width_key} {width} is not a multiple of {heads_key} {heads}; {when}")


def _display(ctx: LintContext) -> str:
    entry = ctx.family_entry
    return entry.display if entry is not None else "RoBERTa"


@rule(
    "M002",
    "roberta-position-offset",
    Severity.WARNING,
    summary="max_position_embeddings leaves no room for RoBERTa's padding offset",
    explanation="""RoBERTa (and XLM-RoBERTa, CamemBERT) number positions from pad_token_id + 1 (2 with
    the usual pad id 1), so a model with max_position_embeddings P accepts only P - pad_token_id - 1
    tokens. Pretrained RoBERTa checkpoints use 514 to fit 512 tokens; a config saying 512 fits 510,
    and a tokenizer truncating at 512 makes the forward pass raise. Recorded with 22 positions and
    pad id 1: 20 tokens run, 21 raise RuntimeError in transformers 5.23 and IndexError in 4.57.""",
    bad='{"model_type": "roberta", "max_position_embeddings": 512, "pad_token_id": 1}',
    good='{"model_type": "roberta", "max_position_embeddings": 514, "pad_token_id": 1}',
    families=families_with("padded-positions"),
    evidence="tests/fixtures/transformers/trait-cases-5.23.0.json and -4.57.6.json (longest_input_pad_1, one_more_raises_pad_1)",
)
def roberta_position_offset(ctx: LintContext) -> Iterator[Finding]:
    positions, pad = ctx.int("max_position_embeddings"), ctx.int("pad_token_id")
    if "max_position_embeddings" not in ctx.config or positions is None or pad is None or positions <= 0:
        return
    if positions > MAX_DIMENSION or abs(pad) > MAX_DIMENSION:
        return  # V005's business; the sums below could pass int()'s printable digit limit
    usable = positions - pad - 1
    # A power of two means the author sized it for a sequence length and forgot the offset.
    if positions & (positions - 1) == 0:
        yield Finding(
            "/max_position_embeddings",
            f"{_display(ctx)} positions start at pad_token_id + 1 = {pad + 1}, so max_position_embeddings {positions} fits only "
            f"{usable} tokens; use {positions + pad + 1} for {positions}",
        )


@rule(
    "M003",
    "token-id-out-of-vocabulary",
    Severity.ERROR,
    summary="A special token id is outside the vocabulary",
    explanation="""Token ids index the embedding matrix of vocab_size rows. Recorded with torch 2.13
    and transformers 5.23/4.57: a pad_token_id of vocab_size or more, or below -vocab_size, makes
    building the model raise (AssertionError: padding_idx must be within num_embeddings); a negative
    one down to -vocab_size builds, and torch counts it from the end (-1 makes row vocab_size - 1 the
    padding row), which is reported as a warning. Other ids (bos, eos, sep, cls) outside the
    vocabulary build and run; no token of the vocabulary has that id (warning). MPNet's embeddings
    pad row 1 whatever pad_token_id says (recorded: mpnet-build-pad-token-id-out-of-vocab builds),
    so there pad_token_id is a warning like the other ids.""",
    bad='{"model_type": "bert", "vocab_size": 21128, "pad_token_id": 30000}',
    good='{"model_type": "bert", "vocab_size": 21128, "pad_token_id": 0}',
    evidence="cases pad-token-id-99, pad-token-id-150, pad-token-id--100 (raise at build), pad-token-id--1, pad-token-id--99 (build), eos-token-id-out-of-vocab (builds and runs)",
)
def token_id_out_of_vocabulary(ctx: LintContext) -> Iterator[Finding]:
    vocab = ctx.int("vocab_size")
    if vocab is None or vocab <= 0:
        return
    entry = ctx.family_entry
    padding_key = entry.padding_idx_key if entry is not None else "pad_token_id"  # MPNet pads a constant row
    # Most configs have a few token ids, all in the vocabulary: a comprehension picks them, the loop
    # below only runs its checks for an id that is out of range.
    token_keys = [(key, value) for key, value in ctx.config.items() if key.endswith("_token_id")]
    if padding_key == "pad_token_id" and padding_key not in ctx.config:
        default = ctx.value(padding_key)  # the config class's default applies (ModernBERT's is 50283)
        if type(default) is int and not -vocab <= default < vocab:
            display = entry.display if entry is not None else "the family"
            yield Finding(
                "/vocab_size",
                f"vocab_size {vocab} has no row for {display}'s default pad_token_id {default} (the file sets none); "
                "building the model raises (padding_idx out of range; recorded: pad-token-id-99)",
            )
    for key, value in token_keys:
        if type(value) is int and 0 <= value < vocab:
            continue
        ids = value if isinstance(value, list) else [value]
        for token in ids:
            if isinstance(token, int) and not isinstance(token, bool) and not 0 <= token < vocab:
                fatal = key == padding_key and not -vocab <= token < vocab
                if fatal:
                    consequence = "building the model raises (padding_idx out of range; recorded: pad-token-id-99)"
                elif key == padding_key:
                    consequence = f"torch takes it as row {vocab + token}, counted from the end (recorded: pad-token-id--1)"
                else:
                    consequence = "no token of the vocabulary has this id (recorded: eos-token-id-out-of-vocab builds)"
                yield Finding(
                    join_pointer("", key),
                    f"{key} {token} is outside the vocabulary (0…{vocab - 1}); {consequence}",
                    severity=None if fatal else Severity.WARNING,
                )


@rule(
    "M004",
    "roberta-special-tokens",
    Severity.WARNING,
    summary="RoBERTa special token ids differ from the RoBERTa vocabulary's",
    explanation="""RoBERTa's byte-level BPE vocabulary puts <s>=0, <pad>=1, </s>=2. RoBERTa numbers
    positions from pad_token_id + 1, so another pad_token_id changes the outputs of the same weights
    (recorded: roberta-pad-zero); bos_token_id and eos_token_id do not enter the forward pass
    (recorded: roberta-bos-101 gives the baseline's outputs) but tell generation and tokenizer code
    which tokens bound a sequence. Check the tokenizer really differs from RoBERTa's.""",
    bad='{"model_type": "roberta", "pad_token_id": 0, "bos_token_id": 101}',
    good='{"model_type": "roberta", "pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2}',
    families=families_with("padded-positions", "roberta-special-tokens"),
    evidence="cases roberta-pad-zero (digest differs from baseline-roberta-RobertaModel), roberta-bos-101 (same digest)",
    requires=("pad_token_id", "bos_token_id", "eos_token_id"),
)
def roberta_special_tokens(ctx: LintContext) -> Iterator[Finding]:
    expected = {"pad_token_id": 1, "bos_token_id": 0, "eos_token_id": 2}
    wrong = [
        key for key, value in expected.items() if key in ctx.config and ctx.config[key] != value and ctx.config[key] is not None
    ]
    if wrong:
        shown = ", ".join(f"{key} {ctx.config[key]} ({_display(ctx)}: {expected[key]})" for key in wrong)
        effect = (
            "positions are numbered from pad_token_id + 1, so the outputs change"
            if "pad_token_id" in wrong
            else "the forward pass is unaffected, but these ids name sequence boundaries"
        )
        yield Finding(join_pointer("", wrong[0]), f"{shown}; {effect}; check the tokenizer really differs from RoBERTa's")


_DISTILBERT_ALIASES = {"hidden_size": "dim", "num_attention_heads": "n_heads", "num_hidden_layers": "n_layers"}


@rule(
    "M005",
    "distilbert-alias-conflict",
    Severity.ERROR,
    summary="A BERT-style name on DistilBERT overrides DistilBERT's own key",
    explanation="""DistilBertConfig maps hidden_size→dim, num_attention_heads→n_heads and
    num_hidden_layers→n_layers (attribute_map). When both names are present the BERT-style one is
    applied last and silently wins, whatever order the file has. Disagreeing values build a model
    that does not match the checkpoint; equal values are just redundant (reported as info).""",
    bad='{"model_type": "distilbert", "dim": 768, "hidden_size": 512}',
    good='{"model_type": "distilbert", "dim": 768}',
    fix="Remove the alias when both values agree (safe)",
    families=("distilbert",),
    evidence="transformers/models/distilbert/configuration_distilbert.py DistilBertConfig.attribute_map",
)
def distilbert_alias_conflict(ctx: LintContext) -> Iterator[Finding]:
    for alias, own in _DISTILBERT_ALIASES.items():
        if alias not in ctx.config:
            continue
        alias_value, own_value = ctx.config[alias], ctx.config.get(own)
        if own not in ctx.config or alias_value == own_value:
            remove = (
                Fix(f"Remove {alias} (same as {own})", (Edit("remove", join_pointer("", alias)),)) if own in ctx.config else None
            )
            rename = (
                Fix(f"Rename {alias} to {own}", (Edit("rename", join_pointer("", alias), own),))
                if own not in ctx.config
                else None
            )
            yield Finding(
                join_pointer("", alias),
                f"{alias} is DistilBERT's alias of {own}; write {own}",
                fix=remove or rename,
                severity=Severity.INFO,
            )
        else:
            yield Finding(
                join_pointer("", alias),
                f"{alias} {alias_value} overrides {own} {own_value}: transformers builds the model with {own}={alias_value}",
            )


@rule(
    "M006",
    "albert-groups",
    Severity.WARNING,
    summary="ALBERT layer groups that no layer uses",
    explanation="""ALBERT shares parameters: layer i uses group int(i / (num_hidden_layers /
    num_hidden_groups)). With more groups than layers some groups are built (and stored) but never
    run. inner_group_num below 1 builds groups with no layers at all.""",
    bad='{"model_type": "albert", "num_hidden_layers": 2, "num_hidden_groups": 4}',
    good='{"model_type": "albert", "num_hidden_layers": 12, "num_hidden_groups": 1}',
    families=("albert",),
    evidence="transformers/models/albert/modeling_albert.py AlbertTransformer.forward",
)
def albert_groups(ctx: LintContext) -> Iterator[Finding]:
    layers, groups, inner = ctx.int("num_hidden_layers"), ctx.int("num_hidden_groups"), ctx.int("inner_group_num")
    if layers is not None and groups is not None and layers > 0 and groups > layers:
        yield Finding(
            "/num_hidden_groups", f"{groups} groups for {layers} layers: {groups - layers} group(s) are built but never used"
        )
    if inner is not None and inner < 1:
        yield Finding("/inner_group_num", f"inner_group_num {inner} gives every group no layers", severity=Severity.ERROR)


@rule(
    "M007",
    "albert-embedding-size",
    Severity.WARNING,
    summary="ALBERT's embedding_size is larger than hidden_size",
    explanation="""ALBERT factorises embeddings: tokens are embedded in embedding_size dimensions and
    projected up to hidden_size. An embedding_size above hidden_size inverts the factorisation,
    costing parameters for nothing; it usually means the two numbers were swapped.""",
    bad='{"model_type": "albert", "embedding_size": 4096, "hidden_size": 768}',
    good='{"model_type": "albert", "embedding_size": 128, "hidden_size": 768}',
    families=("albert",),
)
def albert_embedding_size(ctx: LintContext) -> Iterator[Finding]:
    embedding, hidden = ctx.int("embedding_size"), ctx.int("hidden_size")
    if embedding is not None and hidden is not None and embedding > hidden > 0:
        yield Finding("/embedding_size", f"embedding_size {embedding} is larger than hidden_size {hidden}; were they swapped?")


RULES: tuple[Rule, ...] = (
    heads_do_not_divide,
    roberta_position_offset,
    token_id_out_of_vocabulary,
    roberta_special_tokens,
    distilbert_alias_conflict,
    albert_groups,
    albert_embedding_size,
)
