"""Keys transformers does not read: misspellings of real keys, leftovers, and keys that only look meaningful.

"Not read" is settled by recordings, not by a hand list: a key is unread for a family when it is
no attribute of that family's config object in any recorded transformers version
(:data:`~configlint.rules.recorded_facts.FAMILY_ATTRIBUTES`), and the message says "identical
model" only for keys whose recorded build with and without the key gave the same outputs
(:data:`~configlint.rules.recorded_facts.UNREAD_KEYS`). Keys another rule explains (pooler keys,
dtype, labels, positions, auto_map) are left to that rule, so one cause gives one finding.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.document import join_pointer
from configlint.family_table import FAMILIES, attribute_map
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.legacy import migration_drops
from configlint.rules.recorded_facts import FAMILY_ATTRIBUTES, TRANSFORMERS_VERSIONS, UNREAD_KEYS
from configlint.schema import POOLER_KEYS

# Every family's config class is its class prefix + "Config" (held to families.json by tests/test_family_table.py).
CONFIG_CLASS = {name: f"{entry.class_prefix}Config" for name, entry in FAMILIES.items()}
_VERSIONS = " or ".join(TRANSFORMERS_VERSIONS)

# Keys with a rule of their own, or read by the loading machinery rather than the config object.
_EXPLAINED_ELSEWHERE = frozenset(
    {
        *POOLER_KEYS, "model_type", "torch_dtype", "num_labels", "_num_labels", "auto_map", "pruned_heads",
        "position_embedding_type", "classifier_dropout", "output_attentions", "attn_implementation",
    }
)  # fmt: skip
ALBERT_EXPORT_KEYS = ("down_scale_factor", "gap_size", "net_structure_type", "num_memory_blocks")
"""Settings of Google's ALBERT TF export that configs derived from it keep (a fine-tuned
albert-base-v2 in the real-world corpus has all four); recorded as changing nothing, so the
opt-in D005 reports them with the bookkeeping rather than D007 on every converted ALBERT."""
BOOKKEEPING_KEYS = frozenset(
    {
        "fp16", "fp16_opt_level", "lr", "init_lr", "epochs", "num_train_epochs", "batch_size", "seed", "n_gpu",
        "weight_decay", "exclude_from_weight_decay", "warmup_proportion", "num_warmup_steps", "betas", "eps",
        "max_norm", "gradient_accumulation_steps", "train_path", "valid_path", "save_step", "log_step",
        "save_total_limit", "save_strategy", "max_seq_length", "mlm_probability", "shuffle_pool_size",
        "tokenizer_save_path", "tokenizer_data_path", "limit_alphabet", "min_frequency", "min_freq",
        "output_past", "tie_weights_", "use_cache", "torchscript", "use_bfloat16", "language", "name",
        *ALBERT_EXPORT_KEYS,
    }
)  # fmt: skip
"""Unread keys that record how a model was trained or saved rather than what it is: D005 (opt-in)
reports them; unread keys that read like model settings are D007's (default)."""
_BOOKKEEPING_SHAPES = re.compile(
    r"[^A-Za-z]*|author|.*_(version|file|path|dir|name)|tokenizer_.*|is_gpu|device_map(ping)?|pipeline_stages"
)
"""Unread keys that name files, versions, authors, tokenizers or devices, and keys without a letter
(a "----------" separator): records of how a model was made or saved, never model settings."""


@functools.lru_cache(maxsize=4096)
def is_bookkeeping(key: str) -> bool:
    """A key D005 (opt-in) reports rather than D007: training or saving bookkeeping, not a setting.

    Cached (bounded): the same unread keys recur across a corpus, and the pattern's match cost more
    than the rest of D007 on a config that has some."""
    return key in BOOKKEEPING_KEYS or _BOOKKEEPING_SHAPES.fullmatch(key) is not None


# gradient_checkpointing: recorded as enabling checkpointing on BERT, RoBERTa and DistilBERT, not on ALBERT.
_READ_BY_MODELLING_CODE = {
    "bert": {"gradient_checkpointing"},
    "roberta": {"gradient_checkpointing"},
    "distilbert": {"gradient_checkpointing"},
}
_RECORDED_UNREAD = {**UNREAD_KEYS, "gradient_checkpointing": ("albert", "gradient-checkpointing-albert")}


@functools.cache
def known_attributes(family: str) -> frozenset[str]:
    """Attributes the family's config object has in any recorded transformers version."""
    return frozenset().union(*(by_family[family] for by_family in FAMILY_ATTRIBUTES.values()))


def unread_keys(ctx: LintContext) -> list[str]:
    """Top-level keys of the config that no recorded version of the family's config class has
    (found once per file: S002, D005 and D007 all ask)."""
    return ctx.memo("unread_keys", _find_unread_keys)


def _find_unread_keys(ctx: LintContext) -> list[str]:
    family = ctx.family_name
    if family is None:
        return []
    known = _read_keys(family)
    return [key for key in ctx.config if key not in known and not key.startswith("_")]


@functools.cache
def _read_keys(family: str) -> frozenset[str]:
    """Every key something reads for ``family``: its config class's attributes in any recorded version,
    keys other rules explain, keys the modelling code reads undeclared, and attribute_map aliases."""
    known = known_attributes(family) | _EXPLAINED_ELSEWHERE | _READ_BY_MODELLING_CODE.get(family, set())
    known |= FAMILIES[family].undeclared_keys_read if family in FAMILIES else frozenset()
    return known | attribute_map(family).keys()


_SUGGESTION_CUTOFF = 0.75
"""The lowest difflib ratio a suggestion can have (with the same words; a spelling needs 0.92)."""


def _could_reach_cutoff(key: str, counts: dict[str, int], name: str) -> bool:
    """False when difflib's ratio of ``key`` and ``name`` is certainly below the cutoff.

    The two upper bounds SequenceMatcher's ``real_quick_ratio`` and ``quick_ratio`` compute (the
    shorter length; the characters in common, counted with multiplicity), with the same float
    arithmetic, but without importing difflib: most configs' unknown keys are near nothing, and
    importing difflib (with heapq and a pattern compiled at import) cost more than the check."""
    length = len(key) + len(name)
    if not length:
        return True
    if 2.0 * min(len(key), len(name)) / length < _SUGGESTION_CUTOFF:
        return False
    matches = sum(min(count, name.count(char)) for char, count in counts.items())
    return 2.0 * matches / length >= _SUGGESTION_CUTOFF


@functools.lru_cache(maxsize=4096)
def nearest_key(key: str, family: str) -> str | None:
    """The real attribute a key most likely misspells: a near-identical spelling, or the same words.

    Cached (the same unread keys recur across a corpus) and prefiltered by difflib's cheap upper
    bounds (:func:`_could_reach_cutoff`), which never let through less than ``ratio`` would: the
    answer is the same, faster, and difflib is imported only when some attribute could match."""
    counts = {char: key.count(char) for char in set(key)}
    candidates = [
        name
        for name in sorted(FAMILY_ATTRIBUTES[TRANSFORMERS_VERSIONS[0]][family])
        if not name.startswith("_") and _could_reach_cutoff(key, counts, name)
    ]
    if not candidates:
        return None
    import difflib  # only when some attribute could be what the key misspells

    words = set(key.split("_"))
    best: tuple[float, str] | None = None
    for name in candidates:
        ratio = difflib.SequenceMatcher(None, key, name).ratio()
        other = set(name.split("_"))
        same_words = len(words) > 1 and len(other) > 1 and (words <= other or other <= words)
        if ratio >= 0.92 or (same_words and ratio >= _SUGGESTION_CUTOFF):
            if best is None or ratio > best[0]:
                best = (ratio, name)
    return best[1] if best else None


@functools.lru_cache(maxsize=4096)
def is_other_familys_key(key: str, family: str) -> bool:
    """True when ``key`` is a real attribute of another family's config class (a BERT key copied onto
    an MPNet config): D007 reports it as unread, S002 must not call it a misspelling."""
    return any(key in known_attributes(other) for other in FAMILIES if other != family)


def is_misspelling(key: str, family: str) -> str | None:
    """The attribute of ``family`` that ``key`` misspells, or None (also for another family's real key)."""
    return None if is_other_familys_key(key, family) else nearest_key(key, family)


def recorded_unread(key: str, family: str | None) -> str | None:
    """The case showing ``key`` changes nothing for ``family``'s models, if one was recorded."""
    found = _RECORDED_UNREAD.get(key)
    return found[1] if found is not None and found[0] == family else None


def _recorded(keys: list[str], family: str | None) -> str:
    cases = [case for key in keys if (case := recorded_unread(key, family))]
    return f" (recorded: {', '.join(cases)})" if cases else ""


@rule(
    "S002",
    "misspelled-key",
    Severity.WARNING,
    summary="A key that is not a config attribute but nearly spells one that is",
    explanation="""A key the family's config class does not have is kept as a plain attribute and
    read by nothing, so a misspelt setting ("attention_dropout_prob" for attention_probs_dropout_prob)
    silently leaves the real one at its default. configlint compares each unknown key with the
    attributes of the family's config class recorded from transformers and suggests the nearest.""",
    bad='{"model_type": "bert", "attention_dropout_prob": 0.3}',
    good='{"model_type": "bert", "attention_probs_dropout_prob": 0.3}',
    fix="Rename the key to the attribute it misspells (unsafe: the setting starts to apply)",
    evidence="tests/fixtures/claims/transformers-*.json family_attributes; case unread-attention_dropout_prob (same build as baseline-bert-BertModel), case attention-probs-dropout-set (dropout 0.5 applied)",
)
def misspelled_key(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name
    for key in unread_keys(ctx):
        target = is_misspelling(key, family) if family else None
        if target is None:
            continue
        fix = None
        if target not in ctx.config:
            fix = Fix(f"Rename {key} to {target}", (Edit("rename", join_pointer("", key), target),), Applicability.UNSAFE)
        yield Finding(
            join_pointer("", key),
            f"{key} is not an attribute of {CONFIG_CLASS[family or '']} in transformers {_VERSIONS}; did you mean {target}? "
            f"{target} stays at {ctx.value(target)!r}{_recorded([key], family)}",
            fix=fix,
        )


@rule(
    "D005",
    "training-leftover-key",
    Severity.INFO,
    summary="Training or saving bookkeeping that no transformers code reads",
    explanation="""Training hyper-parameters and saving flags (lr, batch_size, fp16, seeds, paths,
    output_past, tie_weights_, and the export settings down_scale_factor, gap_size,
    net_structure_type, num_memory_blocks that converted ALBERT configs carry; keys naming files,
    versions, authors, tokenizers or devices) that are no attribute of the family's config class in any recorded
    transformers version. They change nothing (recorded for those configlint has a case for) and
    at best document how the model was trained. Opt-in.""",
    bad='{"model_type": "bert", "lr": 5e-05, "output_past": true}',
    good='{"model_type": "bert"}',
    fix="Remove the keys (safe for the keys recorded as unread)",
    default=False,
    evidence="tests/fixtures/claims/transformers-*.json family_attributes; cases unread-lr, unread-fp16, unread-output_past, unread-tie_weights_",
)
def training_leftover_key(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name
    if family is not None:
        yield from _unread_finding(ctx, family, [key for key in unread_keys(ctx) if is_bookkeeping(key)])


@rule(
    "D007",
    "unread-setting",
    Severity.WARNING,
    summary="Keys that read like model settings but are no attribute of the family's config class",
    explanation="""Keys that are no attribute of the family's config class in any recorded
    transformers version (training hyper-parameters, flags of other BERT forks such as
    use_relative_position or ALBERT's ln_type, TF export settings) are kept on the config object and
    change nothing: for every such key configlint has recorded, a model built with and without it
    gives identical outputs. They look like settings, so readers believe them. All of a file's unread
    setting-like keys are one finding; misspellings of real keys are S002's, and training or saving
    bookkeeping (lr, batch_size, output_past, ...) is the opt-in D005's.""",
    bad='{"model_type": "albert", "ln_type": "postln", "down_scale_factor": 1}',
    good='{"model_type": "albert"}',
    fix="Remove the keys (safe for the keys recorded as unread)",
    evidence="tests/fixtures/claims/transformers-*.json family_attributes; cases unread-<key> (same digest as baseline-<family>-<class>) and gradient-checkpointing-<family>",
)
def unread_setting(ctx: LintContext) -> Iterator[Finding]:
    family = ctx.family_name
    unread = unread_keys(ctx) if family is not None else []
    if not unread or family is None:
        return
    folded = migration_drops(ctx)  # a TF-era file's F002 finding names them
    keys = [key for key in unread if not is_bookkeeping(key) and key not in folded and is_misspelling(key, family) is None]
    yield from _unread_finding(ctx, family, keys)


def _unread_finding(ctx: LintContext, family: str, keys: list[str]) -> Iterator[Finding]:
    """One finding for a file's unread keys, at the first, with a fix removing them all."""
    if not keys:
        return
    recorded = [key for key in keys if recorded_unread(key, family)]
    applicability = Applicability.SAFE if len(recorded) == len(keys) else Applicability.UNSAFE
    fix = Fix(f"Remove {', '.join(keys)}", tuple(Edit("remove", join_pointer("", key)) for key in keys), applicability)
    shown = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
    if recorded:
        said = f"; a model built with and without {', '.join(recorded[:4])}{'…' if len(recorded) > 4 else ''} is identical{_recorded(recorded[:4], family)}"
    else:
        said = "; configlint has no record of any code reading them"
    verb = "is not an attribute" if len(keys) == 1 else "are not attributes"
    yield Finding(
        join_pointer("", keys[0]), f"{shown} {verb} of {CONFIG_CLASS[family]} in transformers {_VERSIONS}{said}", fix=fix
    )


@rule(
    "F005",
    "auto-map-ignored",
    Severity.WARNING,
    summary="auto_map names custom code that transformers does not run by default",
    explanation="""auto_map points AutoConfig/AutoModel at classes in Python files of the repository
    (custom code). For a config whose model_type is a BERT-family type, transformers (recorded with
    5.23 and 4.57) loads it as the built-in config class without trust_remote_code and ignores
    auto_map, so the model users get is not the custom one the author wrote. configlint checks the
    built-in class; the custom code is never run by configlint.""",
    bad='{"model_type": "bert", "auto_map": {"AutoModel": "modeling_custom.CustomModel"}}',
    good='{"model_type": "bert"}',
    evidence="case auto-map-without-trust (config_class BertConfig in transformers 5.23 and 4.57)",
    requires=("auto_map",),
)
def auto_map_ignored(ctx: LintContext) -> Iterator[Finding]:
    auto_map = ctx.config.get("auto_map")
    if not isinstance(auto_map, dict) or not auto_map or ctx.family.basis != "model_type":
        return
    names = ", ".join(f"{key} → {value}" for key, value in list(auto_map.items())[:3] if isinstance(value, str))
    yield Finding(
        "/auto_map",
        f"auto_map names custom code ({names or 'entries'}); without trust_remote_code=True transformers {_VERSIONS} loads "
        f"the built-in {CONFIG_CLASS[ctx.family.family or '']} and ignores it (recorded: auto-map-without-trust)",
    )


RULES: tuple[Rule, ...] = (misspelled_key, training_leftover_key, unread_setting, auto_map_ignored)
