"""HTTP for one model fetch: the client's session, auth and error mapping, plus what the client lacks.

huggingface_hub has no "read bytes a..b of a repo file" call, so range reads go through its shared
session (``get_session()``), with its headers (``build_hf_headers``: token, user agent) and its
error mapping (``hf_raise_for_status``). What this module adds:

* **No retries.** Requests are sent once; a 429 or 5xx becomes a :class:`HubError` at once, with
  the wait the server asked for, so the caller (the audit) owns backoff.
* **Redirects by hand.** A Hub ``/resolve`` answer for an LFS file is a 302 to a CDN; the token
  goes to the Hub's origin only, never to the redirect target.
* **A byte budget.** Every response body is streamed and counted; a server that ignores
  ``Range`` (200 instead of 206) is read only as far as needed and then cut off, and no fetch
  ever transfers more than ``max_bytes`` in total.
* **A meter.** Requests and bytes of everything sent during a fetch, including the client's own
  ``model_info`` call, counted by an event hook on the shared session that only counts while a
  :class:`Meter` is active in the current thread (contextvars), so concurrent fetches in
  different threads each count their own.
"""

from __future__ import annotations

import contextvars
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin, urlsplit

from configlint.hub.errors import HubError, from_client_error

if TYPE_CHECKING:
    import httpx2

DEFAULT_MAX_BYTES = 16 * 1024 * 1024
"""Per-model transfer cap: headers of even a sharded 70B checkpoint fit; a whole weights file never does."""
DEFAULT_TIMEOUT = 30.0
MAX_REDIRECTS = 5
CHUNK = 64 * 1024
ERROR_BODY_LIMIT = 64 * 1024

_ACTIVE: contextvars.ContextVar[Meter | None] = contextvars.ContextVar("configlint_hub_meter", default=None)
_HOOK_LOCK = threading.Lock()
_GET_SESSION: list[Callable[[], httpx2.Client]] = []
"""huggingface_hub's ``get_session``, imported once: its lazy ``utils`` module makes every
``from huggingface_hub.utils import ...`` cost more than the call (two per request, in an audit)."""
_NAME_PLACEHOLDER = "configlint-file-name"
"""A file name ``hf_hub_url`` leaves as it is, to build a repo's file address once per repo (see :meth:`HubFiles.url`)."""


@dataclass
class Meter:
    """Requests sent and body bytes received during one fetch; enforces the byte budget."""

    max_bytes: int = DEFAULT_MAX_BYTES
    requests: int = 0
    responses: list[Any] = field(default_factory=list)

    @property
    def bytes_transferred(self) -> int:
        return sum(response.num_bytes_downloaded for response in self.responses)

    @property
    def remaining(self) -> int:
        return self.max_bytes - self.bytes_transferred

    def check_budget(self, source: object) -> None:
        if self.bytes_transferred > self.max_bytes:
            raise HubError(
                "too-large",
                f"reading the headers would transfer more than {self.max_bytes:,} bytes; stopped",
                source=source,
            )


def _count_request(request: httpx2.Request) -> None:
    meter = _ACTIVE.get()
    if meter is not None:
        meter.requests += 1


def _count_response(response: httpx2.Response) -> None:
    meter = _ACTIVE.get()
    if meter is not None:
        meter.responses.append(response)


def _session() -> httpx2.Client:
    """The client's shared session (asked for every time: a caller may replace it with
    ``set_client_factory``), with the (idle unless metering) counting hooks installed once."""
    if not _GET_SESSION:
        from huggingface_hub.utils import get_session

        _GET_SESSION.append(get_session)
    session = _GET_SESSION[0]()
    hooks = session.event_hooks
    if _count_response not in hooks["response"]:
        with _HOOK_LOCK:
            hooks = session.event_hooks
            if _count_response not in hooks["response"]:
                session.event_hooks = {
                    "request": [*hooks["request"], _count_request],
                    "response": [*hooks["response"], _count_response],
                }
    return session


@contextmanager
def metering(meter: Meter) -> Iterator[Meter]:
    """Count every request the current thread sends through the client's session while inside."""
    _session()
    token = _ACTIVE.set(meter)
    try:
        yield meter
    finally:
        _ACTIVE.reset(token)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


class HubFiles:
    """Reads the files of one repo at one commit: whole small files, or byte ranges of big ones."""

    def __init__(self, repo_id: str, commit: str, *, source: object, token: str | None, meter: Meter, timeout: float) -> None:
        from huggingface_hub.utils import build_hf_headers

        self.repo_id = repo_id
        self.commit = commit
        self.source = source
        self.meter = meter
        self.timeout = timeout
        # token=None lets huggingface_hub resolve it: HF_TOKEN, then the stored login.
        self.headers = build_hf_headers(token=token)
        self.headers["Accept-Encoding"] = "identity"  # byte offsets must be offsets into the file
        self._url_prefix: str | None = None

    def url(self, name: str) -> str:
        """``hf_hub_url(repo_id, name, revision=commit)``: its checks and endpoint run once per repo, and
        each file's address is the same prefix and the file name quoted as ``hf_hub_url`` quotes it."""
        if self._url_prefix is None:
            from huggingface_hub import hf_hub_url

            template = hf_hub_url(self.repo_id, _NAME_PLACEHOLDER, revision=self.commit)
            if not template.endswith("/" + _NAME_PLACEHOLDER):  # a client version that builds addresses otherwise
                return hf_hub_url(self.repo_id, name, revision=self.commit)
            self._url_prefix = template[: -len(_NAME_PLACEHOLDER)]
        return self._url_prefix + quote(name)

    def read_whole(self, name: str, limit: int) -> bytes:
        """A small file, refused beyond ``limit`` bytes (index and JSON files are kilobytes)."""
        return self._get(self.url(name), name, None, limit)

    def read_url(self, url: str, what: str, limit: int) -> bytes:
        """A small answer from the Hub's API (``what`` names it in errors), refused beyond ``limit`` bytes."""
        return self._get(url, what, None, limit)

    def read_page(self, url: str, what: str, limit: int) -> tuple[bytes, str | None]:
        """A page of an API listing and the address of the next one (its ``Link: rel="next"``), if any.

        The next page must be on the endpoint's origin: the token goes with it, and a page is an
        answer from a server configlint does not control."""
        data, headers = self._fetch(url, what, None, limit)
        import httpx2

        following = httpx2.Response(200, headers=headers).links.get("next", {}).get("url")
        if following is None:
            return data, None
        target = urljoin(url, following)
        if _origin(target) != _origin(url):
            raise HubError(
                "unsafe", f"{what}: the next page is on another host; refused (the token would go there)", source=self.source
            )
        return data, target

    def read_head(self, name: str, length: int) -> tuple[bytes, int]:
        """The first ``length`` bytes of a file whose size nobody said, and its size, from one request.

        A model listing gives file names only; the ``Content-Range`` total of a ranged answer (or a
        whole-file answer's ``Content-Length``) says how long the file is, so reading a weights
        header needs no model-info request and, when the header fits, no second read."""
        if length > self.meter.remaining:
            raise HubError(
                "too-large",
                f"{name}: reading {length:,} bytes would exceed the {self.meter.max_bytes:,}-byte budget; refused",
                source=self.source,
            )
        data, headers = self._fetch(self.url(name), name, (0, length), length)
        total = _total_size(headers)
        if total is None:
            raise HubError("server-error", f"{name}: the Hub's answer does not say how long the file is", source=self.source)
        return data, total

    def read_range(self, name: str, offset: int, length: int) -> bytes:
        """``length`` bytes from ``offset`` (fewer at the end of the file)."""
        if length <= 0:
            return b""
        if length > self.meter.remaining:
            raise HubError(
                "too-large",
                f"{name}: reading {length:,} bytes of headers would exceed the {self.meter.max_bytes:,}-byte budget; refused",
                source=self.source,
            )
        return self._get(self.url(name), name, (offset, length), length)

    def _get(self, url: str, what: str, span: tuple[int, int] | None, limit: int) -> bytes:
        return self._fetch(url, what, span, limit)[0]

    def _fetch(self, url: str, what: str, span: tuple[int, int] | None, limit: int) -> tuple[bytes, httpx2.Headers]:
        """The body (see :meth:`_body`) and headers of the answer at the end of the redirects."""
        headers = dict(self.headers)
        if span is not None:
            headers["Range"] = f"bytes={span[0]}-{span[0] + span[1] - 1}"
        hub = _origin(url)
        try:
            for _ in range(MAX_REDIRECTS + 1):
                with self._stream(url, headers) as response:
                    if 300 <= response.status_code < 400:
                        url = self._redirect_target(response, url, what)
                        _read_at_most(response, ERROR_BODY_LIMIT)  # a short body read to its end keeps the connection
                        if _origin(url) != hub:
                            headers.pop("authorization", None)  # never hand the token to a CDN
                        continue
                    if span is not None and span[0] == 0 and response.status_code == 416 and _total_size(response.headers) == 0:
                        return b"", response.headers  # an empty file: no byte 0 to send
                    self._raise_for_status(response, what)
                    if response.status_code not in (200, 206):
                        raise HubError(
                            "server-error",
                            f"{what}: the Hub answered HTTP {response.status_code} instead of the content",
                            source=self.source,
                        )
                    return self._body(response, what, span, limit), response.headers
        except HubError:
            raise
        except Exception as error:
            translated = from_client_error(error, source=self.source, what=what)
            if translated is None:
                raise
            raise translated from None
        raise HubError("network", f"{what}: more than {MAX_REDIRECTS} redirects", source=self.source)

    def _redirect_target(self, response: httpx2.Response, url: str, what: str) -> str:
        """Where a 3xx answer points; a redirect without a usable ``Location`` is the server's error, not content."""
        status = response.status_code
        location = response.headers.get("Location", "").strip()
        if not location:
            raise HubError(
                "server-error", f"{what}: the Hub answered HTTP {status} without a Location to follow", source=self.source
            )
        try:
            target = urljoin(url, location)
            parts = urlsplit(target)
            parts.port  # noqa: B018 - parses the port, raising ValueError when it is not a number in range
        except ValueError:
            raise HubError(
                "server-error",
                f"{what}: the Hub's HTTP {status} redirect points at an address that cannot be parsed",
                source=self.source,
            ) from None
        if parts.scheme not in ("http", "https"):
            raise HubError("unsafe", f"{what}: redirect to a non-HTTP address refused", source=self.source)
        if not parts.hostname:
            raise HubError("server-error", f"{what}: the Hub's HTTP {status} redirect names no host", source=self.source)
        return target

    @contextmanager
    def _stream(self, url: str, headers: dict[str, str]) -> Iterator[httpx2.Response]:
        with _session().stream("GET", url, headers=headers, follow_redirects=False, timeout=self.timeout) as response:
            yield response

    def _raise_for_status(self, response: httpx2.Response, name: str) -> None:
        """The client's error mapping, on a copy whose body is read only up to a bound."""
        if response.status_code < 400:
            return
        import httpx2
        from huggingface_hub.utils import hf_raise_for_status

        body = _read_at_most(response, ERROR_BODY_LIMIT)
        bounded = httpx2.Response(response.status_code, headers=response.headers, content=body, request=response.request)
        hf_raise_for_status(bounded)

    def _body(self, response: httpx2.Response, name: str, span: tuple[int, int] | None, limit: int) -> bytes:
        """Stream the body; from a server that ignored ``Range``, skip to the offset and stop early."""
        skip = 0
        if span is not None and response.status_code != 206:
            skip = span[0]  # a 200 answer is the whole file from byte 0
            if skip + span[1] > self.meter.remaining:
                raise HubError(
                    "too-large",
                    f"{name}: the server ignored the Range header; reading from byte {skip:,} "
                    f"would download more than the {self.meter.max_bytes:,}-byte budget",
                    source=self.source,
                )
        elif span is not None:
            start = _content_range_start(response.headers.get("Content-Range", ""))
            if start != span[0]:
                raise HubError(
                    "server-error", f"{name}: asked for byte {span[0]}, got a range starting at {start}", source=self.source
                )
        # A whole-file read takes one byte more than allowed, to tell "exactly limit" from "larger".
        wanted = skip + limit + (1 if span is None else 0)
        data = _read_at_most(response, wanted, budget=(self.meter, self.source))
        if span is None and len(data) > limit:
            raise HubError("too-large", f"{name} is larger than {limit:,} bytes; refused", source=self.source)
        return data[skip : skip + limit]


def _read_at_most(response: httpx2.Response, wanted: int, *, budget: tuple[Meter, object] | None = None) -> bytes:
    """Up to ``wanted`` body bytes; the rest is never read (the connection is dropped on close).
    A body that ends where the reading would stop (a range answered exactly) is read to its end, so
    the connection goes back to the pool: a new connection per weights header would cost a
    handshake (a TLS one on the real Hub) per model.

    Decoded bytes: identical to the raw ones for the ranges (sent with ``Accept-Encoding:
    identity``), and right for a small JSON file a server compressed anyway.
    """
    chunks: list[bytes] = []
    received = 0
    announced = response.headers.get("Content-Length", "").strip()
    whole = int(announced) if announced.isdigit() and len(announced) <= 20 else None
    for chunk in response.iter_bytes(CHUNK):
        chunks.append(chunk)
        received += len(chunk)
        if budget is not None:
            budget[0].check_budget(budget[1])
        if received >= wanted and (whole is None or received < whole):
            break  # more is coming that is not wanted: hang up
        # else the body ends here: let the iterator finish, so the connection is reused
    return b"".join(chunks)[:wanted]


def _total_size(headers: httpx2.Headers) -> int | None:
    """The whole file's length: ``bytes 0-99/1000`` or ``bytes */1000`` -> 1000; a 200's ``Content-Length``."""
    content_range = headers.get("Content-Range")
    if content_range is not None:
        total = content_range.rpartition("/")[2].strip()
        return int(total) if total.isdigit() and len(total) <= 20 else None
    length = headers.get("Content-Length", "").strip()
    return int(length) if length.isdigit() and len(length) <= 20 else None


def _content_range_start(value: str) -> int | None:
    """``bytes 100-199/1000`` → 100."""
    unit, _, rest = value.partition(" ")
    first = rest.partition("-")[0]
    return int(first) if unit == "bytes" and first.isdigit() else None
