"""Where findings live, for the CI formats: repository-relative paths, file URIs, fingerprints, rule links.

Code-scanning services (GitHub code scanning, GitLab Code Quality) map a finding onto the
repository checkout, so their paths are relative to the repository root rather than to the
directory configlint ran in, and each finding carries a fingerprint that stays the same when
the finding moves to another line, so a finding is tracked across commits instead of being
reported as fixed and new again.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from functools import lru_cache
from importlib import metadata
from pathlib import Path, PurePath
from urllib.parse import quote

from configlint.diagnostics import Diagnostic

FALLBACK_INFORMATION_URI = "https://pypi.org/project/configlint/"
RULES_DOC = "blob/main/docs/rules.md"
"""Where the rule explanations live, relative to the project's home page (a GitHub repository)."""

MAX_ROOT_SEARCH = 64
"""How many parent directories are looked at for ``.git`` (a bound on a pathological depth)."""


def repository_root(start: Path | None = None) -> Path:
    """The git toplevel above ``start`` (default: the cwd): the nearest folder with ``.git``, else ``start``.

    ``.git`` is a directory in a clone and a file in a worktree or submodule; either marks the
    top. Only names are looked at: no git process runs and nothing inside ``.git`` is read.
    """
    start = (Path.cwd() if start is None else start).absolute()
    for folder in [start, *start.parents][:MAX_ROOT_SEARCH]:
        if (folder / ".git").exists():
            return folder
    return start


def root_of(root: str | None) -> Path:
    """``RunResult.root`` as an absolute path, found from the cwd when the caller did not set it."""
    return repository_root() if root is None else Path(root).absolute()


def relative_to_root(file: str, root: Path) -> str | None:
    """``file`` (relative to the cwd, or absolute) as a POSIX path relative to ``root``; None when outside it."""
    path = Path(os.path.normpath(Path.cwd() / file))
    try:
        return PurePath(path.relative_to(root)).as_posix()
    except ValueError:
        pass
    try:  # the cwd is always symlink-free; the root may have been named through a link
        return PurePath(Path(os.path.realpath(path)).relative_to(os.path.realpath(root))).as_posix()
    except ValueError:
        return None


def _bytes(text: str) -> bytes:
    """A path's bytes: undecodable names (``surrogateescape``) get their original bytes back."""
    try:
        return os.fsencode(text)
    except UnicodeEncodeError:  # a surrogate that no file-system decoding produced
        return text.encode("utf-8", "surrogatepass")


def uri_path(path: str) -> str:
    """A path percent-encoded from its bytes into a valid URI path (spaces, ``%``, ``:``, non-ASCII, controls)."""
    return quote(_bytes(path))


def file_uri(path: Path) -> str:
    """A ``file://`` URI for an absolute path, built from its bytes (``Path.as_uri`` fails on lone surrogates)."""
    return "file://" + uri_path(PurePath(path).as_posix())


def fingerprints(diagnostics: Sequence[Diagnostic], root: Path) -> list[str]:
    """A stable identity per finding: SHA-256 of its code, repository-relative file and JSON pointer.

    The line is left out on purpose, so inserting a key above a finding keeps its fingerprint;
    the message is left out so that rewording a rule does not "fix" every finding. Two findings
    with the same code, file and pointer (a key duplicated three times) are told apart by their
    order of appearance, as code scanning and GitLab both drop findings whose fingerprints clash.
    """
    seen: dict[tuple[str, str, str], int] = {}
    result = []
    for diagnostic in diagnostics:
        file = relative_to_root(diagnostic.file, root) or diagnostic.file
        key = (diagnostic.code, file, diagnostic.pointer)
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        material = "\0".join((*key, str(occurrence)))
        result.append(hashlib.sha256(material.encode("utf-8", "surrogatepass")).hexdigest())
    return result


@lru_cache(maxsize=1)
def project_urls() -> dict[str, str]:
    """``[project.urls]`` of the installed package, by lower-cased label."""
    try:
        entries = metadata.metadata("configlint").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        entries = []
    urls: dict[str, str] = {}
    for entry in entries:
        label, _, url = entry.partition(",")
        urls.setdefault(label.strip().lower(), url.strip())
    return urls


def information_uri() -> str:
    """The project's home page (``Homepage`` or a similar label), else its PyPI page."""
    urls = project_urls()
    for label in ("homepage", "home", "repository", "source", "documentation"):
        if label in urls:
            return urls[label]
    return FALLBACK_INFORMATION_URI


def rule_uri(code: str, name: str) -> str | None:
    """The rule's section of ``docs/rules.md`` on the project's home page; None without a ``Homepage`` URL.

    ``docs/rules.md`` heads each rule ``## CODE `name```; GitHub's anchor for that heading is the
    lower-cased text with the backticks dropped and the space turned into ``-``.
    """
    homepage = project_urls().get("homepage")
    if homepage is None:
        return None
    return f"{homepage.rstrip('/')}/{RULES_DOC}#{code.lower()}-{name}"
