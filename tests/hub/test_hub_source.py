"""Which arguments are Hub repos, the HubError contract, and that the client loads only when needed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from configlint.errors import ConfiglintError
from configlint.hub.errors import KINDS, HubError
from configlint.hub.source import RemoteSource, parse_remote


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("org/name", RemoteSource("org/name")),
        ("org/name@v1.0", RemoteSource("org/name", "v1.0")),
        ("org/name@refs/pr/3", RemoteSource("org/name", "refs/pr/3")),
        ("hf://org/name@main", RemoteSource("org/name", "main")),
        ("hf://models/org/name", RemoteSource("org/name")),
        ("hf://bert-base-uncased", RemoteSource("bert-base-uncased")),
        ("FacebookAI/roberta-base", RemoteSource("FacebookAI/roberta-base")),
        ("bert-base-uncased", None),  # a bare name is a (missing) local path, unless hf://
        ("org/name/extra", None),
        ("org/name@", None),
        ("org/na--me", None),
        ("org/.name", None),
        ("../org", None),
        ("hf://datasets/org/name", None),
        ("org/name/", None),
        ("", None),
    ],
)
def test_parse_remote(text: str, expected: RemoteSource | None) -> None:
    assert parse_remote(text) == expected


def test_an_existing_path_is_never_remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "org" / "name").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    assert parse_remote("org/name") is None
    assert parse_remote("hf://org/name") == RemoteSource("org/name")  # explicit wins


def test_source_text_and_pinning() -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    assert str(RemoteSource("org/m", "dev")) == "org/m@dev" and str(RemoteSource("org/m")) == "org/m"
    assert RemoteSource("org/m", sha).pinned and not RemoteSource("org/m", "main").pinned


def test_hub_errors_are_one_line_exit_2_errors_with_a_known_kind() -> None:
    error = HubError("rate-limited", "slow down\nplease", source="org/m@main", retry_after=7)
    assert isinstance(error, ConfiglintError) and error.exit_code == 2
    assert str(error) == "org/m@main: slow down please" and error.retry_after == 7 and error.retryable
    assert not HubError("gated", "x").retryable
    assert {"not-found", "gated", "revision-not-found", "no-config", "no-weights", "rate-limited",
            "server-error", "too-large", "offline", "network", "unsafe"} == KINDS  # fmt: skip
    with pytest.raises(ValueError):
        HubError("nope", "x")  # type: ignore[arg-type]


def test_local_checks_never_import_the_hub_client(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    config.write_text('{"model_type": "bert"}\n')
    program = (
        "import sys, configlint.hub\n"
        "from configlint.cli import main\n"
        f"code = main(['check', {str(config)!r}])\n"
        "assert 'huggingface_hub' not in sys.modules, 'imported the Hub client'\n"
        "assert 'httpx2' not in sys.modules\n"
        "raise SystemExit(code)\n"
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode in (0, 1), result.stderr
