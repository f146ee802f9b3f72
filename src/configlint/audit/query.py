"""The repos of a Hub query: ``--author``, ``--search``, ``--model-type``, ``--limit`` via ``HfApi().list_models``.

``--model-type bert`` asks the Hub for models tagged ``bert`` (the Hub tags every model with its
config's ``model_type``) and, since the listing can carry each model's config, keeps a model only
when its config's ``model_type`` is that family, or, when the listing has no config for it, when
it carries the tag. ``--limit`` counts the models kept, and pages past it are never requested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from configlint.hub.source import RemoteSource
from configlint.schema.detection import FAMILIES

ListModels = Callable[..., Iterable[Any]]
"""``HfApi().list_models`` or a stand-in: keyword arguments in, objects with ``id``/``tags``/``config`` out."""


def _matches(info: Any, model_type: str) -> bool:
    config = getattr(info, "config", None)
    if isinstance(config, dict) and "model_type" in config:
        return config["model_type"] == model_type
    return model_type in (getattr(info, "tags", None) or ())


def query_models(
    *,
    author: str | None = None,
    search: str | None = None,
    model_type: str | None = None,
    limit: int | None = None,
    token: str | None = None,
    list_models: ListModels | None = None,
) -> list[RemoteSource]:
    """Repos (default branch) matching the query, in the Hub's order. Raises :class:`HubError`."""
    if model_type is not None and model_type not in FAMILIES:
        from configlint.errors import UsageError

        raise UsageError(f"--model-type {model_type!r}: expected one of {', '.join(FAMILIES)}")
    if list_models is None:
        from huggingface_hub import HfApi

        list_models = HfApi().list_models
    arguments: dict[str, Any] = {"author": author, "search": search, "token": token}
    if model_type is not None:
        arguments.update(filter=model_type, expand=["config", "tags"])
    try:
        found = _iterate(list_models(**{k: v for k, v in arguments.items() if v is not None}), model_type)
        return list(islice(found, limit) if limit is not None else found)
    except Exception as error:  # noqa: BLE001 - client errors become a HubError, the rest propagate
        from configlint.hub.errors import from_client_error

        translated = from_client_error(error, source="the Hub model listing")
        if translated is None:
            raise
        raise translated from None


def _iterate(infos: Iterable[Any], model_type: str | None) -> Iterator[RemoteSource]:
    for info in infos:
        if model_type is None or _matches(info, model_type):
            yield RemoteSource(info.id)
