"""Output formats for ``configlint check --output-format``: an explicit table of formatters.

Each formatter lives in its own module and turns a finished :class:`RunResult` into text,
escaping what came from the input with :mod:`configlint.escaping` and its own format's rules.
The table names modules rather than importing them, so a pre-commit run that prints text
does not pay for ElementTree, urllib or package metadata.
"""

from __future__ import annotations

from importlib import import_module

from configlint.reporters.base import Formatter, RunResult
from configlint.reporters.text import format_statistics

FORMATTERS: dict[str, str] = {
    "text": "configlint.reporters.text:format_text",
    "concise": "configlint.reporters.text:format_concise",
    "full": "configlint.reporters.text:format_full",
    "json": "configlint.reporters.json_format:format_json",
    "json-lines": "configlint.reporters.json_format:format_json_lines",
    "github": "configlint.reporters.github:format_github",
    "gitlab": "configlint.reporters.gitlab:format_gitlab",
    "sarif": "configlint.reporters.sarif:format_sarif",
    "junit": "configlint.reporters.junit:format_junit",
    "rdjson": "configlint.reporters.rdjson:format_rdjson",
}
"""Format name → ``module:function`` of its formatter. ``text`` is the default and the same as ``concise``."""


def get_formatter(name: str) -> Formatter:
    module, _, function = FORMATTERS[name].partition(":")
    formatter: Formatter = getattr(import_module(module), function)
    return formatter


__all__ = ["FORMATTERS", "Formatter", "RunResult", "format_statistics", "get_formatter"]
