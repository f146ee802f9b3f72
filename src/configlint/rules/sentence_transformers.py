"""T rules: the sentence-transformers files beside a config, where pooling really lives.

Facts (recorded by scripts/record_claims.py with sentence-transformers 6.3 and 5.7, cases st-*): a Pooling config takes
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
from configlint.module_paths import is_safe_module_path, module_path_problem
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.recorded_facts import SENTENCE_TRANSFORMERS_VERSIONS, ST_MODULE_TYPES

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
    """The Pooling configs this check is about: the document itself, or those modules.json names
    (found once per file: every T rule asks)."""
    return ctx.memo("pooling_documents", _find_pooling_documents)


def _find_pooling_documents(ctx: LintContext) -> list[ConfigDocument]:
    if ctx.kind == "st-pooling":
        return [ctx.document]
    modules = ctx.sibling("modules.json")
    if modules is None or not isinstance(modules.data, list):
        return []
    documents = []
    for module in modules.data:
        if (
            isinstance(module, dict)
            and str(module.get("type", "")).endswith("Pooling")
            and is_safe_module_path(module.get("path"))
        ):
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
    explanation="""sentence-transformers reports the embedding dimension (get_embedding_dimension,
    which vector-store schemas and following modules are sized from) from the Pooling config, while
    the transformer really outputs hidden_size (DistilBERT: dim). Recorded with 6.3 and 5.7: with 48
    in the Pooling config of a 32-wide model the model loads, reports 48 and encode returns vectors of
    32 numbers.""",
    bad='config.json {"hidden_size": 1024}  +  1_Pooling/config.json {"word_embedding_dimension": 768, "pooling_mode": "cls"}',
    good='config.json {"hidden_size": 1024}  +  1_Pooling/config.json {"word_embedding_dimension": 1024, "pooling_mode": "cls"}',
    needs="object",
    kinds=_KINDS,
    siblings_only=True,
    evidence="case st-dimension-mismatch (declared_dimension 48, embedding_length 32 in 6.3.0 and 5.7.0)",
)
def st_embedding_dimension_mismatch(ctx: LintContext) -> Iterator[Finding]:
    documents = pooling_documents(ctx)  # first: most configs have none, and the width costs more
    width = _model_width(ctx) if documents else None
    if width is None:
        return
    for document in documents:
        key = next((k for k in ("embedding_dimension", "word_embedding_dimension") if k in document.mapping), None)
        value = document.mapping.get(key) if key else None
        if isinstance(value, int) and not isinstance(value, bool) and value != width:
            yield Finding(
                join_pointer("", key or ""),
                f"{key} is {value} but the model's hidden size is {width}: sentence-transformers reports {value} "
                f"dimensions and encode returns {width} numbers (recorded: st-dimension-mismatch)",
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
    siblings_only=True,
    evidence="case st-mode-avg (ValueError at load in 6.3.0 and 5.7.0)",
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
    siblings_only=True,
    evidence="case st-several-modes (pooling_mode [cls, mean], embedding_length 64 for a 32-wide model)",
)
def st_several_pooling_modes(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        modes = pooling_modes(document.mapping)
        if len(modes) > 1:
            width = document.mapping.get("embedding_dimension", document.mapping.get("word_embedding_dimension"))
            size = f" ({len(modes)} × {width} = {len(modes) * width} numbers)" if isinstance(width, int) else ""
            pointer = (
                "/pooling_mode"
                if "pooling_mode" in document.mapping
                else join_pointer("", next(k for k in LEGACY_MODE_KEYS if document.mapping.get(k)))
            )
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
    explanation="""When every legacy pooling_mode_* flag is false, sentence-transformers uses mean
    pooling (recorded with 6.3 and 5.7). Saying so explicitly keeps readers from guessing CLS. Opt-in:
    the model works as loaded.""",
    bad='{"word_embedding_dimension": 768, "pooling_mode_cls_token": false, "pooling_mode_mean_tokens": false}',
    good='{"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}',
    needs="object",
    kinds=_KINDS,
    siblings_only=True,
    default=False,
    evidence="case st-no-mode-true (pooling_mode mean in 6.3.0 and 5.7.0)",
)
def st_no_pooling_mode(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        config = document.mapping
        legacy = [key for key in LEGACY_MODE_KEYS if key in config]
        if "pooling_mode" not in config and legacy and not any(config.get(key) for key in legacy):
            yield Finding(
                join_pointer("", legacy[0]),
                "no pooling mode is true; sentence-transformers uses mean pooling (recorded: st-no-mode-true)",
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
    siblings_only=True,
    evidence="case st-unknown-key (TypeError at load in 6.3.0 and 5.7.0)",
)
def st_unknown_pooling_key(ctx: LintContext) -> Iterator[Finding]:
    for document in pooling_documents(ctx):
        for key in document.mapping:
            if key not in POOLING_KEYS:
                yield Finding(
                    join_pointer("", key),
                    f"sentence-transformers' Pooling does not accept {key!r}; loading raises TypeError in 6.3 and 5.7 (recorded: st-unknown-key)",
                    document=_elsewhere(ctx, document),
                )


_REQUIRED_MODULE_KEYS = ("name", "path", "type")
"""name and type: recorded KeyError at load without them (st-no-name, st-no-type); path: configlint needs it
to find the module. idx is not needed: st-no-idx loads in 6.3 and 5.7."""
_NEEDS_CONFIG = {"Pooling": "st-pooling-folder-missing", "Dense": "st-dense-folder-missing"}
"""Module types recorded to fail at load (TypeError) when their folder has no config.json."""
_KNOWN_TYPES = frozenset().union(*ST_MODULE_TYPES.values())
_BUILT_IN = "sentence_transformers.models."


@rule(
    "T006",
    "st-broken-modules",
    Severity.ERROR,
    summary="modules.json is malformed, names a module type that does not exist, or a module folder that is missing",
    explanation=f"""modules.json lists the modules of a sentence-transformers model as objects with
    name, path and type (idx is optional: recorded loading without it in
    {" and ".join(SENTENCE_TRANSFORMERS_VERSIONS)}). Recorded in both versions: a module without name
    or type raises KeyError, a type that sentence_transformers.models does not have (a typo such as
    "Poolling") raises ImportError, and a Pooling or Dense module whose folder has no config.json
    raises TypeError when SentenceTransformer(...) loads the model.""",
    bad='[{"name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Poolling"}]',
    good='[{"name": "0", "path": "", "type": "sentence_transformers.models.Transformer"}, {"name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}]  (with 1_Pooling/config.json)',
    needs="object",
    kinds=("model", "st-modules"),
    siblings_only=True,
    evidence="cases st-no-idx (loads), st-no-name, st-no-type (KeyError), st-type-typo (ImportError), st-pooling-folder-missing, st-dense-folder-missing (TypeError)",
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
            yield Finding(pointer, "each module must be an object with name, path and type", document=other)
            continue
        missing = [key for key in _REQUIRED_MODULE_KEYS if key not in module]
        if missing:
            consequence = (
                "; sentence-transformers raises KeyError (recorded: st-no-name, st-no-type)"
                if set(missing) & {"name", "type"}
                else "; configlint cannot find its folder"
            )
            yield Finding(pointer, f"module {index} lacks {', '.join(missing)}{consequence}", document=other)
            continue
        kind = str(module["type"])
        if kind.startswith(_BUILT_IN) and kind.removeprefix(_BUILT_IN) not in _KNOWN_TYPES:
            import difflib  # only for a module type sentence-transformers does not have

            close = difflib.get_close_matches(kind.removeprefix(_BUILT_IN), sorted(_KNOWN_TYPES), n=1)
            hint = f"; did you mean {_BUILT_IN}{close[0]}?" if close else ""
            yield Finding(
                f"{pointer}/type",
                f"sentence_transformers.models has no {kind.removeprefix(_BUILT_IN)!r}: loading raises ImportError (recorded: st-type-typo){hint}",
                document=other,
            )
            continue
        yield from _module_folder_problems(ctx, module, pointer, other)


def _module_folder_problems(
    ctx: LintContext, module: dict[str, Any], pointer: str, other: ConfigDocument | None
) -> Iterator[Finding]:
    """Paths leaving the model, and Pooling/Dense folders without their config.json."""
    path = module["path"]
    short = str(module["type"]).rsplit(".", 1)[-1]
    if isinstance(path, str) and (problem := module_path_problem(path)) is not None:
        yield Finding(
            f"{pointer}/path",
            f"module path {path!r} {problem}: it names a folder outside the model, which configlint does not read",
            document=other,
        )
    elif ctx.kind == "model" and short in _NEEDS_CONFIG and isinstance(path, str) and ctx.files is not None:
        if not ctx.files.inside(path):
            yield Finding(
                f"{pointer}/path",
                f"module path {path!r} leads out of the model folder through a symlink, which configlint does not follow",
                document=other,
            )
        elif ctx.sibling(relative := f"{path}/config.json" if path else "config.json") is None and relative in ctx.sibling_errors:
            yield Finding(
                f"{pointer}/path", f"{relative} {ctx.sibling_errors[relative]}; configlint did not read it", document=other
            )
        elif not ctx.files.has(relative):
            yield Finding(
                f"{pointer}/path",
                f"{short} module folder {path!r} has no config.json; loading raises TypeError (recorded: {_NEEDS_CONFIG[short]})",
                document=other,
            )


@rule(
    "T007",
    "st-last-token-pooling",
    Severity.WARNING,
    summary="lasttoken pooling on a BERT-family encoder",
    explanation="""lasttoken pooling embeds a text by the hidden state of its last token, which suits
    decoder models, where only the last token has seen the whole text. sentence-transformers applies it
    to a BERT-family encoder without a word (recorded with 6.3 and 5.7); BERT-family checkpoints are
    pretrained with CLS or mean-pooled objectives, so a last-token embedding of one is rarely what was
    meant.""",
    bad='1_Pooling/config.json {"word_embedding_dimension": 768, "pooling_mode_lasttoken": true}',
    good='1_Pooling/config.json {"word_embedding_dimension": 768, "pooling_mode_mean_tokens": true}',
    needs="object",
    kinds=_KINDS,
    siblings_only=True,
    evidence="case st-lasttoken (loads, pooling_mode lasttoken, on a BertModel in 6.3.0 and 5.7.0)",
)
def st_last_token_pooling(ctx: LintContext) -> Iterator[Finding]:
    if ctx.kind == "model" and ctx.family.family is None:
        return
    for document in pooling_documents(ctx):
        if "lasttoken" in pooling_modes(document.mapping):
            pointer = "/pooling_mode" if "pooling_mode" in document.mapping else "/pooling_mode_lasttoken"
            yield Finding(
                pointer,
                "lasttoken pooling embeds the last token only; this is a BERT-family encoder, pooled with CLS or mean as a rule",
                document=_elsewhere(ctx, document),
            )


RULES: tuple[Rule, ...] = (
    st_embedding_dimension_mismatch,
    st_invalid_pooling_mode,
    st_several_pooling_modes,
    st_no_pooling_mode,
    st_unknown_pooling_key,
    st_broken_modules,
    st_last_token_pooling,
)
