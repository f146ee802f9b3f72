"""The one API call of a fetch: which commit a revision is, and which files (with sizes) it holds.

This is what ``HfApi().model_info(files_metadata=True)`` asks for, read through
:class:`~configlint.hub.transfer.HubFiles` instead of the client call, because the answer comes
from a server configlint does not control: the client reads the whole body into memory and builds
a ``ModelInfo`` from it, which raises ``KeyError``/``TypeError`` on an answer without ``id``, a
file entry without ``rfilename`` or a body that is not an object. Here the body is streamed under
a size limit, no redirect carries the token off the Hub, and only the three fields configlint
uses are read and checked: ``id``, ``sha`` and ``siblings``. Anything else is one
:class:`HubError` line.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from configlint.checkpoint.messages import brief
from configlint.hub.errors import HubError
from configlint.hub.source import COMMIT_SHA, RemoteSource
from configlint.hub.transfer import HubFiles, Meter

MAX_MODEL_INFO_BYTES = 8 * 1024 * 1024
"""A model-info answer lists every file of the commit (~150 bytes each): 8 MiB is ~50,000 files."""
WHAT = "the model info"


@dataclass(frozen=True)
class Listing:
    """One revision as the Hub describes it."""

    commit: str
    sizes: dict[str, int | None]
    """Every file of the commit, with its size (None if the Hub did not say: a model listing never
    does, and the fetch then learns a weights file's size from its first range answer)."""


def model_info_url(source: RemoteSource) -> str:
    """The API address ``HfApi().model_info(..., files_metadata=True)`` requests, on the configured endpoint."""
    from huggingface_hub import constants

    revision = f"/revision/{quote(source.revision, safe='')}" if source.revision else ""
    return f"{constants.ENDPOINT}/api/models/{source.repo_id}{revision}?blobs=true"


def read_listing(source: RemoteSource, *, token: str | None, meter: Meter, timeout: float) -> Listing:
    """One request, never retried; a missing repo or revision is the :class:`HubError` the client's mapping says."""
    api = HubFiles(source.repo_id, source.revision or "main", source=source, token=token, meter=meter, timeout=timeout)
    return parse_listing(api.read_url(model_info_url(source), WHAT, MAX_MODEL_INFO_BYTES), source=source)


def parse_listing(body: bytes, *, source: RemoteSource) -> Listing:
    """The commit and file sizes of a model-info answer, or a :class:`HubError` saying what is wrong with it."""
    try:
        info = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise HubError("server-error", "the Hub's model info is not JSON", source=source) from None
    return listing_from_info(info, source=source)


def listing_from_info(info: object, *, source: RemoteSource, about: str = "model info") -> Listing:
    """The commit and files of one decoded model description: a model-info answer or an entry of a
    model listing (``list_models(expand=["sha", "siblings"])``), which carry the same three fields
    and get the same checks. ``about`` names the answer in messages."""

    def bad(problem: str) -> HubError:
        return HubError("server-error", f"the Hub's {about} {problem}", source=source)

    if not isinstance(info, dict):
        raise bad(f"is a JSON {type(info).__name__}, not an object")
    if not isinstance(info.get("id"), str):
        raise bad('names no repo (no "id")')
    commit = info.get("sha")
    if not isinstance(commit, str) or COMMIT_SHA.fullmatch(commit) is None:
        raise HubError("server-error", f"the Hub gave no commit hash for this revision ({brief(commit)})", source=source)
    siblings = info.get("siblings")
    if not isinstance(siblings, list):
        raise bad('lists no files (no "siblings" list), so configlint cannot tell whether config.json exists')
    sizes: dict[str, int | None] = {}
    for index, sibling in enumerate(siblings):
        name = sibling.get("rfilename") if isinstance(sibling, dict) else None
        if not isinstance(name, str) or not name:
            raise bad(f'has a file entry without a name ("rfilename" of siblings[{index}])')
        sizes[name] = _size(sibling)
    return Listing(commit, sizes)


def _size(sibling: dict[str, Any]) -> int | None:
    """The file's size: the LFS object's when the entry has one, else ``size``; None when neither is a count."""
    lfs = sibling.get("lfs")
    size = lfs.get("size") if isinstance(lfs, dict) else sibling.get("size")
    return size if isinstance(size, int) and not isinstance(size, bool) and size >= 0 else None
