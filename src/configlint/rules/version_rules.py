"""D rules: dtype names and keys whose meaning changed between transformers 4.x and 5.x.

Facts (transformers 5.24, ``PreTrainedConfig.__post_init__``): ``torch_dtype`` is read into
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
from configlint.rules.base import Finding, Rule, rule

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
    model and keeps the file current.""",
    bad='{"model_type": "bert", "torch_dtype": "float32"}',
    good='{"model_type": "bert", "dtype": "float32"}',
    fix="Rename torch_dtype to dtype (safe)",
    evidence="transformers/configuration_utils.py PreTrainedConfig.__post_init__ (torch_dtype)",
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
)
def dtype_conflict(ctx: LintContext) -> Iterator[Finding]:
    new, old = ctx.config.get("dtype"), ctx.config.get("torch_dtype")
    if "dtype" in ctx.config and "torch_dtype" in ctx.config:
        if new != old and new is not None and old is not None:
            message = f"dtype {new!r} and torch_dtype {old!r} disagree: transformers 5 uses {new!r}, transformers < 4.56 used {old!r}"
            yield Finding("/torch_dtype", message, fix=Fix("Remove torch_dtype", (Edit("remove", "/torch_dtype"),)))
        elif new == old:
            yield Finding("/torch_dtype", "torch_dtype repeats dtype", fix=Fix("Remove torch_dtype", (Edit("remove", "/torch_dtype"),)), severity=Severity.INFO)


@rule(
    "D003",
    "unknown-dtype",
    Severity.ERROR,
    summary="dtype names no torch dtype",
    explanation="""transformers turns the dtype string into getattr(torch, dtype) when it loads the
    config, so a name torch does not have ("fp16", "float", typos, or "auto", which is a
    from_pretrained argument and not a config value) raises AttributeError before the model exists.""",
    bad='{"model_type": "bert", "dtype": "fp16"}',
    good='{"model_type": "bert", "dtype": "float16"}',
    evidence="transformers/configuration_utils.py PreTrainedConfig.__post_init__ (getattr(torch, self.dtype))",
)
def unknown_dtype(ctx: LintContext) -> Iterator[Finding]:
    for key in ("dtype", "torch_dtype"):
        value = ctx.config.get(key)
        if isinstance(value, str) and value.removeprefix("torch.") not in TORCH_DTYPES:
            yield Finding(join_pointer("", key), f"{key} {value!r} is not a torch dtype; loading the config raises AttributeError")


@rule(
    "D004",
    "relative-positions-removed",
    Severity.WARNING,
    summary="position_embedding_type asks for relative positions, which transformers 5 removed",
    explanation="""transformers 4.x built relative position embeddings (distance_embedding) for
    position_embedding_type "relative_key" and "relative_key_query". transformers 5's BERT-family
    code no longer reads the key: such a checkpoint loads as an absolute-position model, its
    distance_embedding weights are reported as unexpected and ignored, and outputs change without an
    error. Pin transformers < 5 for these checkpoints.""",
    bad='{"model_type": "bert", "position_embedding_type": "relative_key_query"}',
    good='{"model_type": "bert", "position_embedding_type": "absolute"}',
    families=("bert", "roberta", "albert"),
    evidence="transformers/models/bert/modeling_bert.py (no position_embedding_type in 5.x)",
)
def relative_positions_removed(ctx: LintContext) -> Iterator[Finding]:
    value = ctx.config.get("position_embedding_type")
    if isinstance(value, str) and value != "absolute":
        yield Finding(
            "/position_embedding_type",
            f"position_embedding_type {value!r} is ignored by transformers 5: the model uses absolute positions "
            "and any distance_embedding weights are dropped",
        )


# Keys seen in real configs that no transformers 5 code reads: training scripts' leftovers.
TRAINING_LEFTOVERS = frozenset(
    {
        "gradient_checkpointing", "fp16", "fp16_opt_level", "ln_type", "fp32_layernorm", "fp32_embedding",
        "fp32_tokentypes", "layernorm_epsilon", "output_past", "use_bfloat16", "torchscript", "n_gpu", "lr",
        "epochs", "batch_size", "seed", "weight_decay", "num_train_epochs", "warmup_proportion", "init_lr",
        "train_path", "valid_path", "save_step", "log_step", "max_seq_length", "mlm_probability",
    }
)  # fmt: skip


@rule(
    "D005",
    "training-leftover-key",
    Severity.INFO,
    summary="A key that no transformers code reads (a training script's setting)",
    explanation="""Training hyper-parameters and 4.x-era flags (fp16, ln_type, output_past,
    gradient_checkpointing, learning rates, paths) are kept as attributes by transformers and read
    by nothing at load time. They document how the model was trained at best, and mislead at worst
    (gradient_checkpointing: true does not enable it). Opt-in.""",
    bad='{"model_type": "bert", "gradient_checkpointing": true, "lr": 5e-05}',
    good='{"model_type": "bert"}',
    fix="Remove the key (safe)",
    default=False,
)
def training_leftover_key(ctx: LintContext) -> Iterator[Finding]:
    for key in ctx.config:
        if key in TRAINING_LEFTOVERS:
            yield Finding(
                join_pointer("", key),
                f"{key} is not read by transformers 5",
                fix=Fix(f"Remove {key}", (Edit("remove", join_pointer("", key)),)),
            )


RULES: tuple[Rule, ...] = (
    torch_dtype_renamed,
    dtype_conflict,
    unknown_dtype,
    relative_positions_removed,
    training_leftover_key,
)
