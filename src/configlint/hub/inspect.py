"""Lint a Hub repo and predict its load report: the normal engine on what :func:`fetch_model` read.

The rules see the repo exactly as they see a local folder: config.json is parsed once, with
positions, under the name ``org/name@rev/config.json``; the small JSON siblings are read through the
repo's :class:`~configlint.model_files.ModelFiles` (what the fetch already read costs no request),
and the weights are the inventory read from the headers. Nothing is written to disk.
"""

from __future__ import annotations

from dataclasses import dataclass

from configlint.context import LintContext
from configlint.diagnostics import Diagnostic
from configlint.document import ConfigDocument, parse_document
from configlint.errors import InputError
from configlint.hub.fetch import RemoteModel, fetch_model
from configlint.hub.model_info import Listing
from configlint.hub.source import RemoteSource
from configlint.hub.transfer import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT
from configlint.load_report import LoadReport, config_for_report, predict_load_report
from configlint.selection import Selection


@dataclass(frozen=True)
class RemoteInspection:
    """Diagnostics and load report of one Hub repo commit, and what fetching it cost."""

    model: RemoteModel
    diagnostics: list[Diagnostic]
    load_report: LoadReport | None
    """None when config.json cannot be parsed or the weights could not be read (see ``model.checkpoint.error``)."""
    family: str | None = None
    """The family configlint detected in config.json (None: not a readable model config)."""


def inspect_remote(
    source: RemoteSource | str,
    *,
    token: str | None = None,
    selection: Selection | None = None,
    as_class: str | None = None,
    use_cache: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    require_weights: bool = False,
    listing: Listing | None = None,
) -> RemoteInspection:
    """Fetch (see :func:`~configlint.hub.fetch.fetch_model`, which raises :class:`HubError`), lint, predict.

    ``listing``: the commit and file names a model listing already gave, saving the model-info request."""
    from configlint.engine import build_context, lint_context

    model = fetch_model(
        source, token=token, use_cache=use_cache, max_bytes=max_bytes, timeout=timeout, require_weights=require_weights,
        listing=listing,
    )  # fmt: skip
    document = parse_document(model.config_text, path=f"{model.source}/config.json")
    context = build_context(document, None, model.checkpoint, model_files=model.repo_files)
    diagnostics = lint_context(context, selection=selection)
    return RemoteInspection(model, diagnostics, _load_report(model, document, context, as_class), _family(context))


def _family(context: LintContext) -> str | None:
    """The family of config.json from the context's own detection (config.json is parsed once)."""
    if context.kind == "model":
        return context.family.family
    from configlint.schema import detect_family

    data = context.document.data
    return detect_family(data).family if isinstance(data, dict) else None


def _load_report(model: RemoteModel, document: ConfigDocument, context: LintContext, as_class: str | None) -> LoadReport | None:
    """What ``from_pretrained`` would report for this commit; None if the config or weights are unreadable."""
    if model.checkpoint.error is not None:
        return None
    try:
        config = config_for_report(document)
    except InputError:
        return None
    if as_class is None and model.checkpoint.inventory is not None and context.preset_checkpoint is model.checkpoint:
        return context.load_report  # the W rules' prediction for the declared class, computed once
    return predict_load_report(config, model.checkpoint.inventory, as_class, folder=str(model.source))
