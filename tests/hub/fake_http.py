"""The HTTP side of the fake Hub: a quiet threading server and a handler that answers with ranges.

Kept apart from :mod:`hub.fake_hub` (routing, repos, faults) so each stays readable; the handler
only knows how to send an answer, an error with the Hub's headers, or a file (or a range of it),
and records what it sent on the request's log entry.
"""

from __future__ import annotations

import json
import re
import socket
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hub.fake_hub import FakeHub, LoggedRequest

CHUNK = 64 * 1024


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hang up mid-answer on purpose (ranges cut short, timeouts): not worth a traceback."""


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the client expects
    disable_nagle_algorithm = True
    """TCP_NODELAY: an answer's headers and body go out in two sends, and with Nagle's algorithm the body
    waits for the client's delayed ACK of the headers (~40 ms on Linux), per request, idle time on every test."""
    fake: FakeHub
    role: str
    entry: LoggedRequest
    truncate_after: int | None = None
    """Body bytes to send before hanging up (an injected fault); None: the whole body."""

    def do_GET(self) -> None:
        self.fake.handle(self)

    def do_HEAD(self) -> None:
        self.fake.handle(self)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_answer(self, status: int, headers: dict[str, str], body: bytes) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.entry.status = status
        if self.command != "HEAD" and body:
            self._write(body)

    def send_error_answer(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        extra = {**(headers or {}), "Content-Type": "application/json", "X-Error-Message": message}
        if code:
            extra["X-Error-Code"] = code
        self.send_answer(status, extra, json.dumps({"error": message}).encode())

    def send_file(self, path: Path, headers: dict[str, str]) -> None:
        """The file, or the ``Range`` of it asked for (unless the hub ignores ranges)."""
        size = path.stat().st_size
        start, end, status = 0, size - 1, 200
        wanted = self.headers.get("Range")
        if wanted and not self.fake.ignore_range:
            span = parse_range(wanted, size)
            if span is None:
                self.send_answer(416, {**headers, "Content-Range": f"bytes */{size}"}, b"")
                return
            start, end, status = span[0], span[1], 206
            headers = {**headers, "Content-Range": f"bytes {start}-{end}/{size}"}
        self.send_response(status)
        for name, value in {**headers, "Accept-Ranges": "bytes", "Content-Type": "application/octet-stream"}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.entry.status = status
        if self.command == "HEAD":
            return
        with path.open("rb") as handle:
            handle.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = handle.read(min(CHUNK, remaining))
                if not chunk or not self._write(chunk):
                    break
                remaining -= len(chunk)

    def _write(self, data: bytes) -> bool:
        """Send body bytes; False once an injected truncation hung up (send nothing more)."""
        if self.truncate_after is not None:
            data = data[: max(0, self.truncate_after - self.entry.bytes_sent)]
        self.wfile.write(data)
        self.entry.bytes_sent += len(data)
        if self.truncate_after is None or self.entry.bytes_sent < self.truncate_after:
            return True
        self.wfile.flush()
        self.close_connection = True
        self.connection.shutdown(socket.SHUT_RDWR)
        return False


def parse_range(value: str, size: int) -> tuple[int, int] | None:
    """``bytes=a-b`` / ``bytes=a-`` / ``bytes=-n`` → inclusive (start, end); None when unsatisfiable."""
    match = re.fullmatch(r"\s*bytes=(\d*)-(\d*)\s*", value)
    if match is None or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end and start < size else None
