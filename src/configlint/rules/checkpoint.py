"""W rules: what the weights beside config.json say about it.

They run when ``config.json`` sits beside weights transformers would load (``model.safetensors``,
a sharded index, ``pytorch_model.bin``) or when a Hub repo's tensor headers were fetched. Each
reads :attr:`LintContext.load_report`, the report ``from_pretrained`` of the declared class would
give (:mod:`configlint.load_report`, pinned to transformers 5.23 by recorded fixtures), and words
it in terms of the config field responsible, so the finding points at the key to change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.family_table import families_with_pooler
from configlint.rules.base import Finding, Rule, rule
from configlint.schema.detection import FAMILIES

FLOAT_DTYPES = {"float32": "F32", "float16": "F16", "bfloat16": "BF16", "float64": "F64"}
WIDE_DTYPES = frozenset({"float32", "float64"})


def _declared_class(ctx: LintContext) -> str:
    report = ctx.load_report
    return (report.as_class if report is not None else None) or "the model class"


def _class_pointer(ctx: LintContext) -> str:
    return "/architectures/0" if ctx.architectures else ""


@rule(
    "W001",
    "unreadable-weights",
    Severity.ERROR,
    summary="The weights file beside config.json cannot be loaded",
    explanation="""transformers loads model.safetensors (else the sharded index, else pytorch_model.bin)
    from the folder of config.json. A Git LFS pointer committed instead of the weights, a truncated
    download, a safetensors header that lies about offsets, or a pickle that asks to run code all end
    in an exception at load time, after the download. configlint reads only the header (never
    unpickling anything outside a small allowlist) and says which file and why.""",
    bad="config.json beside a model.safetensors that is a 134-byte Git LFS pointer",
    good="config.json beside the real model.safetensors (git lfs pull)",
    families=FAMILIES,
    needs="folder",
    evidence="safetensors SafeTensorError on a bad header; transformers modeling_utils load_state_dict",
    security=True,
)
def unreadable_weights(ctx: LintContext) -> Iterator[Finding]:
    read = ctx.checkpoint
    if read.error is not None:
        name = Path(read.source).name or "the weights"
        from configlint.checkpoint.discovery import WeightsRefused

        # A file configlint refuses to open says nothing about what transformers would do with it.
        outcome = (
            "the weights were not checked" if isinstance(read.error, WeightsRefused) else "transformers cannot load these weights"
        )
        yield Finding("", f"{name} {read.error.message}; {outcome}", position=(1, 1))


_W002_FAMILIES = frozenset(families_with_pooler())


@rule(
    "W002",
    "pooler-not-in-checkpoint",
    Severity.WARNING,
    summary="The model class builds a pooler the checkpoint does not hold: pooler_output is random",
    explanation="""BertModel, AlbertModel and the classes built on them (sequence classification,
    pre-training, multiple choice, next-sentence prediction) create a pooler: dense + tanh on the first
    token. When the checkpoint was saved from a class without one (a masked-LM checkpoint declared as
    BertModel, or weights with the pooler stripped), transformers initialises it randomly, and
    pooler_output — and any classifier on top of it — is noise, whatever use_pooler says. Under a
    sentence-transformers Pooling module that pools token embeddings (mean, max, cls token) the random
    pooler is never used, so the finding is then informational.""",
    bad='config.json {"architectures": ["BertModel"], "use_pooler": true} beside weights with no pooler.dense.*',
    good='config.json {"architectures": ["BertForMaskedLM"]} beside the same weights',
    families=families_with_pooler(),
    needs="folder",
    evidence="transformers/models/bert/modeling_bert.py BertModel(add_pooling_layer=True); missing keys are _init_weights-ed",
)
def pooler_not_in_checkpoint(ctx: LintContext) -> Iterator[Finding]:
    report = ctx.load_report
    if report is None or report.error:
        return
    missing = [key for key in report.missing if ".pooler." in f".{key}"]
    if not missing:
        return
    name = _declared_class(ctx)
    pointer = "/use_pooler" if ctx.config.get("use_pooler") is True else _class_pointer(ctx)
    promise = "use_pooler is true, but " if pointer == "/use_pooler" else ""
    from configlint.rules.weight_naming import pooling_module_ignores_pooler  # weights code: only once weights were read

    if pooling_module_ignores_pooler(ctx):
        yield Finding(
            pointer,
            f"{promise}the checkpoint holds no pooler weights: {name} initialises {', '.join(missing)} randomly "
            "(harmless here: the sentence-transformers Pooling module pools token embeddings, not pooler_output)",
            severity=Severity.INFO,
        )
        return
    yield Finding(
        pointer,
        f"{promise}the checkpoint holds no pooler weights: {name} initialises {', '.join(missing)} randomly, "
        "so pooler_output is noise; declare a class without a pooler or pool token embeddings instead",
    )


@rule(
    "W003",
    "weights-newly-initialised",
    Severity.WARNING,
    summary="Tensors the declared model needs are not in the checkpoint and will be random",
    explanation="""Every tensor the model class defines but the checkpoint lacks is randomly
    initialised at load time; transformers only logs a warning. More layers in the config than in the
    checkpoint leave whole layers random (an error: the model's outputs are meaningless); a head class
    over a checkpoint without that head (BertForSequenceClassification over a pre-trained encoder)
    ships a random classifier. Either the config promises a model the weights do not hold, or the
    checkpoint is a starting point for fine-tuning and architectures should name the class it was
    saved from.""",
    bad='config.json {"num_hidden_layers": 12} beside a checkpoint with encoder.layer.0-5',
    good='config.json {"num_hidden_layers": 6} beside the same checkpoint',
    families=FAMILIES,
    needs="folder",
    evidence="transformers modeling_utils _load_pretrained_model: missing_keys are initialised by _init_weights",
)
def weights_newly_initialised(ctx: LintContext) -> Iterator[Finding]:
    report = ctx.load_report
    if report is None or report.error:
        return
    # W002 reports a missing BertPooler; DeBERTa's ContextPooler (pooler.dense.*) is no family's W002 case, so it is counted here.
    pooler_is_w002s = ctx.family_name in _W002_FAMILIES
    missing = [key for key in report.missing if not (pooler_is_w002s and ".pooler." in f".{key}")]
    from configlint.rules.weight_naming import LAYER_FIELDS, describe_groups

    layers, others = _split_by_layer(ctx, missing, absent_from_checkpoint=True)
    for field, (indexes, count) in layers.items():
        yield Finding(
            f"/{field}",
            f"{field}={ctx.value(field)} builds {LAYER_FIELDS[field]}(s) {_ranges(indexes)} that the checkpoint does not hold: "
            f"{count} tensors randomly initialised, so the model's outputs are meaningless",
            severity=Severity.ERROR,
        )
    if others:
        yield Finding(
            _class_pointer(ctx),
            f"{len(others)} tensor(s) of {_declared_class(ctx)} are not in the checkpoint and will be randomly initialised: {describe_groups(others)}",
        )


@rule(
    "W004",
    "checkpoint-shape-mismatch",
    Severity.ERROR,
    summary="A config size disagrees with the shape of the tensors in the checkpoint",
    explanation="""When a stored tensor's shape differs from what the config builds (vocab_size vs the
    word-embedding rows, max_position_embeddings, type_vocab_size, intermediate_size, the number of
    labels vs the classifier rows, ALBERT's embedding_size), from_pretrained raises a RuntimeError; with
    ignore_mismatched_sizes=True it silently re-initialises the tensor instead. The config field named
    in the finding is the one to correct (or the checkpoint is not the one the config describes).""",
    bad='config.json {"vocab_size": 30000} beside a checkpoint whose word_embeddings are [30522, 768]',
    good='config.json {"vocab_size": 30522} beside the same checkpoint',
    families=FAMILIES,
    needs="folder",
    evidence="transformers utils/loading_report.log_state_dict_report (mismatched keys raise unless ignore_mismatched_sizes)",
)
def checkpoint_shape_mismatch(ctx: LintContext) -> Iterator[Finding]:
    report = ctx.load_report
    if report is None:
        return
    from configlint.load_report import META_COMPARISON_ERROR
    from configlint.rules.weight_naming import mismatch_field

    if report.error == META_COMPARISON_ERROR:  # not any NotImplementedError: ELECTRA's summary_type "attn" raises one too
        yield Finding(
            _class_pointer(ctx),
            f"from_pretrained raises {report.error.split(':')[0]} even with ignore_mismatched_sizes=True: "
            "a tied weight's checkpoint shape differs from the model's (check vocab_size and tie_word_embeddings)",
        )
        return
    by_field: dict[str, list[str]] = {}
    for mismatch in report.mismatched:
        field, detail = mismatch_field(ctx, mismatch.key, mismatch.expected, mismatch.checkpoint)
        by_field.setdefault(field, []).append(detail)
    for field, details in by_field.items():
        more = f" (and {len(details) - 1} more tensor(s))" if len(details) > 1 else ""
        yield Finding(
            f"/{field}" if field else _class_pointer(ctx),
            f"{details[0]}{more}; from_pretrained raises unless ignore_mismatched_sizes=True, which re-initialises them",
        )


@rule(
    "W005",
    "unused-checkpoint-tensors",
    Severity.WARNING,
    summary="Tensors in the checkpoint that the declared model never loads",
    explanation="""Checkpoint tensors with no place in the model class are dropped at load time with a
    warning. Layers beyond num_hidden_layers mean the config builds a shallower model than was trained
    (a warning); heads of another class (a masked-LM head under BertModel, a pooler under
    BertForMaskedLM) are normal when a pre-trained checkpoint is reused and are reported as info.""",
    bad='config.json {"num_hidden_layers": 6} beside a checkpoint with encoder.layer.0-11',
    good='config.json {"num_hidden_layers": 12} beside the same checkpoint',
    families=FAMILIES,
    needs="folder",
    evidence="transformers modeling_utils _load_pretrained_model: unexpected_keys are not loaded",
)
def unused_checkpoint_tensors(ctx: LintContext) -> Iterator[Finding]:
    report = ctx.load_report
    if report is None or report.error:
        return
    from configlint.rules.weight_naming import LAYER_FIELDS, describe_groups, is_head_tensor

    layers, others = _split_by_layer(ctx, list(report.unexpected), absent_from_checkpoint=False)
    for field, (indexes, count) in layers.items():
        yield Finding(
            f"/{field}",
            f"{field}={ctx.value(field)} but the checkpoint also holds {LAYER_FIELDS[field]}(s) {_ranges(indexes)} "
            f"({count} tensors): they are ignored, so the model is smaller than the one trained",
        )
    if others:
        heads_only = all(is_head_tensor(key) for key in others)
        yield Finding(
            _class_pointer(ctx),
            f"{len(others)} checkpoint tensor(s) are not used by {_declared_class(ctx)}: {describe_groups(others)}"
            + (" (heads of another class: expected when reusing a pre-trained checkpoint)" if heads_only else ""),
            severity=Severity.INFO if heads_only else None,
        )


@rule(
    "W006",
    "dtype-differs-from-checkpoint",
    Severity.WARNING,
    summary="config dtype differs from the dtype the weights are stored in",
    explanation="""In transformers 5 from_pretrained defaults to dtype="auto": the model is built in
    the config's dtype (torch_dtype in older files) and every stored tensor is cast to it; only when the
    config names none is the checkpoint's own dtype used. A config saying float16 over float32 weights
    silently halves the precision; bfloat16 vs float16 changes the range. Widening (float32 over half
    precision weights) only costs memory and is reported as info.""",
    bad='config.json {"dtype": "float16"} beside weights stored as F32',
    good='config.json {"dtype": "float32"} beside the same weights',
    families=FAMILIES,
    needs="folder",
    evidence="transformers 5.23 modeling_utils _get_dtype (dtype='auto' reads config.dtype, else the first floating weight)",
)
def dtype_differs_from_checkpoint(ctx: LintContext) -> Iterator[Finding]:
    inventory = ctx.checkpoint.inventory
    from configlint.load_refusals import declared_dtype

    declared, key = declared_dtype(ctx.config)  # a null dtype falls back to torch_dtype, as from_pretrained reads it
    if inventory is None or not isinstance(declared, str) or declared not in FLOAT_DTYPES:
        return
    stored = Counter(info.dtype for info in inventory.tensors.values() if info.dtype in FLOAT_DTYPES.values())
    if not stored or FLOAT_DTYPES[declared] in stored:
        return
    names = ", ".join(f"{dtype} ({count})" for dtype, count in stored.most_common())
    yield Finding(
        f"/{key}",
        f"{key} is {declared} but the weights are stored as {names}: transformers loads the model in {declared}, casting every tensor",
        severity=Severity.INFO if declared in WIDE_DTYPES else None,
    )


def _split_by_layer(
    ctx: LintContext, keys: Iterable[str], *, absent_from_checkpoint: bool
) -> tuple[dict[str, tuple[list[int], int]], list[str]]:
    """Keys of whole encoder blocks, as ``{counting field: (block indexes, tensor count)}``, and the rest.

    Missing keys form a whole block when the checkpoint holds no tensor of that block (else they are
    parts of a layer, such as cross-attention, and stay in the rest); unexpected keys when the block
    lies beyond the count the config asks for.
    """
    from configlint.rules.weight_naming import layer_index

    if absent_from_checkpoint:
        inventory = ctx.checkpoint.inventory
        stored = {found for key in (inventory.tensors if inventory else ()) if (found := layer_index(ctx, key))}
    blocks: dict[str, tuple[set[int], list[str]]] = {}
    others: list[str] = []
    for key in keys:
        found = layer_index(ctx, key)
        if found is None or (found in stored if absent_from_checkpoint else found[1] < (ctx.int(found[0]) or 0)):
            others.append(key)
            continue
        indexes, members = blocks.setdefault(found[0], (set(), []))
        indexes.add(found[1])
        members.append(key)
    return {field: (sorted(indexes), len(members)) for field, (indexes, members) in blocks.items()}, others


def _ranges(indexes: list[int]) -> str:
    """``[2, 3, 4, 7]`` → ``"2-4, 7"``."""
    parts: list[str] = []
    start = previous = indexes[0]
    for index in [*indexes[1:], None]:
        if index is not None and index == previous + 1:
            previous = index
            continue
        parts.append(str(start) if start == previous else f"{start}-{previous}")
        if index is not None:
            start = previous = index
    return ", ".join(parts)


RULES: tuple[Rule, ...] = (
    unreadable_weights,
    pooler_not_in_checkpoint,
    weights_newly_initialised,
    checkpoint_shape_mismatch,
    unused_checkpoint_tensors,
    dtype_differs_from_checkpoint,
)

__all__ = ["RULES"]
