"""Settings from ``[tool.configlint]`` in the nearest ``pyproject.toml``, as ruff finds its own.

For each checked file, the closest ``pyproject.toml`` above it that has a ``[tool.configlint]``
table applies (nearest wins; tables are not merged). Command-line options override it.

    [tool.configlint]
    select = ["P", "L"]           # replaces the default rule set
    extend-select = ["S900"]      # adds to it
    ignore = ["P001"]
    fail-on = "warning"           # lowest severity that makes the exit code 1
    [tool.configlint.per-file-ignores]
    "legacy/**/bert_config.json" = ["J", "F003"]
"""

from __future__ import annotations

import fnmatch
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from configlint.diagnostics import Severity
from configlint.errors import UsageError
from configlint.selection import Selection

_KNOWN_KEYS = {"select", "extend-select", "ignore", "per-file-ignores", "fail-on"}


@dataclass(frozen=True)
class Settings:
    selection: Selection = field(default_factory=Selection)
    fail_on: Severity = Severity.WARNING
    root: Path | None = None
    """Directory of the pyproject.toml these came from (per-file-ignores are relative to it)."""

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        if not self.selection.per_file_ignores:
            return ()
        try:
            relative = path.resolve().relative_to(self.root.resolve()) if self.root else path
        except ValueError:
            relative = path
        posix = PurePosixPath(relative.as_posix())
        codes: list[str] = []
        for pattern, group in self.selection.per_file_ignores:
            if _matches(posix, pattern):
                codes.extend(group)
        return tuple(codes)


def _matches(path: PurePosixPath, pattern: str) -> bool:
    """Glob match on the path relative to the settings file; a pattern without ``/`` matches the file name."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(path.name, pattern)
    return _glob_regex(pattern).fullmatch(str(path)) is not None


@functools.cache
def _glob_regex(pattern: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        elif pattern[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif pattern[index] == "?":
            parts.append("[^/]")
            index += 1
        else:
            parts.append(re.escape(pattern[index]))
            index += 1
    return re.compile("".join(parts))


def parse_severity(value: str, source: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"{source}: fail-on must be one of info, warning, error; got {value!r}") from None


def _string_list(table: dict[str, Any], key: str, source: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{source}: [tool.configlint] {key} must be a list of rule codes")
    return tuple(value)


def settings_from_table(table: dict[str, Any], source: str, root: Path | None) -> Settings:
    unknown = set(table) - _KNOWN_KEYS
    if unknown:
        raise UsageError(f"{source}: unknown [tool.configlint] option(s): {', '.join(sorted(unknown))}")
    per_file = table.get("per-file-ignores", {})
    if not isinstance(per_file, dict):
        raise UsageError(f"{source}: [tool.configlint.per-file-ignores] must be a table")
    selection = Selection(
        select=_string_list(table, "select", source) if "select" in table else None,
        extend_select=_string_list(table, "extend-select", source),
        ignore=_string_list(table, "ignore", source),
        per_file_ignores=tuple(
            (pattern, _string_list(per_file, pattern, source)) for pattern in per_file
        ),
    )
    fail_on = parse_severity(table["fail-on"], source) if "fail-on" in table else Severity.WARNING
    return Settings(selection=selection, fail_on=fail_on, root=root)


class SettingsResolver:
    """Finds (and caches per directory) the settings that apply to a file."""

    def __init__(self, explicit: Path | None = None) -> None:
        self._explicit = load_settings_file(explicit) if explicit else None
        self._by_directory: dict[Path, Settings] = {}

    def for_file(self, path: Path) -> Settings:
        if self._explicit is not None:
            return self._explicit
        directory = path.resolve().parent
        return self._for_directory(directory)

    def _for_directory(self, directory: Path) -> Settings:
        cached = self._by_directory.get(directory)
        if cached is not None:
            return cached
        candidate = directory / "pyproject.toml"
        settings = load_settings_file(candidate) if candidate.is_file() else None
        if settings is None:
            parent = directory.parent
            settings = Settings() if parent == directory else self._for_directory(parent)
        self._by_directory[directory] = settings
        return settings


def load_settings_file(path: Path) -> Settings | None:
    """Settings of one pyproject.toml, or None when it has no ``[tool.configlint]`` table."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read settings: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get("configlint")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.configlint] must be a table")
    return settings_from_table(table, str(path), path.parent)
