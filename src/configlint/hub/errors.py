"""One error type for everything that can go wrong reading a repo on the Hub, with a machine-readable kind.

The CLI prints :class:`HubError` on one line and exits 2, like any :class:`ConfiglintError`. An
``org/name`` argument that is a Hub repo only because no local path has that name
(:attr:`RemoteSource.implicit <configlint.hub.source.RemoteSource.implicit>`) may just be a mistyped
folder, so every error about it says both were tried: the error carries that itself, so every
command that prints it (check, load-report, the Python API) says the same. The audit (which checks many repos) decides what to retry from :attr:`HubError.kind` and
:attr:`HubError.retry_after`, which is why configlint never retries by itself and why a 429 must
reach it as ``rate-limited`` rather than vanish into huggingface_hub's own backoff.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from configlint.errors import ConfiglintError

if TYPE_CHECKING:
    from collections.abc import Mapping

HubErrorKind = Literal[
    "not-found", "gated", "revision-not-found", "no-config", "no-weights", "rate-limited",
    "server-error", "too-large", "offline", "network", "unsafe",
]  # fmt: skip
KINDS: frozenset[str] = frozenset(HubErrorKind.__args__)  # type: ignore[attr-defined]
NOT_LOCAL = "; it is not a local file or folder either, so it was read as a Hub repo"
"""Appended to every error about an implicit remote source (see the module docstring)."""
RETRYABLE: frozenset[str] = frozenset({"rate-limited", "server-error", "network"})
"""Kinds worth retrying later; the others describe the repo, not the moment."""


class HubError(ConfiglintError):
    """A Hub repo that cannot be read (missing, gated, rate limited, ...): exit code 2, one line."""

    def __init__(self, kind: HubErrorKind, message: str, *, source: object = None, retry_after: float | None = None) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown HubError kind {kind!r}")
        self.kind: HubErrorKind = kind
        self.retry_after = retry_after
        """Seconds the server asked us to wait (429/503), when it said so."""
        if getattr(source, "implicit", False):
            message = f"{message}{NOT_LOCAL}"
        super().__init__(message, source=str(source) if source is not None else None)

    @property
    def retryable(self) -> bool:
        return self.kind in RETRYABLE


def retry_after_seconds(headers: Mapping[str, str]) -> float | None:
    """The wait a 429/503 asks for: the ``RateLimit`` reset when the quota is spent, else ``Retry-After``."""
    from huggingface_hub.utils import parse_ratelimit_headers

    info = parse_ratelimit_headers(headers)
    if info is not None and info.remaining == 0:
        return float(info.reset_in_seconds)
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), "").strip()
    return float(value) if value.isdigit() else None


def from_client_error(
    error: BaseException, *, source: object, missing: HubErrorKind = "not-found", what: str = ""
) -> HubError | None:
    """Translate a huggingface_hub / HTTP-client exception into a :class:`HubError` (None: not ours to translate).

    ``missing`` is the kind for "entry not found" (``no-config`` when config.json is absent) and
    ``what`` names the file being read, for the message. Order matters: ``GatedRepoError`` is a
    subclass of ``RepositoryNotFoundError`` and must be caught first.
    """
    import httpx2
    from huggingface_hub.errors import (
        GatedRepoError,
        HfHubHTTPError,
        OfflineModeIsEnabled,
        RemoteEntryNotFoundError,
        RepositoryNotFoundError,
        RevisionNotFoundError,
    )

    def hub_error(kind: HubErrorKind, message: str, retry_after: float | None = None) -> HubError:
        return HubError(kind, message, source=source, retry_after=retry_after)

    if isinstance(error, GatedRepoError):
        return hub_error("gated", "is a gated repo: accept its conditions on the Hub and pass a token (--token or HF_TOKEN)")
    if isinstance(error, RevisionNotFoundError):
        return hub_error("revision-not-found", "the Hub has no such revision (branch, tag or commit)")
    if isinstance(error, RemoteEntryNotFoundError):
        return hub_error(missing, f"the repo has no {what or 'such file'}")
    if isinstance(error, RepositoryNotFoundError):
        return hub_error("not-found", "no such model repo on the Hub (or it is private and the token cannot see it)")
    if isinstance(error, OfflineModeIsEnabled):
        return hub_error("offline", "HF_HUB_OFFLINE is set and the local caches do not hold this revision")
    if isinstance(error, HfHubHTTPError) and error.response is not None:
        return from_status(error.response.status_code, error.response.headers, source=source, what=what)
    if isinstance(error, httpx2.TimeoutException):
        return hub_error("network", f"the Hub did not answer in time ({type(error).__name__})")
    if isinstance(error, httpx2.RemoteProtocolError):  # e.g. the connection closed mid-body
        return hub_error("network", f"the Hub's answer broke off ({type(error).__name__}: {error})")
    if isinstance(error, (httpx2.TransportError, httpx2.TooManyRedirects)):
        return hub_error("network", f"cannot reach the Hub ({type(error).__name__}: {error})")
    if isinstance(error, httpx2.DecodingError):  # a body whose Content-Encoding lies
        return hub_error("server-error", f"the Hub's answer{_reading(what)} cannot be decoded ({type(error).__name__})")
    if isinstance(error, httpx2.InvalidURL):  # a URL built from a server's answer (a redirect)
        return hub_error("server-error", f"the Hub sent an address that is not a valid URL{_reading(what)}")
    return None


def _reading(what: str) -> str:
    return f" reading {what}" if what else ""


def from_status(status: int, headers: Mapping[str, str], *, source: object, what: str = "") -> HubError:
    """A :class:`HubError` for an HTTP error status that huggingface_hub did not classify further."""
    retry_after = retry_after_seconds(headers) if status in (429, 503) else None
    wait = f"; retry after {retry_after:g} s" if retry_after is not None else ""
    about = _reading(what)
    if status == 429:
        return HubError(
            "rate-limited", f"rate limited by the Hub (HTTP 429){about}{wait}", source=source, retry_after=retry_after
        )
    if status in (401, 403):
        return HubError("not-found", f"access refused (HTTP {status}){about}: check the token", source=source)
    return HubError("server-error", f"the Hub answered HTTP {status}{about}{wait}", source=source, retry_after=retry_after)
