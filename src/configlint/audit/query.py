"""The repos of a Hub query: ``--author``, ``--search``, ``--model-type``, ``--limit``, via the Hub's model listing.

The listing is read with ``expand=["sha", "siblings", "gated"]`` (:mod:`configlint.hub.listing`),
so every listed model arrives with what its fetch needs and costs no model-info request of its own
(:meth:`HubInspector.remember <configlint.audit.batching.HubInspector.remember>`).

``--model-type bert`` asks the Hub for models tagged ``bert`` (the Hub tags every model with its
config's ``model_type``) and, since the listing also carries each model's config, keeps a model only
when its config's ``model_type`` is that family, or, when the listing has no config for it, when
it carries the tag. ``--limit`` counts the models kept, and pages past it are never requested.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING

from configlint.hub.source import RemoteSource
from configlint.schema.detection import FAMILIES

if TYPE_CHECKING:
    from configlint.hub.listing import ListedModel

ListPages = Callable[..., Iterable[list["ListedModel"]]]
"""The listing's pages for keyword arguments ``author``/``search``/``filter``/``expand``/``token``
(normally :func:`pages`; tests pass a stand-in)."""


def _matches(model: ListedModel, model_type: str) -> bool:
    config = model.config
    if config is not None and "model_type" in config:
        return bool(config["model_type"] == model_type)
    return model_type in model.tags


def pages(
    *, author: str | None = None, search: str | None = None, filter: str | None = None,
    expand: Sequence[str] = (), token: str | None = None,
) -> Iterator[list[ListedModel]]:  # fmt: skip
    """The listing page by page, each page retried like an audited model on 429/5xx/network."""
    from configlint.audit.batching import HubInspector
    from configlint.hub.listing import first_page

    reader = HubInspector(token=token)
    url: str | None = first_page(author=author, search=search, filter=filter, expand=expand)
    while url is not None:
        page, url = reader.read_page(url)
        yield page


def query_listed(
    *,
    author: str | None = None,
    search: str | None = None,
    model_type: str | None = None,
    limit: int | None = None,
    token: str | None = None,
    list_pages: ListPages | None = None,
) -> list[ListedModel]:
    """Listed models (default branch) matching the query, in the Hub's order. Raises :class:`HubError`."""
    from configlint.hub.listing import EXPAND

    if model_type is not None and model_type not in FAMILIES:
        from configlint.errors import UsageError

        raise UsageError(f"--model-type {model_type!r}: expected one of {', '.join(FAMILIES)}")
    expand = [*EXPAND, *(["config", "tags"] if model_type is not None else [])]
    arguments = {"author": author, "search": search, "filter": model_type, "token": token}
    listed = (list_pages or pages)(expand=expand, **{k: v for k, v in arguments.items() if v is not None})
    found = _matching(listed, model_type)
    return list(islice(found, limit) if limit is not None else found)


def query_models(**query: object) -> list[RemoteSource]:
    """The repos of :func:`query_listed`."""
    return [RemoteSource(model.repo_id) for model in query_listed(**query)]  # type: ignore[arg-type]


def _matching(listed: Iterable[list[ListedModel]], model_type: str | None) -> Iterator[ListedModel]:
    for page in listed:
        for model in page:
            if model_type is None or _matches(model, model_type):
                yield model
