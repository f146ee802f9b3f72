"""fetch_model against the fake Hub: what it reads, what it refuses, and how each failure is reported.

Every failure must be one :class:`HubError` with the right ``kind`` (the audit retries on it), sent
after exactly one request (no hidden retry loops), and a stranger's repo must never make configlint
download more than its byte budget or send the token anywhere but the Hub.
"""

from __future__ import annotations

import json
import shutil
import struct
import threading
import zipfile
from pathlib import Path

import pytest

from _sized_checkpoint import write_sized_model
from configlint.errors import CheckpointError
from configlint.hub import HubError, fetch_model
from configlint.hub.weights import LEGACY_REMOTE_MAX
from hub.fake_hub import rate_limit_headers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"


def _copy(case: str, tmp_path: Path) -> Path:
    return Path(shutil.copytree(FIXTURES / case, tmp_path / case))


def _kind(source: str, **options: object) -> HubError:
    with pytest.raises(HubError) as caught:
        fetch_model(source, **options)  # type: ignore[arg-type]
    assert "\n" not in str(caught.value)
    return caught.value


def test_reads_config_headers_and_nothing_else(fake_hub) -> None:
    commit = fake_hub.add_repo("org/bert", FIXTURES / "bert-sharded")
    model = fetch_model("org/bert")
    assert model.commit == commit and model.config_text == (FIXTURES / "bert-sharded" / "config.json").read_text()
    assert model.checkpoint.inventory is not None and model.checkpoint.inventory.format == "sharded-safetensors"
    paths = [request.path for request in fake_hub.requests("hub")]
    assert paths[0] == "/api/models/org/bert" and paths[1].endswith("/config.json")
    assert paths[2].endswith("/model.safetensors.index.json")
    assert sorted(path.rsplit("/", 1)[1] for path in paths[3:]) == [f"model-0000{i}-of-00004.safetensors" for i in range(1, 5)]
    assert all(request.method == "GET" for request in fake_hub.requests())  # no HEAD per file


def test_torch_zip_bin_needs_only_a_range_at_each_end(fake_hub, tmp_path: Path) -> None:
    folder = _copy("bert-bin-zip", tmp_path)
    with zipfile.ZipFile(folder / "pytorch_model.bin", "a") as archive:  # 3 MB of "storage" before the directory
        archive.writestr(zipfile.ZipInfo("archive/data/999"), b"\0" * 3_000_000)
    fake_hub.add_repo("org/bin", folder)
    model = fetch_model("org/bin")
    assert model.checkpoint.inventory is not None and len(model.checkpoint.inventory) > 10, model.checkpoint.error
    ranges = [request.headers.get("range") for request in fake_hub.requests("cdn")]
    assert len(ranges) == 2 and ranges[0].startswith("bytes=0-"), ranges  # data.pkl first, then the directory
    assert model.bytes_transferred < 200_000


def test_pooling_module_config_is_fetched(fake_hub, tmp_path: Path) -> None:
    folder = Path(shutil.copytree(Path(__file__).parents[2] / "examples" / "bge-large-zh-v1.5", tmp_path / "bge"))
    fake_hub.add_repo("BAAI/bge", folder)
    model = fetch_model("BAAI/bge")
    assert set(model.files) == {"modules.json", "1_Pooling/config.json"}
    assert model.checkpoint.inventory is None and model.checkpoint.error is None  # no weights: config rules only


@pytest.mark.parametrize(
    ("setup", "source", "kind"),
    [
        (None, "org/missing", "not-found"),
        (None, "org/bert@no-such-branch", "revision-not-found"),
        ("gated", "org/bert", "gated"),
        ("no-config", "org/bert", "no-config"),
    ],
)
def test_repo_problems_have_kinds(fake_hub, tmp_path: Path, setup: str | None, source: str, kind: str) -> None:
    folder = _copy("BertModel-clean", tmp_path)
    if setup == "no-config":
        (folder / "config.json").unlink()
    fake_hub.add_repo("org/bert", folder, gated=setup == "gated")
    error = _kind(source)
    assert error.kind == kind and error.exit_code == 2 and str(error).startswith(source)


def test_no_weights_is_an_error_only_when_weights_are_required(fake_hub) -> None:
    fake_hub.add_repo("org/config-only", FIXTURES / "bert-no-weights")
    assert fetch_model("org/config-only").checkpoint.inventory is None
    assert _kind("org/config-only", require_weights=True, use_cache=False).kind == "no-weights"


def test_token_precedence_explicit_then_hf_token(fake_hub, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_hub.add_repo("org/gated", FIXTURES / "BertModel-clean", gated=True, tokens=("good",))
    monkeypatch.setenv("HF_TOKEN", "good")
    assert fetch_model("org/gated", use_cache=False).checkpoint.inventory is not None
    assert _kind("org/gated", token="wrong", use_cache=False).kind == "gated"  # --token wins over HF_TOKEN
    monkeypatch.setenv("HF_TOKEN", "wrong")
    assert fetch_model("org/gated", token="good", use_cache=False).checkpoint.inventory is not None


def test_stored_login_is_the_last_resort(fake_hub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from huggingface_hub import constants

    (tmp_path / "token").write_text("stored")
    monkeypatch.setattr(constants, "HF_TOKEN_PATH", str(tmp_path / "token"))
    fake_hub.add_repo("org/gated", FIXTURES / "BertModel-clean", gated=True, tokens=("stored",))
    assert fetch_model("org/gated").checkpoint.inventory is not None


def test_the_token_never_reaches_the_cdn(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    fetch_model("org/bert", token="secret")
    hub, cdn = fake_hub.requests("hub"), fake_hub.requests("cdn")
    assert cdn and all("authorization" not in request.headers for request in cdn)
    assert all(request.headers.get("authorization") == "Bearer secret" for request in hub)


def test_the_clients_own_download_does_not_leak_the_token_either(fake_hub, tmp_path: Path) -> None:
    from huggingface_hub import hf_hub_download

    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    path = hf_hub_download("org/bert", "model.safetensors", token="secret", cache_dir=tmp_path / "hf")
    assert Path(path).read_bytes() == (FIXTURES / "BertModel-clean" / "model.safetensors").read_bytes()
    assert all("authorization" not in request.headers for request in fake_hub.requests("cdn"))


@pytest.mark.parametrize(
    ("pattern", "headers", "retry_after"),
    [
        ("^/api/models/", rate_limit_headers(7), 7.0),  # the quota header wins
        ("/config.json$", {"Retry-After": "3"}, 3.0),
        ("^/lfs/", {}, None),
    ],
)
def test_rate_limits_surface_at_once_with_the_wait(
    fake_hub, pattern: str, headers: dict[str, str], retry_after: float | None
) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    fake_hub.fail_next(pattern, 429, count=5, headers=headers)
    error = _kind("org/bert")
    assert (error.kind, error.retry_after, error.retryable) == ("rate-limited", retry_after, True)
    assert sum(1 for request in fake_hub.requests() if request.status == 429) == 1  # never retried


def test_server_errors_and_dropped_connections(fake_hub) -> None:
    fake_hub.add_repo("org/bert", FIXTURES / "BertModel-clean")
    fake_hub.fail_next("/config.json$", 503, headers={"Retry-After": "2"})
    error = _kind("org/bert")
    assert (error.kind, error.retry_after) == ("server-error", 2.0)
    fake_hub.drop_next("^/lfs/")
    assert _kind("org/bert").kind == "network"
    fake_hub.slow_next("^/api/models/", 1.0)
    assert _kind("org/bert", timeout=0.2).kind == "network"
    assert fetch_model("org/bert").checkpoint.inventory is not None  # all faults were one-shot


def test_a_server_that_ignores_range_is_cut_off(fake_hub, tmp_path: Path) -> None:
    write_sized_model(tmp_path / "big")
    fake_hub.add_repo("org/big", tmp_path / "big")
    fake_hub.ignore_range = True
    model = fetch_model("org/big")
    assert model.checkpoint.inventory is not None and model.bytes_transferred < 200_000
    assert fake_hub.bytes_sent() < 16 * 1024 * 1024  # the 500 MB answer was abandoned
    assert _kind("org/big", max_bytes=32 * 1024, use_cache=False).kind == "too-large"


def test_header_larger_than_the_budget_is_refused(fake_hub, tmp_path: Path) -> None:
    folder = _copy("BertModel-clean", tmp_path)
    claimed = 40 * 1024 * 1024  # under MAX_HEADER_BYTES, far over a model's header
    with (folder / "model.safetensors").open("wb") as handle:
        handle.write(struct.pack("<Q", claimed) + b"{" + b" " * 100)
        handle.truncate(8 + claimed + 16)
    fake_hub.add_repo("org/huge-header", folder)
    error = _kind("org/huge-header")
    assert error.kind == "too-large"
    assert fake_hub.bytes_sent() < 100_000  # the 40 MB range was never asked for


def test_header_beyond_the_format_limit_is_a_checkpoint_error(fake_hub, tmp_path: Path) -> None:
    folder = _copy("BertModel-clean", tmp_path)
    (folder / "model.safetensors").write_bytes(struct.pack("<Q", 200_000_000) + b"{}")
    fake_hub.add_repo("org/bad-header", folder)
    error = fetch_model("org/bad-header").checkpoint.error
    assert isinstance(error, CheckpointError) and "header" in error.message
    assert fake_hub.bytes_sent() < 10_000


def test_shard_names_that_leave_the_repo_are_refused(fake_hub, tmp_path: Path) -> None:
    folder = _copy("bert-sharded", tmp_path)
    index = json.loads((folder / "model.safetensors.index.json").read_text())
    first = next(iter(index["weight_map"]))
    index["weight_map"][first] = "../other-repo/model.safetensors"
    (folder / "model.safetensors.index.json").write_text(json.dumps(index))
    fake_hub.add_repo("org/escape", folder)
    model = fetch_model("org/escape")
    assert isinstance(model.checkpoint.error, CheckpointError) and "escapes" in model.checkpoint.error.message
    assert not fake_hub.requests("cdn")  # refused before any shard was read


def test_big_legacy_pickles_are_not_read_remotely(fake_hub, tmp_path: Path) -> None:
    folder = _copy("bert-bin-legacy", tmp_path)
    with (folder / "pytorch_model.bin").open("ab") as handle:
        handle.truncate(LEGACY_REMOTE_MAX + 1)
    fake_hub.add_repo("org/legacy", folder)
    error = _kind("org/legacy")
    assert error.kind == "too-large" and "legacy" in error.message


def test_threads_count_their_own_requests(fake_hub) -> None:
    fake_hub.add_repo("org/a", FIXTURES / "BertModel-clean")
    fake_hub.add_repo("org/b", FIXTURES / "bert-sharded")
    results: dict[str, int] = {}

    def fetch(name: str) -> None:
        results[name] = fetch_model(name, use_cache=False).requests

    threads = [threading.Thread(target=fetch, args=(name,)) for name in ("org/a", "org/b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == {"org/a": 4, "org/b": 3 + 2 * 4}
