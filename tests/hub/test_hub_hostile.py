"""Hostile and broken Hub answers through the real CLI: each is one line on stderr and exit 2, never a finding.

The fake Hub serves what a compromised endpoint, a broken proxy or a malicious repo could send:
model-info answers missing the fields configlint relies on, redirects without a usable Location,
and modules.json paths that point outside the repo at files a test has planted there.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from configlint.cli import main
from configlint.hub import HubError, fetch_model

REPO = Path(__file__).parents[2]
CLEAN = REPO / "tests" / "fixtures" / "load_report" / "BertModel-clean"
BGE = REPO / "examples" / "bge-large-zh-v1.5"
SECRET = "SECRET_planted_outside_the_repo"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_error_line(err: str, *wanted: str) -> None:
    assert err.count("\n") == 1 and err.startswith("configlint: error: ") and "Traceback" not in err, err
    for text in wanted:
        assert text in err, err


def _model_info_answer(fake_hub, change) -> None:  # type: ignore[no-untyped-def]
    """Serve the next model-info request with the real answer passed through ``change``."""
    info = fake_hub.model_info("org/m")
    body = change(info)
    fake_hub.answer_next(
        "^/api/models/", 200, body if isinstance(body, bytes) else json.dumps(body).encode(), {"Content-Type": "application/json"}
    )


def _without(key: str):  # type: ignore[no-untyped-def]
    return lambda info: {k: v for k, v in info.items() if k != key}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (_without("id"), 'names no repo (no "id")'),
        (
            lambda info: {**info, "siblings": [{"size": 3}, *info["siblings"]]},
            'file entry without a name ("rfilename" of siblings[0])',
        ),
        (lambda info: {**info, "siblings": [["config.json"]]}, 'file entry without a name ("rfilename" of siblings[0])'),
        (lambda info: [info], "is a JSON list, not an object"),
        (lambda info: "config.json", "is a JSON str, not an object"),
        (lambda info: b"<html>Bad gateway</html>", "is not JSON"),
        (lambda info: {**info, "sha": "main"}, "no commit hash for this revision ('main')"),
    ],
    ids=["no-id", "sibling-without-rfilename", "sibling-not-object", "list", "string", "html", "sha-not-a-commit"],
)
@pytest.mark.parametrize("command", ["check", "load-report"])
def test_a_broken_model_info_answer_is_one_line_exit_2(
    fake_hub, capsys: pytest.CaptureFixture[str], command: str, change, message: str
) -> None:  # type: ignore[no-untyped-def]
    fake_hub.add_repo("org/m", CLEAN)
    _model_info_answer(fake_hub, change)
    code, out, err = run(capsys, command, "hf://org/m")
    assert (code, out) == (2, "")
    one_error_line(err, "org/m: the Hub", message)


def test_missing_siblings_is_not_reported_as_a_missing_config(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.add_repo("org/m", CLEAN)
    _model_info_answer(fake_hub, _without("siblings"))
    code, out, err = run(capsys, "check", "hf://org/m")
    assert (code, out) == (2, "")
    one_error_line(err, 'lists no files (no "siblings" list)')
    assert "no config.json" not in err
    with pytest.raises(HubError) as caught:
        _model_info_answer(fake_hub, _without("siblings"))
        fetch_model("org/m", use_cache=False)
    assert caught.value.kind == "server-error"


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (302, {}, "HTTP 302 without a Location to follow"),
        (307, {"Location": "   "}, "HTTP 307 without a Location to follow"),
        (302, {"Location": "http://[::1/config.json"}, "redirect points at an address that cannot be parsed"),
        (302, {"Location": "http://127.0.0.1:99999/config.json"}, "redirect points at an address that cannot be parsed"),
        (302, {"Location": "http://:80/config.json"}, "redirect names no host"),
        (304, {}, "HTTP 304 without a Location to follow"),
        (204, {}, "answered HTTP 204 instead of the content"),
    ],
    ids=["302-no-location", "307-blank-location", "bad-ipv6", "bad-port", "no-host", "304", "204"],
)
def test_a_config_answer_that_is_not_the_file_is_not_linted(
    fake_hub, capsys: pytest.CaptureFixture[str], status: int, headers: dict[str, str], message: str
) -> None:
    fake_hub.add_repo("org/m", CLEAN)
    # The body of a redirect is not the file: read as config.json it would be false J001/J006 findings.
    fake_hub.answer_next(r"/resolve/.*/config\.json$", status, b"<a href=x>Found</a>" if status != 204 else b"", headers)
    code, out, err = run(capsys, "check", "--output-format", "json", "hf://org/m")
    assert (code, out) == (2, "[]\n") or (code, out) == (2, ""), out
    one_error_line(err, "org/m: config.json: the Hub", message)


def _st_repo(tmp_path: Path, module_path: str) -> Path:
    folder = Path(shutil.copytree(BGE, tmp_path / "st"))
    modules = json.loads((folder / "modules.json").read_text())
    modules[1]["path"] = module_path
    (folder / "modules.json").write_text(json.dumps(modules))
    return folder


def _plant(folder: Path) -> None:
    """A Pooling config outside the repo that T005 would quote, key by key, if configlint read it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps({"word_embedding_dimension": 1024, SECRET: True}))


@pytest.mark.parametrize("where", ["up-two", "up-one", "absolute", "backslashes"])
def test_a_modules_path_leaving_the_repo_is_refused(
    fake_hub, capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    # The rules read the Pooling config from the cache entry <cache>/hub/models--org--st/<commit>/.
    hub_cache = tmp_path / "configlint-cache" / "hub"
    planted, module_path = {
        "up-two": (hub_cache / "leak", "../../leak"),
        "up-one": (hub_cache / "models--org--st", ".."),
        "absolute": (tmp_path / "outside", str(tmp_path / "outside")),
        "backslashes": (hub_cache / "leak", "..\\..\\leak"),
    }[where]
    _plant(planted)
    fake_hub.add_repo("org/st", _st_repo(tmp_path, module_path))
    code, out, err = run(capsys, "check", "--output-format", "json", "hf://org/st")
    assert SECRET not in out + err
    assert (code, out) == (2, "[]\n") or (code, out) == (2, ""), out
    one_error_line(err, "org/st: modules.json: the path of module 1", "configlint reads module folders only inside the repo")
    with pytest.raises(HubError) as caught:
        fetch_model("hf://org/st")
    assert caught.value.kind == "unsafe"


def test_a_safe_modules_path_is_still_read(fake_hub, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = _st_repo(tmp_path, "./1_Pooling")
    (folder / "1_Pooling" / "config.json").write_text(json.dumps({"word_embedding_dimension": 1024, "pooling_mode": "avg"}))
    fake_hub.add_repo("org/st", folder)
    code, out, _ = run(capsys, "check", "--output-format", "json", "--select", "T", "hf://org/st")
    assert code == 1 and [d["code"] for d in json.loads(out)] == ["T002"]


def test_a_cache_entry_with_a_hostile_modules_path_is_refused(
    fake_hub, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """An entry cached before module paths were checked must not be linted either."""
    commit = fake_hub.add_repo("org/st", BGE)
    entry = fetch_model("org/st").folder
    assert entry is not None
    modules = json.loads((entry / "modules.json").read_text())
    modules[1]["path"] = "../../leak"
    (entry / "modules.json").write_text(json.dumps(modules))
    _plant(tmp_path / "configlint-cache" / "hub" / "leak")
    code, out, err = run(capsys, "check", f"hf://org/st@{commit}")
    assert code == 2 and SECRET not in out + err
    one_error_line(err, "configlint reads module folders only inside the repo")


@pytest.mark.parametrize("command", ["check", "load-report"])
def test_every_error_about_an_implicit_repo_says_no_local_path_was_found(
    fake_hub, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    fake_hub.drop_next("^/api/")  # a network error, not a "no such repo"
    code, _, err = run(capsys, command, "models/bgee")
    assert code == 2
    one_error_line(err, "models/bgee: ", "the Hub", "not a local file or folder either")
    assert err.count("local file or folder") == 1
    code, _, err = run(capsys, command, "models/bgee")  # the Hub answers: no such repo
    one_error_line(err, "models/bgee: no such model repo", "not a local file or folder either")
    assert err.count("local file or folder") == 1


def test_an_explicit_hub_repo_says_nothing_about_local_paths(fake_hub, capsys: pytest.CaptureFixture[str]) -> None:
    fake_hub.drop_next("^/api/")
    code, _, err = run(capsys, "load-report", "hf://org/bgee")
    assert code == 2 and "local" not in err
    one_error_line(err, "org/bgee: the Hub")
