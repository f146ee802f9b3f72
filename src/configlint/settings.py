"""Settings from ``[tool.configlint]`` of the project that runs configlint.

The settings are those of ``--config FILE``, else of the nearest ``pyproject.toml`` with a
``[tool.configlint]`` table in the current folder or above it. Unlike ruff, a
``pyproject.toml`` *inside* a checked folder is never read: configlint checks folders from
strangers (a downloaded model, a pull request's new folder, an audited Hub repo), and such a
folder must not be able to switch off the findings about itself. Command-line options override
the settings.

    [tool.configlint]
    select = ["P", "L"]           # replaces the default rule set
    extend-select = ["S900"]      # adds to it
    ignore = ["P001"]
    fail-on = "warning"           # lowest severity that makes the exit code 1
    exclude = [".git", "node_modules"]   # replaces the folders never walked
    extend-exclude = ["legacy/**"]       # adds to them
    force-exclude = false         # also exclude files named on the command line (the hooks pass true)
    respect-gitignore = true      # skip what .gitignore ignores, inside a git work tree
    extend-schema = "schemas/our-configs.json"   # the project's own JSON Schema (rule S101)
    max-config-bytes = 16777216   # a longer config file is refused unread (the default, 16 MiB)
    target-transformers = "5"     # the major findings speak for: "4" (or "4.57") or "5" (the default)
    target-sentence-transformers = "6"   # "5" or "6" (the default)
    [tool.configlint.per-file-ignores]
    "legacy/**/bert_config.json" = ["J", "F003"]

Per-file ignores never silence a security finding (a rule with ``security=True``, such as an
unsafe pickle): only ``ignore`` or ``--ignore`` can.
"""

import os
from pathlib import Path, PurePosixPath
from typing import Any, NamedTuple

from configlint.diagnostics import Severity
from configlint.errors import UsageError
from configlint.globs import match_path
from configlint.selection import Selection
from configlint.targets import DEFAULT_TARGETS, Targets, parse_major

_KNOWN_KEYS = {
    "select", "extend-select", "ignore", "per-file-ignores", "fail-on",
    "exclude", "extend-exclude", "force-exclude", "respect-gitignore", "extend-schema", "max-config-bytes",
    "target-transformers", "target-sentence-transformers",
}  # fmt: skip


class Settings(NamedTuple):
    selection: Selection = Selection()
    fail_on: Severity = Severity.WARNING
    root: Path | None = None
    """Directory of the pyproject.toml these came from (per-file-ignores and excludes are relative to it)."""
    source: str | None = None
    """The settings file, for messages that must name it."""
    exclude: tuple[str, ...] | None = None
    extend_exclude: tuple[str, ...] = ()
    force_exclude: bool = False
    respect_gitignore: bool = True
    extend_schema: Path | None = None
    """The project's own JSON Schema every model config must satisfy (rule S101), relative to ``root``."""
    max_config_bytes: int | None = None
    """A config file longer than this is refused unread (None: :data:`configlint.document.MAX_CONFIG_BYTES`, 16 MiB)."""

    def ignores_for(self, path: Path) -> tuple[str, ...]:
        """The per-file-ignores codes whose pattern matches ``path`` (relative to the settings' folder)."""
        if not self.selection.per_file_ignores:
            return ()
        absolute = os.path.abspath(path)
        root = os.path.abspath(self.root) if self.root else None
        relative = os.path.relpath(absolute, root) if root and absolute.startswith(root + os.sep) else absolute.lstrip("/")
        posix = PurePosixPath(relative).as_posix()
        codes: list[str] = []
        for pattern, group in self.selection.per_file_ignores:
            if match_path(pattern, posix):
                codes.extend(group)
        return tuple(codes)


def parse_severity(value: str, source: str) -> Severity:
    try:
        return Severity(value)
    except ValueError:
        raise UsageError(f"{source}: fail-on must be one of info, warning, error; got {value!r}") from None


def _string_list(table: dict[str, Any], key: str, source: str, *, what: str = "rule codes") -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise UsageError(f"{source}: [tool.configlint] {key} must be a list of {what}")
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
        per_file_ignores=tuple((pattern, _string_list(per_file, pattern, source)) for pattern in per_file),
        targets=_targets(table, source),
    )
    fail_on = parse_severity(table["fail-on"], source) if "fail-on" in table else Severity.WARNING
    return Settings(
        selection=selection,
        fail_on=fail_on,
        root=root,
        source=source,
        exclude=_string_list(table, "exclude", source, what="glob patterns") if "exclude" in table else None,
        extend_exclude=_string_list(table, "extend-exclude", source, what="glob patterns"),
        force_exclude=_flag(table, "force-exclude", source, default=False),
        respect_gitignore=_flag(table, "respect-gitignore", source, default=True),
        extend_schema=_path(table, "extend-schema", source, root),
        max_config_bytes=_positive(table, "max-config-bytes", source),
    )


def _targets(table: dict[str, Any], source: str) -> Targets:
    """``target-transformers`` / ``target-sentence-transformers``: "4", "4.57", 5 or 5.23 style, as a major."""
    return DEFAULT_TARGETS.with_overrides(
        transformers=parse_major(table["target-transformers"], "transformers", source)
        if "target-transformers" in table
        else None,
        sentence_transformers=(
            parse_major(table["target-sentence-transformers"], "sentence-transformers", source)
            if "target-sentence-transformers" in table
            else None
        ),
    )


def _positive(table: dict[str, Any], key: str, source: str) -> int | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 1 << 40:
        raise UsageError(f"{source}: [tool.configlint] {key} must be a positive number of bytes, got {value!r}")
    return value


def _path(table: dict[str, Any], key: str, source: str, root: Path | None) -> Path | None:
    value = table.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value:
        raise UsageError(f"{source}: [tool.configlint] {key} must be a path, got {value!r}")
    return (root / value) if root is not None else Path(value)


def _flag(table: dict[str, Any], key: str, source: str, *, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise UsageError(f"{source}: [tool.configlint] {key} must be true or false, got {value!r}")
    return value


class SettingsResolver:
    """The one :class:`Settings` of a run: ``--config FILE``, else the nearest pyproject.toml with a
    ``[tool.configlint]`` table at or above ``start`` (the current folder), else the defaults."""

    def __init__(self, explicit: Path | None = None, start: Path | None = None) -> None:
        if explicit is not None:
            settings = load_settings_file(explicit)
            if settings is None:
                raise UsageError(f"{explicit}: --config names a file without a [tool.configlint] table")
            self.settings = settings
        else:
            self.settings = _nearest(Path(os.path.abspath(start or Path.cwd())))

    def for_file(self, path: Path) -> Settings:
        """The same settings for every file: a checked folder's own pyproject.toml is never read."""
        return self.settings


def _nearest(directory: Path) -> Settings:
    for folder in (directory, *directory.parents):
        candidate = folder / "pyproject.toml"
        try:
            present = candidate.is_file()
        except OSError:  # a folder above that this user may not look into: no settings there
            present = False
        if present:
            settings = load_settings_file(candidate)
            if settings is not None:
                return settings
    return Settings()


def load_settings_file(path: Path) -> Settings | None:
    """Settings of one pyproject.toml, or None when it has no ``[tool.configlint]`` table.

    tomllib is imported here, not at the top: with it come ``string`` and ``datetime`` and a dozen
    regular expressions to compile, a fifth of a bare interpreter start, and a check run where no
    pyproject.toml exists needs none of it. (A file is parsed even when it never mentions configlint:
    skipping it would turn an invalid pyproject.toml from an error into no settings.)"""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read settings: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise UsageError(f"{path}: invalid TOML: {error}") from None
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise UsageError(f"{path}: `tool` must be a table, not {type(tool).__name__}")
    table = tool.get("configlint")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [tool.configlint] must be a table")
    return settings_from_table(table, str(path), path.parent)
