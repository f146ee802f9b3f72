"""``configlint check`` and ``load-report`` on Hub repos: same reports, one-line errors, exit codes 0/1/2."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from configlint.cli import main
from hub.fake_hub import rate_limit_headers

REPO = Path(__file__).parents[2]
FIXTURES = REPO / "tests" / "fixtures" / "load_report"
BGE = REPO / "examples" / "bge-large-zh-v1.5"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_check_reports_remote_findings_like_local_ones(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("BAAI/bge", BGE)
    local = run(capsys, "check", "--fail-on", "info", "--output-format", "json", str(BGE / "config.json"))
    remote = run(capsys, "check", "--fail-on", "info", "--output-format", "json", "BAAI/bge")
    assert remote[0] == local[0] == 1
    strip = lambda out: [{k: v for k, v in d.items() if k != "file"} for d in json.loads(out)]  # noqa: E731
    assert strip(remote[1]) == strip(local[1]) != []
    assert {d["file"] for d in json.loads(remote[1])} <= {"BAAI/bge/config.json", "BAAI/bge/modules.json"}


def test_verbose_counts_requests_and_bytes(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    code, _, err = run(capsys, "check", "--verbose", "hf://org/bert@main")
    assert code in (0, 1)
    assert "org/bert@main (commit " in err and "4 HTTP requests" in err
    _, _, err = run(capsys, "load-report", "-v", "org/bert@main")
    assert "1 HTTP request, " in err and "configlint cache" in err


def test_local_and_remote_arguments_mix(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("BAAI/bge", BGE)
    code, out, err = run(capsys, "check", str(REPO / "examples" / "google-bert-legacy"), "BAAI/bge", "org/missing")
    assert code == 2  # one source could not be read; the others are still reported
    assert "BAAI/bge/config.json:" in out and "bert_config.json:" in out
    assert err.count("\n") == 1 and "org/missing: no such model repo" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("gated", "is a gated repo"),
        ("429", "rate limited by the Hub (HTTP 429) reading the model info; retry after 7 s"),
        ("no-weights", "has no weights file"),
        ("revision", "no such revision"),
    ],
)
def test_load_report_errors_are_one_line_exit_2(fake_hub, capsys: pytest.CaptureFixture[str], setup: str, message: str) -> None:
    case = "bert-no-weights" if setup == "no-weights" else "BertModel-clean"
    fake_hub.add_repo("org/m", FIXTURES / case, gated=setup == "gated")
    if setup == "429":
        fake_hub.fail_next("^/api/", 429, headers=rate_limit_headers(7))
    code, out, err = run(capsys, "load-report", "org/m@v2" if setup == "revision" else "org/m")
    assert (code, out) == (2, "")
    assert err.startswith("configlint: error: org/m") and message in err and err.count("\n") == 1


def test_token_option_reaches_the_hub(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/gated", FIXTURES / "BertModel-clean", gated=True, tokens=("hf_secret",))
    code, out, _ = run(capsys, "load-report", "--token", "hf_secret", "org/gated")
    assert code == 0 and "every weight loads as is" in out


def test_fix_refuses_remote_sources(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--fix", "org/bert")
    assert code == 2 and "Hub repo" in err and not fake_hub.requests()


def test_a_subprocess_inherits_the_fake_hub(fake_hub, tmp_path: Path) -> None:
    fake_hub.add_repo("org/sharded", FIXTURES / "bert-sharded")
    env = {**os.environ, "CONFIGLINT_CACHE": str(tmp_path / "cache")}
    command = [sys.executable, "-m", "configlint", "load-report", "--format", "json", "org/sharded"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["as"] == "BertForPreTraining"


def test_a_missing_local_path_that_looks_like_a_repo_says_both(
    fake_hub, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(BGE, tmp_path / "models" / "bge")
    code, _, err = run(capsys, "load-report", "models/bgee")
    assert code == 2 and "models/bgee: no such model repo" in err and "not a local file or folder either" in err


def test_several_repos_are_read_concurrently_and_reported_in_argument_order(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    names = ["org/c-slow", "org/a", "org/b"]
    for name in names:
        fake_hub.add_repo(name, FIXTURES / "BertModel-clean")
    fake_hub.add_repo("org/d", FIXTURES / "bert-pooler-dropped")
    fake_hub.slow_next("^/org/c-slow/resolve/[0-9a-f]+/config.json$", 1.0)
    code, out, err = run(capsys, "check", "--verbose", "--output-format", "json-lines", *names, "org/d", "org/missing")
    assert code == 2 and err.count("configlint: error: ") == 1 and "org/missing" in err
    log = [r.path for r in fake_hub.requests()]
    slow = log.index(next(p for p in log if p.startswith("/org/c-slow/") and p.endswith("/config.json")))
    after = next(i for i, p in enumerate(log) if i > slow and p.startswith("/org/c-slow/"))  # its weights, once config.json came
    assert any(p.startswith(("/org/a/", "/org/b/")) for p in log[slow + 1 : after])  # the others did not wait for it
    notes = [line.split(" (commit")[0].removeprefix("configlint: ") for line in err.splitlines() if " (commit " in line]
    assert notes == [*names, "org/d"]  # argument order, whatever order they finished in
    assert {json.loads(line)["file"].rsplit("/", 1)[0] for line in out.splitlines()} == {"org/d"}
