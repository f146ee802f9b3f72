"""Which repos an audit covers: list files, command-line arguments, and this job's shard of them.

Every entry is a Hub repo (``org/name[@rev]``, ``hf://name[@rev]`` or a canonical single-name repo);
unlike ``configlint check``, a name that happens to exist as a local folder is still a repo.

``--shard K/N`` keeps the repos whose stable hash (SHA-256 of the lower-cased repo id: the Hub
treats ids case-insensitively, and Python's ``hash`` changes between runs) is ``K-1`` modulo ``N``,
so N CI jobs given the same list audit disjoint parts that together cover it, whatever the order of
the list, and every revision of one repo lands in the same shard.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from configlint.errors import InputError, UsageError
from configlint.hub.source import RemoteSource, parse_remote

_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


def parse_target(text: str) -> RemoteSource | None:
    """A repo reference as written in a list or on the command line; None when it is not one."""
    text = text.strip()
    return parse_remote(text if text.startswith("hf://") else "hf://" + text)


def read_list(lines: Iterable[str], name: str) -> list[RemoteSource]:
    """Repos of a list file: one per line, blank lines and ``#`` comments (whole-line or trailing) ignored."""
    sources: list[RemoteSource] = []
    for number, line in enumerate(lines, 1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        source = parse_target(entry)
        if source is None:
            raise UsageError(f"{name}:{number}: {entry!r} is not a Hub model repo (org/name[@revision])")
        sources.append(source)
    return sources


def read_list_file(path: str) -> list[RemoteSource]:
    """:func:`read_list` of a file, or of stdin for ``-``."""
    if path == "-":
        return read_list(sys.stdin, "<stdin>")
    try:
        with Path(path).open(encoding="utf-8") as handle:
            return read_list(handle, path)
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read the model list ({getattr(error, 'strerror', None) or error})", source=path) from None


def from_arguments(arguments: Iterable[str]) -> list[RemoteSource]:
    sources = []
    for argument in arguments:
        source = parse_target(argument)
        if source is None:
            raise UsageError(f"{argument!r} is not a Hub model repo (org/name[@revision])")
        sources.append(source)
    return sources


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based, as CI matrices count) of ``count``."""

    index: int
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.fullmatch(text)
        if match is None:
            raise UsageError(f"--shard {text!r}: expected K/N, e.g. 1/4")
        index, count = int(match[1]), int(match[2])
        if not 1 <= index <= count:
            raise UsageError(f"--shard {text!r}: K must be between 1 and N")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, repo_id: str) -> bool:
        return shard_of(repo_id, self.count) == self.index - 1


def shard_of(repo_id: str, count: int) -> int:
    """0-based shard of a repo among ``count``: stable across runs, machines and Python versions."""
    digest = hashlib.sha256(repo_id.lower().encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count


def unique(sources: Iterable[RemoteSource], shard: Shard | None = None) -> Iterator[RemoteSource]:
    """Each ``(repo, revision)`` once, in first-seen order, keeping only ``shard``'s when given."""
    seen: set[tuple[str, str | None]] = set()
    for source in sources:
        key = (source.repo_id, source.revision)
        if key in seen or (shard is not None and not shard.holds(source.repo_id)):
            continue
        seen.add(key)
        yield source
