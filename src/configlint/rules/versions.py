"""D rules: dtype names and keys whose meaning changed between transformers 4.x and 5.x.

Facts (recorded by scripts/record_claims.py with transformers 5.23 and 4.57): ``torch_dtype`` is read into
``dtype`` only when ``dtype`` is absent, and ``to_dict`` writes ``dtype``; a dtype string that
is not a torch attribute raises AttributeError when the config loads with torch installed
(``"auto"`` included: it is a ``from_pretrained`` argument, not a config value). The BERT
family's modelling code no longer reads ``position_embedding_type``: relative position
embeddings were removed, so such checkpoints load as absolute-position models and their
``distance_embedding`` weights are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Edit, Fix, Severity
from configlint.document import join_pointer
from configlint.family_table import families_with
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.version_claims import severity_for, stated

TORCH_DTYPES = frozenset(
    {
        "float32", "float", "float16", "half", "bfloat16", "float64", "double", "complex64", "complex128",
        "uint8", "int8", "int16", "short", "int32", "int", "int64", "long", "bool",
        "float8_e4m3fn", "float8_e5m2", "float8_e4m3fnuz", "float8_e5m2fnuz", "uint16", "uint32", "uint64",
    }
)  # fmt: skip


@rule(
    "D001",
    "torch-dtype-renamed",
    Severity.INFO,
    summary="torch_dtype is the pre-4.56 name of dtype",
    explanation="""transformers 4.56 renamed torch_dtype to dtype. 5.x still reads torch_dtype into
    dtype when dtype is absent, and writes dtype when saving, so the rename changes nothing about the
    model and keeps the file current. Opt-in: pure information.""",
    bad='{"model_type": "bert", "torch_dtype": "float32"}',
    good='{"model_type": "bert", "dtype": "float32"}',
    fix="Rename torch_dtype to dtype (safe)",
    default=False,
    evidence="transformers/configuration_utils.py PreTrainedConfig.__post_init__ (torch_dtype)",
    requires=("torch_dtype",),
)
def torch_dtype_renamed(ctx: LintContext) -> Iterator[Finding]:
    if "torch_dtype" in ctx.config and "dtype" not in ctx.config:
        yield Finding(
            "/torch_dtype",
            "torch_dtype is the pre-4.56 name; transformers 5 reads it as dtype",
            fix=Fix("Rename torch_dtype to dtype", (Edit("rename", "/torch_dtype", "dtype"),)),
        )


@rule(
    "D002",
    "dtype-conflict",
    Severity.WARNING,
    summary="dtype and torch_dtype are both present and disagree",
    explanation="""When both keys are present, transformers 5 uses dtype and ignores torch_dtype;
    transformers before 4.56 read only torch_dtype. The same file therefore loads in a different
    precision depending on the installed version.""",
    bad='{"model_type": "bert", "dtype": "bfloat16", "torch_dtype": "float32"}',
    good='{"model_type": "bert", "dtype": "bfloat16"}',
    fix="Remove torch_dtype (safe for transformers 5, which ignores it here)",
    requires=("dtype", "torch_dtype"),
)
def dtype_conflict(ctx: LintContext) -> Iterator[Finding]:
    new, old = ctx.config.get("dtype"), ctx.config.get("torch_dtype")
    if "dtype" in ctx.config and "torch_dtype" in ctx.config:
        if new != old and new is not None and old is not None:
            message = (
                f"dtype {new!r} and torch_dtype {old!r} disagree: transformers 5 uses {new!r}, transformers < 4.56 used {old!r}"
            )
            yield Finding("/torch_dtype", message, fix=Fix("Remove torch_dtype", (Edit("remove", "/torch_dtype"),)))
        elif new == old:
            yield Finding(
                "/torch_dtype",
                "torch_dtype repeats dtype",
                fix=Fix("Remove torch_dtype", (Edit("remove", "/torch_dtype"),)),
                severity=Severity.INFO,
            )


@rule(
    "D003",
    "unknown-dtype",
    Severity.ERROR,
    summary="dtype names no torch dtype",
    explanation="""transformers turns the dtype string into getattr(torch, dtype) when it loads the
    config, so a name torch does not have ("fp16", "torch.float16" with its module prefix, typos, or
    "auto", which is a from_pretrained argument and not a config value) raises AttributeError before
    the model exists (recorded in 5.23 and 4.57; "float" is torch.float and loads).""",
    bad='{"model_type": "bert", "dtype": "fp16"}',
    good='{"model_type": "bert", "dtype": "float16"}',
    evidence="cases dtype-fp16, dtype-torch-float16, torch-dtype-torch-float16, dtype-auto (AttributeError); dtype-float16, dtype-float (load)",
    requires=("dtype", "torch_dtype"),
)
def unknown_dtype(ctx: LintContext) -> Iterator[Finding]:
    for key in ("dtype", "torch_dtype"):
        value = ctx.config.get(key)
        if isinstance(value, str) and value not in TORCH_DTYPES:
            hint = f"; write {value.removeprefix('torch.')!r}" if value.removeprefix("torch.") in TORCH_DTYPES else ""
            yield Finding(
                join_pointer("", key),
                f"{key} {value!r} is not a torch dtype name; loading the config raises AttributeError in transformers 5.23 and 4.57{hint}",
            )


@rule(
    "D004",
    "relative-positions-removed",
    Severity.WARNING,
    summary="position_embedding_type asks for relative positions: transformers 4.x builds them, 5.x ignores the key",
    explanation="""transformers 4.x built relative position embeddings (distance_embedding) for
    position_embedding_type "relative_key" and "relative_key_query". transformers 5's BERT-family
    code no longer reads the key: such a checkpoint loads as an absolute-position model, its
    distance_embedding weights are reported as unexpected and ignored, and outputs change without an
    error. Pin transformers < 5 for these checkpoints. With target-transformers 4 the finding is
    info: the config works there, and says what changes under 5.""",
    bad='{"model_type": "bert", "position_embedding_type": "relative_key_query"}',
    good='{"model_type": "bert", "position_embedding_type": "absolute"}',
    families=families_with("relative-positions-4x"),
    evidence="case relative-key-position (same digest as baseline-bert-BertModel in 5.23.0; 2,032 more parameters and another digest in 4.57.6)",
    requires=("position_embedding_type",),
)
def relative_positions_removed(ctx: LintContext) -> Iterator[Finding]:
    value = ctx.config.get("position_embedding_type")
    if isinstance(value, str) and value != "absolute":
        yield Finding(
            "/position_embedding_type",
            stated(ctx, "D004", value=value) + " (recorded: relative-key-position)",
            severity=severity_for(ctx, "D004"),
        )


@rule(
    "D006",
    "pruned-heads-ignored",
    Severity.WARNING,
    summary="pruned_heads: transformers 4.x prunes these heads, transformers 5 builds them all",
    explanation="""pruned_heads maps layer indexes to the attention heads removed from them. Recorded:
    transformers 4.57 prunes them when it builds the model (layer 0's query projection shrinks from 32
    to 24 outputs for one pruned head of four), while 5.23 ignores the key and builds every head, so
    the same config builds differently shaped models in the two majors. With target-transformers 4
    the finding is info (4.x does what the key says).""",
    bad='{"model_type": "bert", "pruned_heads": {"0": [0]}}',
    good='{"model_type": "bert"}',
    families=families_with("prunes-heads-4x"),
    evidence="case pruned-heads (layer0_query_out 24 in 4.57.6, 32 in 5.23.0)",
    requires=("pruned_heads",),
)
def pruned_heads_ignored(ctx: LintContext) -> Iterator[Finding]:
    heads = ctx.config.get("pruned_heads")
    if isinstance(heads, dict) and any(heads.values()):
        yield Finding("/pruned_heads", stated(ctx, "D006") + " (recorded: pruned-heads)", severity=severity_for(ctx, "D006"))


RULES: tuple[Rule, ...] = (
    torch_dtype_renamed,
    dtype_conflict,
    unknown_dtype,
    relative_positions_removed,
    pruned_heads_ignored,
)
