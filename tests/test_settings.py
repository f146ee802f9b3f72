"""[tool.configlint] of the project that runs configlint (never of a checked folder)."""

from __future__ import annotations

from pathlib import Path

import pytest

from configlint.diagnostics import Severity
from configlint.errors import UsageError
from configlint.settings import SettingsResolver


def _pyproject(directory: Path, body: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "pyproject.toml"
    path.write_text(body, encoding="utf-8")
    return path


def test_the_nearest_table_at_or_above_the_start_folder_wins(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.configlint]\nignore = ["F002"]\nfail-on = "error"\n')
    _pyproject(tmp_path / "inner", '[project]\nname = "x"\n')  # no table: keep looking up
    settings = SettingsResolver(start=tmp_path / "inner" / "deep").settings
    assert settings.selection.ignore == ("F002",)
    assert settings.fail_on is Severity.ERROR
    assert settings.root == tmp_path


def test_a_checked_folders_own_pyproject_is_never_read(tmp_path: Path) -> None:
    """A model folder from a stranger cannot switch off the findings about itself."""
    _pyproject(tmp_path, '[tool.configlint]\nfail-on = "error"\n')
    _pyproject(tmp_path / "model", '[tool.configlint]\nignore = ["W001"]\nfail-on = "info"\n')
    resolver = SettingsResolver(start=tmp_path)
    settings = resolver.for_file(tmp_path / "model" / "config.json")
    assert settings.selection.ignore == ()
    assert settings.fail_on is Severity.ERROR


def test_per_file_ignores_are_relative_to_the_settings_file(tmp_path: Path) -> None:
    _pyproject(
        tmp_path,
        '[tool.configlint.per-file-ignores]\n"legacy/**/bert_config.json" = ["F002"]\n"*.json" = ["J003"]\n',
    )
    settings = SettingsResolver(start=tmp_path).settings
    assert settings.ignores_for(tmp_path / "legacy" / "a" / "bert_config.json") == ("F002", "J003")
    assert settings.ignores_for(tmp_path / "legacy" / "bert_config.json") == ("F002", "J003")
    assert settings.ignores_for(tmp_path / "models" / "bert_config.json") == ("J003",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[tool.configlint]\nselct = []\n", "unknown"),
        ('[tool.configlint]\nfail-on = "fatal"\n', "fail-on"),
        ('[tool.configlint]\nignore = "F002"\n', "list"),
        ("[tool.configlint\n", "invalid TOML"),
        ("tool = 3\n", "`tool` must be a table"),
        ("[tool]\nconfiglint = 3\n", r"\[tool.configlint\] must be a table"),
        ("[tool.configlint]\nforce-exclude = 1\n", "force-exclude must be true or false"),
        ('[tool.configlint]\nextend-exclude = "x"\n', "list of glob patterns"),
    ],
)
def test_bad_settings_are_usage_errors_that_name_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = _pyproject(tmp_path, body)
    with pytest.raises(UsageError, match=message) as raised:
        SettingsResolver(start=tmp_path)
    assert str(path) in str(raised.value)


def test_an_explicit_file_without_a_table_is_refused(tmp_path: Path) -> None:
    path = _pyproject(tmp_path, '[project]\nname = "x"\n')
    _pyproject(tmp_path / "up", '[tool.configlint]\nignore = ["F002"]\n')
    with pytest.raises(UsageError, match="without a \\[tool.configlint\\] table"):
        SettingsResolver(path)


@pytest.mark.parametrize(
    ("body", "transformers", "sentence_transformers"),
    [
        ("[tool.configlint]\n", 5, 6),
        ('[tool.configlint]\ntarget-transformers = "4"\n', 4, 6),
        ('[tool.configlint]\ntarget-transformers = "4.57"\ntarget-sentence-transformers = "5"\n', 4, 5),
        ("[tool.configlint]\ntarget-transformers = 5.23\ntarget-sentence-transformers = 6\n", 5, 6),
        ('[tool.configlint]\ntarget-transformers = "5.23.0"\n', 5, 6),
    ],
)
def test_version_targets_are_read_as_majors(tmp_path: Path, body: str, transformers: int, sentence_transformers: int) -> None:
    _pyproject(tmp_path, body)
    targets = SettingsResolver(start=tmp_path).settings.selection.targets
    assert (targets.transformers, targets.sentence_transformers) == (transformers, sentence_transformers)


@pytest.mark.parametrize(
    "body",
    [
        'target-transformers = "3"',
        'target-transformers = "6"',
        'target-transformers = "latest"',
        'target-transformers = "5.x"',
        "target-transformers = true",
        'target-sentence-transformers = "4"',
        'target-sentence-transformers = "7.0"',
    ],
)
def test_other_version_targets_are_refused_naming_the_file(tmp_path: Path, body: str) -> None:
    path = _pyproject(tmp_path, f"[tool.configlint]\n{body}\n")
    with pytest.raises(UsageError, match="target-") as raised:
        SettingsResolver(start=tmp_path)
    assert str(path) in str(raised.value) and "\n" not in str(raised.value)
