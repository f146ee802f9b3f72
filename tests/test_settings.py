"""[tool.configlint] in the nearest pyproject.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from configlint.diagnostics import Severity
from configlint.errors import UsageError
from configlint.settings import SettingsResolver


def _pyproject(directory: Path, body: str) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "pyproject.toml").write_text(body, encoding="utf-8")


def test_nearest_pyproject_with_a_table_wins(tmp_path: Path) -> None:
    _pyproject(tmp_path, '[tool.configlint]\nignore = ["F002"]\nfail-on = "error"\n')
    _pyproject(tmp_path / "inner", '[project]\nname = "x"\n')  # no table: keep looking up
    _pyproject(tmp_path / "other", '[tool.configlint]\nselect = ["J"]\n')
    resolver = SettingsResolver()
    inner = resolver.for_file(tmp_path / "inner" / "deep" / "config.json")
    assert inner.selection.ignore == ("F002",)
    assert inner.fail_on is Severity.ERROR
    other = resolver.for_file(tmp_path / "other" / "config.json")
    assert other.selection.select == ("J",)
    assert other.fail_on is Severity.WARNING


def test_per_file_ignores_are_relative_to_the_settings_file(tmp_path: Path) -> None:
    _pyproject(
        tmp_path,
        '[tool.configlint.per-file-ignores]\n"legacy/**/bert_config.json" = ["F002"]\n"*.json" = ["J003"]\n',
    )
    settings = SettingsResolver().for_file(tmp_path / "legacy" / "a" / "bert_config.json")
    assert settings.ignores_for(tmp_path / "legacy" / "a" / "bert_config.json") == ("F002", "J003")
    assert settings.ignores_for(tmp_path / "models" / "bert_config.json") == ("J003",)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[tool.configlint]\nselct = []\n", "unknown"),
        ('[tool.configlint]\nfail-on = "fatal"\n', "fail-on"),
        ('[tool.configlint]\nignore = "F002"\n', "list"),
        ("[tool.configlint\n", "invalid TOML"),
    ],
)
def test_bad_settings_are_usage_errors(tmp_path: Path, body: str, message: str) -> None:
    _pyproject(tmp_path, body)
    with pytest.raises(UsageError, match=message):
        SettingsResolver().for_file(tmp_path / "config.json")
