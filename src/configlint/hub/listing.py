"""Many models described in one request: a page of ``GET /api/models`` (``HfApi().list_models``).

``list_models(..., expand=["sha", "siblings", "gated"])`` gives, for a whole page of models, what
one model-info request gives for one: the default branch's commit and the file names (no sizes:
huggingface_hub's ``RepoSibling`` says a listing carries names only). With it an audit needs no
model-info request per model, only the fetches that carry content.

Pages are read like every other Hub answer (:class:`~configlint.hub.transfer.HubFiles`: streamed
under a size limit, redirects by hand, never retried here, so a 429 reaches the caller), and each
entry gets the checks a model-info answer gets (:func:`~configlint.hub.model_info.listing_from_info`).
An entry that fails them is kept as its :class:`HubError` (the model is then looked up on its own);
an entry without a repo id cannot be attributed to any model and fails the whole listing.

The Hub's search parameters cannot name a set of repos: ``search`` is a substring of the id,
``author`` one user or organisation, ``filter`` tags. A list of explicit ids is therefore batched
per author (:func:`author_batches`); see the README's audit section for what that costs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from configlint.hub.errors import HubError
from configlint.hub.model_info import Listing, listing_from_info
from configlint.hub.source import RemoteSource
from configlint.hub.transfer import DEFAULT_TIMEOUT, HubFiles, Meter

EXPAND = ("sha", "siblings", "gated")
"""The ``expand`` properties a fetch needs (huggingface_hub 2.4's ``ExpandModelProperty_T`` names)."""
MAX_PAGE_BYTES = 32 * 1024 * 1024
"""A page is ~100 bytes per file name of each model listed: 32 MiB is ~1,000 models of ~300 files."""
WHAT = "the Hub model listing"


@dataclass(frozen=True)
class ListedModel:
    """One entry of a model listing."""

    repo_id: str
    listing: Listing | None
    """The commit and file names of the default branch; None when the entry failed its checks."""
    problem: HubError | None = None
    tags: tuple[str, ...] = ()
    config: dict[str, Any] | None = field(default=None, compare=False)
    """The part of config.json the Hub returns with ``expand=["config"]`` (its ``model_type``...)."""
    gated: bool = False


def listing_url(parameters: Sequence[tuple[str, str]]) -> str:
    """``/api/models?...`` on the configured endpoint, with list values repeated as the client sends them."""
    from huggingface_hub import constants

    return f"{constants.ENDPOINT}/api/models?{urlencode(list(parameters))}"


def first_page(
    *,
    author: str | None = None,
    search: str | None = None,
    filter: str | None = None,
    expand: Sequence[str] = EXPAND,
    limit: int | None = None,
) -> str:
    """The address of a listing's first page, with the parameters ``HfApi().list_models`` sends."""
    parameters = [(name, value) for name, value in (("author", author), ("search", search), ("filter", filter)) if value]
    parameters += [("expand", name) for name in expand]
    if limit is not None:
        parameters.append(("limit", str(limit)))
    return listing_url(parameters)


def read_page(url: str, *, token: str | None = None, timeout: float = DEFAULT_TIMEOUT) -> tuple[list[ListedModel], str | None]:
    """One page's entries and the next page's address (None: the last page). One request, never
    retried: a 429 is ``HubError(kind="rate-limited")`` with the wait, for the caller to honour."""
    api = HubFiles("", "main", source=WHAT, token=token, meter=Meter(max_bytes=MAX_PAGE_BYTES + 1), timeout=timeout)
    body, following = api.read_page(url, WHAT, MAX_PAGE_BYTES)
    return parse_page(body), following


def parse_page(body: bytes) -> list[ListedModel]:
    """The entries of one page; a page that is not a JSON list, or an entry without an id, is a :class:`HubError`."""
    try:
        entries = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HubError("server-error", "the answer is not JSON", source=WHAT) from None
    if not isinstance(entries, list):
        raise HubError("server-error", f"the answer is a JSON {type(entries).__name__}, not a list", source=WHAT)
    return [_entry(index, entry) for index, entry in enumerate(entries)]


def _entry(index: int, entry: object) -> ListedModel:
    repo_id = entry.get("id") if isinstance(entry, dict) else None
    if not isinstance(repo_id, str) or not repo_id:
        raise HubError("server-error", f'entry {index} names no repo (no "id")', source=WHAT)
    assert isinstance(entry, dict)
    source = RemoteSource(repo_id)
    listing: Listing | None = None
    problem: HubError | None = None
    try:
        listing = listing_from_info(entry, source=source, about="listing entry")
    except HubError as error:
        problem = error
    tags = entry.get("tags")
    config = entry.get("config")
    return ListedModel(
        repo_id,
        listing,
        problem,
        tags=tuple(tag for tag in tags if isinstance(tag, str)) if isinstance(tags, list) else (),
        config=config if isinstance(config, dict) else None,
        gated=entry.get("gated") not in (None, False),
    )


def author_batches(sources: Sequence[RemoteSource], minimum: int) -> list[tuple[str, list[RemoteSource]]]:
    """``(author, its sources)`` worth resolving by listing the author: at least ``minimum``
    default-branch repos of one author (ids compare case-insensitively, as on the Hub). The rest (a
    revision, a single-name repo, two repos of an author with thousands) cost one model-info request
    each, which is less than paging through the author."""
    batches: dict[str, tuple[str, list[RemoteSource]]] = {}
    for source in sources:
        if source.revision is None and "/" in source.repo_id:
            author = source.repo_id.split("/", 1)[0]
            batches.setdefault(author.lower(), (author, []))[1].append(source)
    return [(author, group) for author, group in batches.values() if len(group) >= minimum]


def common_prefix(names: Sequence[str]) -> str:
    """The longest start all ``names`` share: a ``search`` that keeps each of them in the listing."""
    if not names:
        return ""
    low, high = min(names), max(names)
    size = next((i for i, (a, b) in enumerate(zip(low, high)) if a != b), min(len(low), len(high)))
    return low[:size]
