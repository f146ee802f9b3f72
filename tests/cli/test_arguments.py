"""The click-free reader of ``configlint check``'s options gives exactly the parameters click gives,
and hands every command line it is not sure about back to click (which then decides)."""

from __future__ import annotations

from pathlib import Path

import pytest

from configlint.cli.arguments import parse_options
from configlint.cli.check import check
from configlint.cli.check_options import CHECK_OPTIONS


def click_params(args: list[str]) -> dict[str, object]:
    with check.make_context("check", list(args)) as ctx:
        return dict(ctx.params)


def fast_params(args: list[str]) -> dict[str, object] | None:
    return parse_options(CHECK_OPTIONS, args, positional="paths")


READ_WITHOUT_CLICK = [
    ["config.json"],
    ["--force-exclude", "a/config.json", "b/config.json"],
    ["--force-exclude", "--fix", "--exit-non-zero-on-fix", "m/config.json"],
    ["--no-force-exclude", "--no-respect-gitignore", "x.json"],
    ["--select", "P,L", "--select=W", "--ignore", "P001", "--extend-select", "S", "m/"],
    ["m/", "--exit-zero", "--fail-on", "error", "-q"],
    ["--output-format", "github", "--format=json", "-s", "-v", "m/"],
    ["--statistics", "--diff", "--unsafe-fixes", "--show-fixes", "--exclude", "a/**", "--extend-exclude", "b", "."],
    ["--stdin-filename", "m/config.json", "-"],
    ["--token", "abc", "org/name"],
    ["--", "--select", "-q"],
    ["-o", "report.sarif", "--output-format", "sarif", "m/"],
    ["--target-transformers", "4.57", "--target-sentence-transformers=5", "m/"],
]


@pytest.mark.parametrize("args", READ_WITHOUT_CLICK)
def test_same_parameters_as_click(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    fast = fast_params(args)
    assert fast is not None
    assert fast == click_params(args)


def test_an_existing_settings_file_is_read_without_click(tmp_path: Path) -> None:
    settings = tmp_path / "pyproject.toml"
    settings.write_text("[tool.configlint]\n")
    args = ["--config", str(settings), "m/"]
    assert fast_params(args) == click_params(args)


LEFT_TO_CLICK = [
    [],  # no path: click's usage error
    ["--help"],
    ["-h", "m/"],
    ["--bogus", "m/"],
    ["-qs", "m/"],  # bundled short flags
    ["--exit-zero=yes", "m/"],
    ["--fail-on", "fatal", "m/"],  # not a severity
    ["--output-format", "xml", "m/"],
    ["--select"],  # no value
    ["--select", "--ignore", "m/"],  # a value that looks like an option
    ["--config", "missing/pyproject.toml", "m/"],  # click says it does not exist
    ["-o", ".", "m/"],  # a directory: click refuses it
]


@pytest.mark.parametrize("args", LEFT_TO_CLICK)
def test_unsure_command_lines_go_to_click(args: list[str]) -> None:
    assert fast_params(args) is None


def test_bad_target_is_the_same_error_line_either_way(capsys: pytest.CaptureFixture[str]) -> None:
    from configlint.cli import main

    assert main(["check", "--target-transformers", "3", "m/"]) == 2
    fast_err = capsys.readouterr().err
    assert main(["check", "-qs", "--target-transformers", "3", "m/"]) == 2  # bundled flags: read by click
    assert capsys.readouterr().err == fast_err
    assert fast_err.count("\n") == 1 and "--target-transformers: target-transformers must be" in fast_err
