"""Tell a Hub repository (``org/name[@revision]``, ``hf://...``) from a local path, without the network.

Every command that takes a path also takes a remote source, so the test has to be cheap and
conservative: an argument that exists on disk is always a local path, and only a string that is a
valid Hub repo id becomes a remote source. A bare single-segment name (``bert-base-uncased``) is
far more likely to be a mistyped folder than a canonical repo, so it is remote only as
``hf://bert-base-uncased``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_PART = r"[A-Za-z0-9](?:[A-Za-z0-9_.\-]{0,94}[A-Za-z0-9_])?"
_REPO_ID = re.compile(rf"{_PART}(?:/{_PART})?")
"""The Hub's repo-id rule (huggingface_hub ``validate_repo_id``), minus what it additionally rejects below."""
_REVISION = re.compile(r"[^\s@]{1,255}")
COMMIT_SHA = re.compile(r"[0-9a-f]{40}")
"""A full commit hash: immutable, so its cached headers never need revalidating."""
_URI_PREFIX = "hf://"
_NOT_MODELS = ("datasets/", "spaces/", "buckets/", "kernels/")


@dataclass(frozen=True, slots=True)
class RemoteSource:
    """A model repository on the Hub and the revision to read (None: the default branch)."""

    repo_id: str
    revision: str | None = None
    implicit: bool = field(default=False, compare=False)
    """True when the argument had no ``hf://`` and was read as a repo only because no local path has that
    name: every :class:`~configlint.hub.errors.HubError` about it then says both were tried."""

    def __str__(self) -> str:
        return f"{self.repo_id}@{self.revision}" if self.revision else self.repo_id

    @property
    def pinned(self) -> bool:
        """True when the revision is a full commit hash (nothing to resolve, cache answers offline)."""
        return self.revision is not None and COMMIT_SHA.fullmatch(self.revision) is not None


def _valid_repo_id(repo_id: str) -> bool:
    return _REPO_ID.fullmatch(repo_id) is not None and "--" not in repo_id and ".." not in repo_id


def parse_remote(text: str) -> RemoteSource | None:
    """``org/name``, ``org/name@rev``, ``hf://org/name[@rev]`` or ``hf://name[@rev]`` → a source; else None.

    None also when ``text`` names an existing local file or folder: a local path always wins.
    """
    uri = text.startswith(_URI_PREFIX)
    if not uri and Path(text).exists():
        return None
    body = text[len(_URI_PREFIX) :] if uri else text
    if uri:
        if body.startswith(_NOT_MODELS):
            return None
        body = body.removeprefix("models/")
    repo_id, at, revision = body.partition("@")
    if at and _REVISION.fullmatch(revision) is None:
        return None
    if not _valid_repo_id(repo_id) or (not uri and "/" not in repo_id):
        return None
    return RemoteSource(repo_id, revision or None, implicit=not uri)
