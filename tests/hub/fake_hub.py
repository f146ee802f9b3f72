"""A fake Hugging Face Hub on 127.0.0.1: what huggingface_hub 2.4 calls, served from folders, with faults on demand.

Two ``ThreadingHTTPServer``\\ s: the *hub* (the ``HF_ENDPOINT``) and a *CDN* on another port, where the
hub redirects LFS files (``*.safetensors``, ``*.bin``, anything over 10 MB) as the real one does, so
tests can check that the token never leaves the hub's origin. Served, as the real Hub serves them:

* ``GET /api/models?author=&search=&filter=&expand=&limit=``: the model listing, in pages
  (:mod:`hub.fake_listing`);
* ``GET /api/models/{id}[/revision/{rev}]``: ``sha``, ``siblings`` (with ``size``, ``blobId`` and
  ``lfs`` when ``?blobs=true``, i.e. ``model_info(files_metadata=True)``), ``gated``, ``private``;
* ``HEAD``/``GET /{id}/resolve/{rev}/{file}``: ``X-Repo-Commit``, ``ETag``, ``Accept-Ranges``;
  for LFS files a 302 to the CDN with ``X-Linked-Size``/``X-Linked-Etag``; ``Range`` → 206 with
  ``Content-Range`` (416 when unsatisfiable);
* errors with ``X-Error-Code`` (``RepoNotFound``, ``RevisionNotFound``, ``EntryNotFound``,
  ``GatedRepo``) and ``X-Error-Message``, plus a JSON ``{"error": ...}`` body.

Fault injection (for this and other test packages): ``latency`` (every request), ``fail_next``
(status + headers, e.g. 429 with :func:`rate_limit_headers`), ``slow_next``, ``drop_next`` (close
the connection without answering), ``truncate_next`` (hang up mid-body), ``redirect_next`` (302
elsewhere, e.g. to another host), ``answer_next`` (any status, headers and body: a hostile or broken
Hub), ``ignore_range`` (answer 200 with the whole file); :meth:`FakeHub.model_info` is the real
model-info answer, to mutate for ``answer_next``. Every request is logged as a :class:`LoggedRequest` with the body bytes actually sent.
"""

from __future__ import annotations

import hashlib
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, unquote, urlsplit

from hub.fake_http import CHUNK, Handler, QuietServer
from hub.fake_listing import serve_model_list

LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".pth", ".h5", ".msgpack", ".onnx", ".gguf")
LFS_THRESHOLD = 10 * 1024 * 1024
_FULL_HASH_LIMIT = 16 * 1024 * 1024
PAGE_SIZE = 100
"""Models per page of ``GET /api/models`` (this fake's choice; tests set ``page_size`` to make pages)."""


@dataclass
class LoggedRequest:
    """One request as the fake servers saw it; ``status`` and ``bytes_sent`` fill in as it is answered."""

    server: str  # "hub" or "cdn"
    method: str
    path: str
    query: str
    headers: dict[str, str]  # lower-case names
    status: int = 0
    bytes_sent: int = 0
    """Body bytes written to the socket (an aborted download counts what actually went out)."""


@dataclass
class _Fault:
    pattern: re.Pattern[str]
    count: int
    action: str  # "status", "slow", "drop", "truncate", "redirect", "answer"
    status: int = 500
    headers: dict[str, str] = field(default_factory=dict)
    message: str = ""
    delay: float = 0.0
    keep: int = 0
    """``truncate``: body bytes sent before the connection is closed (the length announced stays whole)."""
    location: str = ""
    body: bytes = b""
    """``answer``: the body sent as is."""


@dataclass
class FakeRepo:
    repo_id: str
    commits: dict[str, Path] = field(default_factory=dict)  # commit sha -> folder
    refs: dict[str, str] = field(default_factory=dict)  # branch/tag -> commit sha
    gated: bool = False
    private: bool = False
    tokens: set[str] = field(default_factory=set)  # tokens that may read a gated/private repo


def rate_limit_headers(reset: int = 7, *, retry_after: int | None = None) -> dict[str, str]:
    """The headers the Hub sends with a 429 when the quota is spent (IETF draft RateLimit headers)."""
    headers = {"RateLimit": f'"api";r=0;t={reset}', "RateLimit-Policy": '"fixed window";"api";q=500;w=300'}
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    return headers


def _file_ids(path: Path) -> tuple[str, str]:
    """(git blob sha1, sha256) of a file; pseudo-hashes for big (sparse) files, which only need to be stable."""
    size = path.stat().st_size
    if size <= _FULL_HASH_LIMIT:
        data = path.read_bytes()
        return hashlib.sha1(b"blob %d\0" % size + data).hexdigest(), hashlib.sha256(data).hexdigest()
    with path.open("rb") as handle:
        seed = f"{path}:{size}:".encode() + handle.read(CHUNK)
    return hashlib.sha1(seed).hexdigest(), hashlib.sha256(seed).hexdigest()


class FakeHub:
    """Both servers, the repos they serve, the fault plan and the request log."""

    def __init__(self, hub_socket: socket.socket | None = None) -> None:
        self.repos: dict[str, FakeRepo] = {}
        self.log: list[LoggedRequest] = []
        self.latency = 0.0
        self.ignore_range = False
        self.page_size = PAGE_SIZE
        self._faults: list[_Fault] = []
        self._lock = threading.Lock()
        self._in_flight = 0
        self._ids: dict[Path, tuple[str, str]] = {}
        self._lfs_paths: dict[str, Path] = {}
        self.hub = self._server("hub", hub_socket)
        self.cdn = self._server("cdn", None)
        self._threads: list[threading.Thread] = []

    # -- lifecycle --------------------------------------------------------------------------

    def _server(self, role: str, sock: socket.socket | None) -> ThreadingHTTPServer:
        handler = type(f"{role.title()}Handler", (Handler,), {"fake": self, "role": role})
        if sock is None:
            return QuietServer(("127.0.0.1", 0), handler)
        # A socket bound (and listening) before huggingface_hub read HF_ENDPOINT: see plugin.py.
        server = QuietServer(sock.getsockname(), handler, bind_and_activate=False)
        server.socket.close()
        server.socket = sock
        return server

    def start(self) -> FakeHub:
        for server in (self.hub, self.cdn):
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for server in (self.hub, self.cdn):
            server.shutdown()
            server.server_close()

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.hub.server_address[1]}"

    @property
    def cdn_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.cdn.server_address[1]}"

    def reset(self) -> None:
        """Forget repos, faults and the log (between tests)."""
        self.wait_idle()
        with self._lock:
            self.repos.clear()
            self._faults.clear()
            self.log.clear()
            self.latency = 0.0
            self.ignore_range = False
            self.page_size = PAGE_SIZE

    # -- repos ------------------------------------------------------------------------------

    def add_repo(
        self, repo_id: str, folder: Path, *, revision: str = "main", commit: str | None = None,
        gated: bool = False, private: bool = False, tokens: tuple[str, ...] = (),
    ) -> str:  # fmt: skip
        """Serve ``folder`` as ``repo_id`` at branch/tag ``revision``; returns the commit sha. Call again to add revisions."""
        folder = Path(folder)
        if commit is None:
            listing = sorted((p.relative_to(folder).as_posix(), p.stat().st_size) for p in folder.rglob("*") if p.is_file())
            commit = hashlib.sha1(json.dumps([repo_id, revision, listing]).encode()).hexdigest()
        repo = self.repos.setdefault(repo_id, FakeRepo(repo_id))
        repo.commits[commit] = folder
        repo.refs[revision] = commit
        repo.gated, repo.private = repo.gated or gated, repo.private or private
        repo.tokens.update(tokens)
        return commit

    def _files(self, folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}

    def _ids_of(self, path: Path) -> tuple[str, str]:
        if path not in self._ids:
            self._ids[path] = _file_ids(path)
            self._lfs_paths[self._ids[path][1]] = path
        return self._ids[path]

    @staticmethod
    def is_lfs(name: str, size: int) -> bool:
        return name.endswith(LFS_SUFFIXES) or size > LFS_THRESHOLD

    # -- faults and log ---------------------------------------------------------------------

    def fail_next(
        self, pattern: str, status: int, count: int = 1, headers: dict[str, str] | None = None, message: str = ""
    ) -> None:
        """The next ``count`` requests whose path matches ``pattern`` (a regex) get ``status`` and ``headers``."""
        self._add_fault(_Fault(re.compile(pattern), count, "status", status, dict(headers or {}), message))

    def slow_next(self, pattern: str, seconds: float, count: int = 1) -> None:
        """The next ``count`` matching requests are answered only after ``seconds``."""
        self._add_fault(_Fault(re.compile(pattern), count, "slow", delay=seconds))

    def drop_next(self, pattern: str, count: int = 1) -> None:
        """The next ``count`` matching requests get no answer: the connection is closed."""
        self._add_fault(_Fault(re.compile(pattern), count, "drop"))

    def truncate_next(self, pattern: str, keep: int = 16, count: int = 1) -> None:
        """The next ``count`` matching answers announce their whole length, send ``keep`` body bytes, hang up."""
        self._add_fault(_Fault(re.compile(pattern), count, "truncate", keep=keep))

    def redirect_next(self, pattern: str, location: str, count: int = 1) -> None:
        """The next ``count`` matching requests get a 302 to ``location`` (e.g. :meth:`foreign_url`)."""
        self._add_fault(_Fault(re.compile(pattern), count, "redirect", location=location))

    def answer_next(
        self, pattern: str, status: int, body: bytes = b"", headers: dict[str, str] | None = None, count: int = 1
    ) -> None:
        """The next ``count`` matching requests get exactly this status, headers and body (no Location unless given)."""
        self._add_fault(_Fault(re.compile(pattern), count, "answer", status, dict(headers or {}), body=body))

    def foreign_url(self, path: str) -> str:
        """A URL on another host than the hub's (``localhost`` instead of ``127.0.0.1``: the CDN server)."""
        return f"http://localhost:{self.cdn.server_address[1]}{path}"

    def _add_fault(self, fault: _Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def _take_fault(self, path: str) -> _Fault | None:
        with self._lock:
            for fault in self._faults:
                if fault.count > 0 and fault.pattern.search(path):
                    fault.count -= 1
                    return fault
        return None

    def clear_log(self) -> None:
        self.wait_idle()
        with self._lock:
            self.log.clear()

    def requests(self, server: str | None = None) -> list[LoggedRequest]:
        """The log so far (after in-flight answers finished), optionally of one server."""
        self.wait_idle()
        with self._lock:
            return [entry for entry in self.log if server is None or entry.server == server]

    def bytes_sent(self) -> int:
        return sum(entry.bytes_sent for entry in self.requests())

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being answered (an aborted download may still be writing)."""
        deadline = time.monotonic() + timeout
        while self._in_flight and time.monotonic() < deadline:
            time.sleep(0.01)

    # -- routing ----------------------------------------------------------------------------

    def handle(self, request: Handler) -> None:
        parts = urlsplit(request.path)
        headers = {name.lower(): value for name, value in request.headers.items()}
        entry = LoggedRequest(request.role, request.command, unquote(parts.path), parts.query, headers)
        with self._lock:
            self.log.append(entry)
            self._in_flight += 1
        request.entry = entry
        request.truncate_after = None  # the handler lives as long as its keep-alive connection
        try:
            if self.latency:
                time.sleep(self.latency)
            fault = self._take_fault(parts.path)
            if fault is not None and fault.action == "drop":
                request.close_connection = True
                request.connection.shutdown(socket.SHUT_RDWR)
                return
            if fault is not None and fault.action == "slow":
                time.sleep(fault.delay)
            elif fault is not None and fault.action == "truncate":
                request.truncate_after = fault.keep
            elif fault is not None and fault.action == "redirect":
                request.send_answer(302, {"Location": fault.location}, b"")
                return
            elif fault is not None and fault.action == "answer":
                request.send_answer(fault.status, fault.headers, fault.body)
                return
            elif fault is not None:
                request.send_error_answer(fault.status, "", fault.message or f"injected {fault.status}", fault.headers)
                return
            if request.role == "cdn":
                self._serve_cdn(request, parts.path)
            elif parts.path == "/api/models":
                serve_model_list(self, request, parse_qs(parts.query))
            elif parts.path.startswith("/api/models/"):
                self._serve_model_info(request, parts.path[len("/api/models/") :], parse_qs(parts.query))
            elif "/resolve/" in parts.path:
                self._serve_resolve(request, parts.path)
            else:
                request.send_error_answer(404, "", "Not found")
        except (BrokenPipeError, ConnectionResetError, OSError):
            request.close_connection = True
        finally:
            with self._lock:
                self._in_flight -= 1

    def _repo_at(self, request: Handler, repo_id: str, revision: str) -> tuple[FakeRepo, str] | None:
        repo = self.repos.get(repo_id)
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if repo is None or (repo.private and token not in repo.tokens):
            request.send_error_answer(404, "RepoNotFound", "Repository not found")
            return None
        commit = repo.refs.get(revision) or (revision if revision in repo.commits else None)
        if commit is None:
            request.send_error_answer(404, "RevisionNotFound", f"Invalid rev id: {revision}")
            return None
        return repo, commit

    def _serve_model_info(self, request: Handler, rest: str, query: dict[str, list[str]]) -> None:
        repo_id, _, revision = rest.partition("/revision/")
        found = self._repo_at(request, unquote(repo_id), unquote(revision) or "main")
        if found is None:
            return
        repo, commit = found
        blobs = query.get("blobs", ["false"])[0].lower() == "true"
        body = self._model_info_body(repo, commit, blobs=blobs)
        request.send_answer(200, {"Content-Type": "application/json"}, json.dumps(body).encode())

    def model_info(self, repo_id: str, revision: str = "main", *, blobs: bool = True) -> dict[str, Any]:
        """The model-info answer this hub gives for a repo's revision (``blobs``: with file sizes)."""
        repo = self.repos[repo_id]
        return self._model_info_body(repo, repo.refs.get(revision, revision), blobs=blobs)

    def _model_info_body(self, repo: FakeRepo, commit: str, *, blobs: bool) -> dict[str, Any]:
        siblings = []
        for name, path in self._files(repo.commits[commit]).items():
            sibling: dict[str, Any] = {"rfilename": name}
            if blobs:
                size = path.stat().st_size
                blob_id, sha256 = self._ids_of(path)
                sibling.update(size=size, blobId=blob_id)
                if self.is_lfs(name, size):
                    sibling["lfs"] = {"size": size, "sha256": sha256, "pointerSize": 134}
            siblings.append(sibling)
        return {
            "_id": commit[:24], "id": repo.repo_id, "modelId": repo.repo_id, "sha": commit, "private": repo.private,
            "gated": "auto" if repo.gated else False, "disabled": False, "lastModified": "2024-01-01T00:00:00.000Z",
            "tags": ["transformers"], "library_name": "transformers", "siblings": siblings,
        }  # fmt: skip

    def _serve_resolve(self, request: Handler, path: str) -> None:
        repo_id, _, rest = path.lstrip("/").partition("/resolve/")
        revision, _, name = rest.partition("/")
        found = self._repo_at(request, unquote(repo_id), unquote(revision))
        if found is None:
            return
        repo, commit = found
        token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        if repo.gated and token not in repo.tokens:
            status = 403 if token else 401
            request.send_error_answer(
                status,
                "GatedRepo",
                f"Access to model {repo.repo_id} is restricted. You must have access to it and be authenticated to access it.",
            )
            return
        file = self._files(repo.commits[commit]).get(unquote(name))
        common = {"X-Repo-Commit": commit}
        if file is None:
            request.send_error_answer(404, "EntryNotFound", "Entry not found", common)
            return
        size = file.stat().st_size
        blob_id, sha256 = self._ids_of(file)
        if self.is_lfs(name, size):
            location = f"{self.cdn_endpoint}/lfs/{sha256}?X-Amz-Signature=fake&name={quote(name)}"
            headers = {
                **common,
                "Location": location,
                "ETag": f'"{blob_id}"',
                "X-Linked-Etag": f'"{sha256}"',
                "X-Linked-Size": str(size),
            }
            request.send_answer(302, headers, b"")
            return
        request.send_file(file, {**common, "ETag": f'"{blob_id}"'})

    def _serve_cdn(self, request: Handler, path: str) -> None:
        file = self._lfs_paths.get(path.removeprefix("/lfs/"))
        if file is None:
            request.send_error_answer(403, "", "AccessDenied")
            return
        request.send_file(file, {"ETag": f'"{self._ids_of(file)[1]}"'})
