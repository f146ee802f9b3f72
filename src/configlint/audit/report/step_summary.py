"""Appending the Markdown report to a GitHub Actions job summary (``$GITHUB_STEP_SUMMARY``).

GitHub gives each step one file and shows what the step appended to it; it refuses a step's
summary over 1 MiB ("$GITHUB_STEP_SUMMARY upload aborted, supports content up to a size of
1024k"), losing all of it. So the report is cut at a line boundary to what still fits after
what the file already holds, with a last line saying so, rather than risking the whole summary.

The text is appended with one ``O_APPEND`` open and written whole before this returns; only a
regular file is written (a FIFO or a device there is refused, without blocking on it).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from configlint.errors import InputError

LIMIT = 1024 * 1024
TRUNCATED = "\n_configlint: the rest of this report was cut to fit GitHub's 1 MiB step summary; see the HTML or CSV report._\n"


def fit(text: str, room: int) -> str:
    """``text``, or its longest prefix of whole lines that fits ``room`` bytes with the truncation note."""
    data = text.encode("utf-8")
    if len(data) <= room:
        return text
    note = TRUNCATED.encode("utf-8")
    if room < len(note):
        return ""
    cut = data.rfind(b"\n", 0, room - len(note) + 1)
    return data[: cut + 1].decode("utf-8") + TRUNCATED.lstrip("\n") if cut >= 0 else TRUNCATED.lstrip("\n")


def append_step_summary(path: Path, markdown: str) -> int:
    """Append ``markdown`` (cut to what the 1 MiB limit leaves) to ``path``; returns the bytes written."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise InputError(f"cannot append the step summary ({error.strerror})", source=path) from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputError("the step summary is not a regular file; not written", source=path)
        data = fit(markdown, LIMIT - info.st_size).encode("utf-8")
        view = memoryview(data)
        while view:
            view = view[os.write(descriptor, view) :]
        return len(data)
    except OSError as error:
        raise InputError(f"cannot append the step summary ({error.strerror})", source=path) from None
    finally:
        os.close(descriptor)
