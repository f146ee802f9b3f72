"""What a pre-commit ``configlint check one/config.json`` imports stays within a budget.

The hook runs once per commit as a fresh process, so its cost is mostly imports: click alone
costs about as much as starting Python, a dataclass about a tenth of that. The budget is on
*what* is imported, read from ``-X importtime`` in a fresh interpreter (never on time): none of
the heavy or unrelated code below, and nothing from the standard library beyond the list the
check needs today. A new import on this path must be added here on purpose, or made lazy.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from _support import REPO

CONFIG = {
    "architectures": ["BertModel"],
    "model_type": "bert",
    "hidden_size": 768,
    "num_attention_heads": 12,
    "num_hidden_layers": 12,
    "intermediate_size": 3072,
    "vocab_size": 30522,
    "pooler_type": "first_token_transform",
    "transformers_version": "4.41.0",
    "output_past": True,  # a key no family has, near no attribute: its suggestion is looked for without difflib
}

FORBIDDEN_PACKAGES = ("click", "pydantic", "huggingface_hub", "httpx", "httpx2", "httpcore", "jsonschema", "requests")
"""Third-party packages a config-only check has no use for (click: see :mod:`configlint.cli.arguments`)."""

FORBIDDEN_CONFIGLINT = (
    "configlint.hub",
    "configlint.audit",
    "configlint.migrations",
    "configlint.load_report",
    "configlint.checkpoint.inventory",
    "configlint.checkpoint.safetensors_header",
    "configlint.checkpoint.sharded",
    "configlint.checkpoint.torch_bin",
    "configlint.checkpoint.pickle_guard",
    "configlint.rules.weight_naming",
    "configlint.architectures",
    "configlint.fixing",
    "configlint.extend_schema",
    "configlint.schema.export",
    "configlint.cli.group",
    "configlint.cli.check",
)
"""configlint modules for weights, the Hub, audits, migrations, fixes and click: none is needed without weights or
options. (``configlint.checkpoint.discovery``, which only looks for the file transformers would load, is allowed.)"""

STDLIB_BUDGET = frozenset(
    """
    bisect collections contextlib copyreg datetime enum errno fnmatch functools gc importlib ipaddress itertools json keyword
    math operator pathlib re reprlib types typing urllib warnings
    nt ntpath
    """.split()
)
"""Top-level standard-library modules a check may import beyond those ``python -c pass`` already has (the last line:
names the standard library tries and does without on Linux, which ``-X importtime`` lists too)."""

SETTINGS_STDLIB = frozenset({"tomllib", "string"})
"""Only when a pyproject.toml is read (tomllib imports ``string``): a folder without one pays for neither."""

KEPT_OFF_THE_PATH = {
    "dataclasses": "a @dataclass on the check path: make it a typing.NamedTuple (immutable) or a plain class with "
    "__slots__ (mutable); import dataclasses costs about a bare interpreter start with what it imports, and each class "
    "compiles its methods from source",
    **dict.fromkeys(
        ("inspect", "ast", "dis", "opcode", "tokenize", "token", "linecache", "copy", "weakref"),
        "imported by dataclasses (or something like it): see `dataclasses`",
    ),
    "difflib": "import it inside the function that computes a suggestion, and only once an attribute passes the "
    "cheap bounds on difflib's ratio (rules/keys.py: _could_reach_cutoff): most unknown keys are near no attribute",
    "heapq": "imported by difflib: see `difflib`",
    "tomllib": "import it where a settings file is read (configlint.settings.load_settings_file)",
    "string": "imported by tomllib: see `tomllib`",
    "unicodedata": "only the `full` format measures display widths: import it in the function that does",
}
"""Modules the check path used to import and no longer needs, and how to keep each off it: a failure says why."""


def imported(code: str, cwd: Path) -> set[str]:
    """Every module a fresh interpreter imports running ``code``, as ``-X importtime`` lists them."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    names = set(re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", result.stderr, re.MULTILINE))
    assert names, result.stderr[-2000:]
    return names


def _explained(names: set[str]) -> list[str]:
    return sorted(
        f"{name}: {KEPT_OFF_THE_PATH.get(name, 'not in the budget: add it here on purpose, or import it lazily')}"
        for name in names
    )


@pytest.mark.parametrize("with_settings", [True, False], ids=["pyproject-with-settings", "no-settings-file"])
def test_a_config_only_check_imports_only_what_it_needs(tmp_path: Path, with_settings: bool) -> None:
    model = tmp_path / "one"
    model.mkdir()
    (model / "config.json").write_text(json.dumps(CONFIG, indent=2))
    if with_settings:
        (tmp_path / "pyproject.toml").write_text('[tool.configlint]\nextend-select = ["L"]\n')  # read as a hook reads it
    run = f"import sys; sys.path.insert(0, {str(REPO / 'src')!r}); from configlint.cli import main; main(['check', 'one/config.json'])"
    modules = imported(run, tmp_path)
    baseline = imported("pass", tmp_path)

    def top(name: str) -> str:
        return name.split(".")[0]

    assert "configlint.rules" in modules and "configlint.reporters.text" in modules  # the check did run
    assert ("configlint.settings" in modules) and (("tomllib" in modules) == with_settings)
    assert sorted(name for name in modules if top(name) in FORBIDDEN_PACKAGES) == []
    assert sorted(name for name in modules if any(name == f or name.startswith(f + ".") for f in FORBIDDEN_CONFIGLINT)) == []
    stdlib = {top(name) for name in modules - baseline if top(name) != "configlint" and not top(name).startswith("_")}
    allowed = STDLIB_BUDGET | (SETTINGS_STDLIB if with_settings else frozenset())
    assert _explained(stdlib - allowed) == []


def test_the_budget_catches_a_heavy_import(tmp_path: Path) -> None:
    """The reading above sees an import made while the check runs (here: click's, through ``--help``)."""
    run = f"import sys; sys.path.insert(0, {str(REPO / 'src')!r}); from configlint.cli import main; main(['check', '--help'])"
    assert "click" in imported(run, tmp_path)
