"""Inspect Hub repos for an audit with one request per needed file: listings stand in for model infos.

A model-info request per model says only which commit the default branch is and which files it
holds; a page of the Hub's model listing (:mod:`configlint.hub.listing`) says that for many models
at once. :class:`HubInspector` keeps what listings said, per model, and hands it to
:func:`~configlint.hub.inspect.inspect_remote`, so a model costs config.json, the weights header
(the Hub's LFS redirect, then one speculative range read) and, only when the file list has them,
modules.json and the Pooling config.

Listings come from two places: a Hub query (``--author``/``--search``/``--model-type``), which
lists the models anyway (:meth:`HubInspector.remember`), and a list of explicit ids, resolved here
per author (:meth:`HubInspector.resolve`): the Hub cannot list a set of ids, but it can list an
author's models, narrowed by the longest name prefix the wanted ones share. Paging stops once every
wanted id was seen, or after a page budget (:data:`PAGES_PER_MODEL`), so a few repos of an
author with thousands never cost more than their own model-info requests would.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from configlint.audit.record import revision_key
from configlint.audit.retry import Clock, RealClock, RetryPolicy
from configlint.hub.transfer import DEFAULT_TIMEOUT

if TYPE_CHECKING:
    from configlint.hub.inspect import RemoteInspection
    from configlint.hub.listing import ListedModel
    from configlint.hub.model_info import Listing
    from configlint.hub.source import RemoteSource
    from configlint.selection import Selection

MIN_BATCH = 8
"""Default-branch repos of one author from which listing the author is tried."""
PAGES_PER_MODEL = 1 / 8
"""At most this many listing pages per wanted repo (at least one): paging through an author whose
wanted repos never show up costs at most an eighth more requests than model infos alone."""
PAGE_ATTEMPTS = 3
"""Tries per listing page on 429/5xx/network; after that its models are looked up one by one."""


@dataclass
class HubInspector:
    """:func:`~configlint.hub.inspect.inspect_remote` with an audit's options and the listings seen so far.

    Callable from many worker threads at once; :meth:`resolve` runs in one thread of its own.
    """

    token: str | None = None
    selection: Selection | None = None
    use_cache: bool = False
    timeout: float = DEFAULT_TIMEOUT
    policy: RetryPolicy = field(default_factory=RetryPolicy)
    clock: Clock = field(default_factory=RealClock)
    listings: dict[tuple[str, str], Listing] = field(default_factory=dict)
    """What a listing said about a repo's default branch, by :func:`revision_key` (lower-cased id)."""
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self, source: RemoteSource) -> RemoteInspection:
        from configlint.hub.inspect import inspect_remote

        listing = self.listing_for(source)
        return inspect_remote(
            source, token=self.token, selection=self.selection, use_cache=self.use_cache, timeout=self.timeout, listing=listing
        )

    def listing_for(self, source: RemoteSource) -> Listing | None:
        """What a listing said about ``source`` (None: its fetch asks the Hub for it)."""
        with self._lock:
            return self.listings.get(_key(source))

    def learn(self, source: RemoteSource, listing: Listing) -> None:
        """Keep what the parent's listing said (a worker process, :mod:`configlint.audit.workers`, lists nothing itself)."""
        with self._lock:
            self.listings[_key(source)] = listing

    def remember(self, models: Iterable[ListedModel]) -> None:
        """Keep the listings of models a query listed (entries that failed their checks are looked up alone)."""
        from configlint.hub.source import RemoteSource

        with self._lock:
            for model in models:
                if model.listing is not None:
                    self.listings[_key(RemoteSource(model.repo_id))] = model.listing

    def resolve(self, sources: Sequence[RemoteSource]) -> Iterator[int]:
        """Positions of ``sources`` as each is ready: first those a listing already described or that no
        listing can help (a revision, a single-name repo, a small group of one author), then the rest
        author by author, page by page, and at the end of each author the ones its pages never named."""
        from configlint.hub.listing import author_batches

        with self._lock:
            known = {_key(source) for source in sources if _key(source) in self.listings}
        unknown = [index for index, source in enumerate(sources) if _key(source) not in known]
        batches = author_batches([sources[index] for index in unknown], MIN_BATCH)
        batched = {_key(source) for _, group in batches for source in group}
        yield from (index for index, source in enumerate(sources) if _key(source) not in batched)
        positions: dict[tuple[str, str], list[int]] = {}
        for index, source in enumerate(sources):
            if _key(source) in batched:
                positions.setdefault(_key(source), []).append(index)
        for author, group in batches:
            wanted = {_key(source): positions[_key(source)] for source in group}
            for found in self._list_author(author, group, set(wanted)):
                yield from wanted.pop(found)
            for rest in wanted.values():
                yield from rest

    def _list_author(self, author: str, group: Sequence[RemoteSource], wanted: set[tuple[str, str]]) -> Iterator[tuple[str, str]]:
        """Page through ``author``'s models (narrowed to the wanted names' common prefix), remembering
        and yielding each wanted one found; stops when all were found, the budget is spent or a page fails."""
        from configlint.hub.errors import HubError
        from configlint.hub.listing import common_prefix, first_page

        prefix = common_prefix([source.repo_id.split("/", 1)[1] for source in group])
        url: str | None = first_page(author=author, search=prefix or None)
        budget = max(1, int(len(group) * PAGES_PER_MODEL))
        while url is not None and wanted and budget > 0:
            budget -= 1
            try:
                page, url = self.read_page(url)
            except HubError:
                return
            for model in page:
                key = _key_of(model.repo_id)
                if key in wanted and model.listing is not None:
                    with self._lock:
                        self.listings[key] = model.listing
                    wanted.discard(key)
                    yield key

    def read_page(self, url: str) -> tuple[list[ListedModel], str | None]:
        """One page, retried on 429/5xx/network as a model would be (a 429's wait is honoured)."""
        from configlint.hub.errors import HubError
        from configlint.hub.listing import read_page

        attempt = 0
        while True:
            attempt += 1
            try:
                return read_page(url, token=self.token, timeout=self.timeout)
            except HubError as error:
                if attempt >= PAGE_ATTEMPTS or not self.policy.should_retry(attempt, error.retryable):
                    raise
                self.clock.sleep(self.policy.delay(attempt, error.retry_after))


def _key(source: RemoteSource) -> tuple[str, str]:
    """A repo's key in :attr:`HubInspector.listings`: ids compare case-insensitively on the Hub."""
    repo_id, revision = revision_key(source)
    return repo_id.lower(), revision


def _key_of(repo_id: str) -> tuple[str, str]:
    return repo_id.lower(), ""
