"""T rules: the sentence-transformers files beside a config, where pooling really lives.

Facts (sentence-transformers 6.2, checked by loading Pooling modules): a Pooling config takes
``embedding_dimension`` (legacy ``word_embedding_dimension``), ``pooling_mode`` (one of
:data:`POOLING_MODES` or a list of them) and ``include_prompt``, plus the legacy boolean
``pooling_mode_*`` keys, which are converted: none true means "mean", several true means the
modes are concatenated (the embedding is n × the dimension). Any other key makes
``Pooling.__init__`` raise TypeError; an unknown mode raises ValueError.

The rules run on a model config (reading ``modules.json`` and each Pooling module's config
beside it, reporting into that file) and on a Pooling config checked directly.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.document import ConfigDocument, join_pointer
from configlint.module_paths import is_safe_module_path, module_folder, module_path_problem
from configlint.rules.base import Finding, Rule, rule

POOLING_MODES = ("cls", "max", "mean", "mean_sqrt_len_tokens", "weightedmean", "lasttoken")
LEGACY_MODE_KEYS = {
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_mean_sqrt_len_tokens": "mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens": "weightedmean",
    "pooling_mode_lasttoken": "lasttoken",
}
POOLING_KEYS = frozenset({"embedding_dimension", "word_embedding_dimension", "pooling_mode", "include_prompt", *LEGACY_MODE_KEYS})
_KINDS = ("model", "st-pooling")


def pooling_documents(ctx: LintContext) -> list[ConfigDocument]:
    """The Pooling configs this check is about: the document itself, or those modules.json names."""
    if ctx.kind == "st-pooling":
        return [ctx.document]
    modules = ctx.sibling("modules.json")
    if modules is None or not isinstance(modules.data, list):
        return []
    documents = []
    for module in modules.data:
        if isinstance(module, dict) and str(module.get("type", "")).endswith("Pooling") and is_safe_module_path(module.get("path")):
            document = ctx.sibling(f"{module['path']}/config.json" if module["path"] else "config.json")
            if document is not None and isinstance(document.data, dict):
                documents.append(document)
    return documents


def _elsewhere(ctx: LintContext, document: ConfigDocument) -> ConfigDocument | None:
    """The document a finding belongs to, when it is not the one being checked."""
    return document if document is not ctx.document else None


def pooling_modes(config: Mapping[str, Any]) -> tuple[str, ...]:
    """The modes sentence-transformers will use, after converting the legacy boolean keys."""
    mode = config.get("pooling_mode")
    if isinstance(mode, str):
        return (mode,)
    if isinstance(mode, list):
        return tuple(str(item) for item in mode)
    legacy = [key for key in LEGACY_MODE_KEYS if key in config]
    if not legacy:
        return ("mean",)
    active = tuple(LEGACY_MODE_KEYS[key] for key in legacy if config.get(key))
    return active or ("mean",)


def _model_width(ctx: LintContext) -> int | None:
    if ctx.kind == "model":
        return ctx.int("dim") if ctx.family.family == "distilbert" else ctx.int("hidden_size")
    parent = ctx.sibling("../config.json")
    if parent is None:
        return None
    config = parent.mapping
    width = config.get("hidden_size", config.get("dim"))
    return width if isinstance(width, int) and not isinstance(width, bool) else None


@rule(
    "T001",
    "st-embedding-dimension-mismatch",
    Severity.ERROR,
    summary="The Pooling module's embedding dimension differs from the model's hidden size",
    explanation="""sentence-transformers sizes everything after the Pooling module (Dense layers,
    the reported embedding dimension, vector-store schemas) from word_embedding_dimension, while the
    transformer really outputs hidden_size (DistilBERT: dim). When they differ, the reported
    dimension is wrong and any following Dense module fails on the first batch.""",
    bad='config.json {"hidden_size": 1024}  +  1_Pooling/config.json {"word_embedding_dimension": 768, "pooling_mode": "cls"}',
    good='config.json {"hidden_size": 1024}  +  1_Pooling/config.json {"word_embedding_dimension": 1024, "pooling_mode": "cls"}',
    needs="object",
    kinds=_KINDS,
    evidence="sentence_transformers/sentence_transformer/modules/pooling.py Pooling.__init__",
)
def st_embedding_dimension_mismatch(ctx: LintContext) -> Iterator[Finding]:
    width = _model_width(ctx)
    if width is None:
        return
    for document in pooling_documents(ctx):
        key = next((k for k in ("embedding_dimension", "word_embedding_dimension") if k in document.mapping), None)
        value = document.mapping.get(key) if key else None
        if isinstance(value, int) and not isinstance(value, bool) and value != width:
            yield Finding(
                join_pointer("", key or ""),
                f"{key} is {value} but the model's hidden size is {width}",
                document=_elsewhere(ctx, document),
            )


@rule(
    "T002",
    "st-invalid-pooling-mode",
    Severity.ERROR,
    summary="pooling_mode names a mode sentence-transformers does not have",
    explanation="""sentence-transformers accepts the pooling modes cls, max, mean, mean_sqrt_len_tokens,
    weightedmean and lasttoken; anything else ("avg", "average", "first") raises ValueError when
    the model loads.""",
    bad='1_Pooling/config.json {"embedding_dimension": 768, "pooling_mode": "avg"}',
    good='1_Pooling/config.json {"embedding_dimension": 768, "pooling_mode": "mean"}',
    needs="object",
    kinds=_KINDS,
    evidence="sentence_transformers/sentence_transformer/modules/pooling.py Pooling.POOLING_MODES",
)
def st_invalid_pooling_mode(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        if "pooling_mode" not in document.mapping:
            continue
        for mode in pooling_modes(document.mapping):
            if mode not in POOLING_MODES:
                yield Finding(
                    "/pooling_mode",
                    f'pooling mode "{mode}" does not exist; sentence-transformers accepts {", ".join(POOLING_MODES)}',
                    document=_elsewhere(ctx, document),
                )


@rule(
    "T003",
    "st-several-pooling-modes",
    Severity.WARNING,
    summary="Several pooling modes are on: the embeddings are concatenated",
    explanation="""With several pooling_mode_* flags true (or a list of modes) sentence-transformers
    concatenates the pooled vectors, so the embedding is n × the model width (mean + cls of a
    768-wide model gives 1536 numbers). That is rarely intended when converting from a
    single-mode model, and breaks indexes sized for the model width.""",
    bad='{"word_embedding_dimension": 768, "pooling_mode_cls_token": true, "pooling_mode_mean_tokens": true}',
    good='{"word_embedding_dimension": 768, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": true}',
    needs="object",
    kinds=_KINDS,
)
def st_several_pooling_modes(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        modes = pooling_modes(document.mapping)
        if len(modes) > 1:
            width = document.mapping.get("embedding_dimension", document.mapping.get("word_embedding_dimension"))
            size = f" ({len(modes)} × {width} = {len(modes) * width} numbers)" if isinstance(width, int) else ""
            pointer = "/pooling_mode" if "pooling_mode" in document.mapping else join_pointer("", next(k for k in LEGACY_MODE_KEYS if document.mapping.get(k)))
            yield Finding(
                pointer,
                f"pooling modes {', '.join(modes)} are all on; sentence-transformers concatenates them{size}",
                document=_elsewhere(ctx, document),
            )


@rule(
    "T004",
    "st-no-pooling-mode",
    Severity.INFO,
    summary="No pooling mode is on: sentence-transformers falls back to mean",
    explanation="""When every legacy pooling_mode_* flag is false, sentence-transformers silently uses
    mean pooling. Say so explicitly, so readers do not guess CLS.""",
    bad='{"word_embedding_dimension": 768, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": false}',
    good='{"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}',
    needs="object",
    kinds=_KINDS,
)
def st_no_pooling_mode(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        config = document.mapping
        legacy = [key for key in LEGACY_MODE_KEYS if key in config]
        if "pooling_mode" not in config and legacy and not any(config.get(key) for key in legacy):
            yield Finding(
                join_pointer("", legacy[0]),
                "no pooling mode is true; sentence-transformers uses mean pooling",
                document=_elsewhere(ctx, document),
            )


@rule(
    "T005",
    "st-unknown-pooling-key",
    Severity.ERROR,
    summary="A key the Pooling module does not accept",
    explanation="""sentence-transformers passes every key of a Pooling config to Pooling(**config), so
    a key it does not know (a typo like "pooling_mode_mean_token", or a copied "pooler_type") makes
    the model fail to load with TypeError: unexpected keyword argument.""",
    bad='{"word_embedding_dimension": 768, "pooling_mode_mean_token": true}',
    good='{"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}',
    needs="object",
    kinds=_KINDS,
    evidence="sentence_transformers/base/modules/module.py Module.load_config; Pooling.__init__",
)
def st_unknown_pooling_key(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        for key in document.mapping:
            if key not in POOLING_KEYS:
                yield Finding(
                    join_pointer("", key),
                    f"sentence-transformers 6's Pooling does not accept {key!r}; loading raises TypeError",
                    document=_elsewhere(ctx, document),
                )


@rule(
    "T006",
    "st-broken-modules",
    Severity.ERROR,
    summary="modules.json is malformed or names a module folder that is missing",
    explanation="""modules.json lists the modules of a sentence-transformers model as objects with idx,
    name, path and type. A missing field, or a Pooling path whose config.json is not there, makes
    SentenceTransformer(...) fail or silently fall back to a default mean-pooling model.""",
    bad='[{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]  (no 1_Pooling/config.json)',
    good="the same, with 1_Pooling/config.json present",
    needs="object",
    kinds=("model", "st-modules"),
)
def st_broken_modules(ctx: LintContext) -> Iterator[Finding]:
    modules = ctx.document if ctx.kind == "st-modules" else ctx.sibling("modules.json")
    if modules is None:
        if "modules.json" in ctx.sibling_errors:
            yield Finding("", f"modules.json {ctx.sibling_errors['modules.json']}; configlint did not read it", position=(1, 1))
        return
    other = modules if modules is not ctx.document else None
    if not isinstance(modules.data, list):
        yield Finding("", "modules.json must be a JSON array of module descriptions", document=other)
        return
    for index, module in enumerate(modules.data):
        pointer = f"/{index}"
        if not isinstance(module, dict):
            yield Finding(pointer, "each module must be an object with idx, name, path and type", document=other)
            continue
        missing = [key for key in ("idx", "name", "path", "type") if key not in module]
        if missing:
            yield Finding(pointer, f"module {index} lacks {', '.join(missing)}", document=other)
            continue
        path = module["path"]
        if isinstance(path, str) and (problem := module_path_problem(path)) is not None:
            yield Finding(f"{pointer}/path", f"module path {path!r} {problem}: it names a folder outside the model, which configlint does not read", document=other)
        elif ctx.kind == "model" and str(module["type"]).endswith("Pooling") and isinstance(path, str) and ctx.folder is not None:
            if module_folder(ctx.folder, path) is None:
                yield Finding(f"{pointer}/path", f"module path {path!r} leads out of the model folder through a symlink, which configlint does not follow", document=other)
            elif ctx.sibling(relative := f"{path}/config.json" if path else "config.json") is None and relative in ctx.sibling_errors:
                yield Finding(f"{pointer}/path", f"{relative} {ctx.sibling_errors[relative]}; configlint did not read it", document=other)
            elif not (ctx.folder / path / "config.json").is_file():
                yield Finding(f"{pointer}/path", f"Pooling module folder {path!r} has no config.json", document=other)


RULES: tuple[Rule, ...] = (
    st_embedding_dimension_mismatch,
    st_invalid_pooling_mode,
    st_several_pooling_modes,
    st_no_pooling_mode,
    st_unknown_pooling_key,
    st_broken_modules,
)
