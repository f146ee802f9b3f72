"""The options of ``configlint check``: one table, read by click (:mod:`configlint.cli.check`) and,
for the pre-commit path, by :func:`configlint.cli.arguments.parse_options` without importing click."""

from __future__ import annotations

from configlint.cli.arguments import TARGET_SPECS, OptionSpec, output_specs
from configlint.diagnostics import Severity
from configlint.reporters import FORMATTERS

CHECK_OPTIONS: tuple[OptionSpec, ...] = (
    OptionSpec("select", ("--select",), "multiple", "Rule codes or prefixes to enable (replaces the default set); ALL for every rule."),
    OptionSpec("extend_select", ("--extend-select",), "multiple", "Rule codes or prefixes to enable in addition."),
    OptionSpec("ignore", ("--ignore",), "multiple", "Rule codes or prefixes to disable."),
    *output_specs(sorted(FORMATTERS), "text"),
    OptionSpec("fail_on", ("--fail-on",), "value", "Lowest severity that makes the exit code 1 [default: warning].",
               choices=tuple(s.value for s in Severity)),
    OptionSpec("exit_zero", ("--exit-zero",), "flag", "Exit 0 even when there are findings."),
    OptionSpec("statistics", ("--statistics",), "flag", "Print a count per rule instead of each finding."),
    OptionSpec("fix", ("--fix",), "flag", "Apply safe fixes in place."),
    OptionSpec("unsafe_fixes", ("--unsafe-fixes",), "flag",
               "Also apply (with --fix) or show fixes that change the model transformers builds."),
    OptionSpec("show_fixes", ("--show-fixes",), "flag", "With --fix, list what was fixed, per file and rule."),
    OptionSpec("diff", ("--diff",), "flag", "Print the fixes as a unified diff; write nothing; exit 1 when a file would change."),
    OptionSpec("exit_non_zero_on_fix", ("--exit-non-zero-on-fix",), "flag",
               "Exit 1 when a file was fixed, even if nothing remains (pre-commit)."),
    OptionSpec("config_file", ("--config",), "value", "A pyproject.toml to use instead of the project's.", path="existing-file"),
    OptionSpec("exclude", ("--exclude",), "multiple", "Glob patterns of files and folders not to check (replaces the defaults)."),
    OptionSpec("extend_exclude", ("--extend-exclude",), "multiple", "Glob patterns to exclude in addition to the defaults and settings."),
    OptionSpec("force_exclude", ("--force-exclude",), "switch",
               "Apply excludes and the model-config decision to named files too, silently (the pre-commit hooks pass it)."),
    OptionSpec("respect_gitignore", ("--respect-gitignore",), "switch",
               "Skip files .gitignore ignores, inside a git work tree [default: respect]."),
    OptionSpec("stdin_filename", ("--stdin-filename",), "value",
               "The name of the file read from '-' (stdin), for messages and settings.", metavar="PATH"),
    OptionSpec("quiet", ("--quiet", "-q"), "flag", "Print findings only: no summary, no notes."),
    OptionSpec("silent", ("--silent", "-s"), "flag", "Print nothing; only the exit code tells."),
    OptionSpec("token", ("--token",), "value", "Hub token for org/name[@rev] sources [default: HF_TOKEN, then the stored login]."),
    OptionSpec("verbose", ("--verbose", "-v"), "flag", "Report Hub requests and bytes transferred on stderr."),
    *TARGET_SPECS,
)  # fmt: skip
"""In ``--help`` order."""
