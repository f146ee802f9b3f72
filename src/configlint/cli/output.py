"""Printing without click: what the commands write to stdout and stderr, flushed at once.

Flushing each write means a closed pipe (``configlint check ... | head``) raises
:class:`BrokenPipeError` inside :func:`configlint.cli.main`, which turns it into exit code 2,
rather than in the interpreter's shutdown, which would print a traceback. A stream whose encoding
is ASCII (``PYTHONIOENCODING=ascii``, an old ``LANG=C``) gets UTF-8, as click gives it: findings
quote non-ASCII names and values."""

from __future__ import annotations

import codecs
import sys
from pathlib import Path
from typing import TextIO


def echo(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Write ``text`` (and a newline) to stdout, or stderr with ``err``."""
    stream = sys.stderr if err else sys.stdout
    text = text + "\n" if nl else text
    buffer = getattr(stream, "buffer", None)
    if buffer is not None and _is_ascii(stream):
        stream.flush()
        buffer.write(text.encode("utf-8", "replace"))
        buffer.flush()
        return
    stream.write(text)
    stream.flush()


def _is_ascii(stream: TextIO) -> bool:
    try:
        return codecs.lookup(stream.encoding or "ascii").name == "ascii"
    except LookupError:
        return False


def write_report(report: str, output_file: Path | None) -> None:
    """Print ``report``, or write it to ``output_file`` atomically (never half a report)."""
    if output_file is None:
        echo(report, nl=False)
        return
    from configlint.fixing import atomic_write

    atomic_write(output_file, report)
