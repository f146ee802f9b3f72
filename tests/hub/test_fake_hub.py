"""The fake Hub speaks what huggingface_hub 2.4 expects: the real client works against it unchanged.

If these fail after a huggingface_hub upgrade, the fake (not configlint) needs updating first.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hub.fake_hub import rate_limit_headers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "load_report"
BERT = FIXTURES / "BertModel-clean"


def test_the_client_talks_to_the_fake_hub_only(fake_hub) -> None:
    from huggingface_hub import constants

    assert constants.ENDPOINT == fake_hub.endpoint.rstrip("/")
    assert constants.ENDPOINT.startswith("http://127.0.0.1:")
    assert constants.HF_HUB_DISABLE_TELEMETRY


def test_model_info_with_files_metadata(fake_hub) -> None:
    from huggingface_hub import HfApi

    commit = fake_hub.add_repo("org/bert", BERT, revision="v1")
    info = HfApi().model_info("org/bert", revision="v1", files_metadata=True)
    siblings = {sibling.rfilename: sibling for sibling in info.siblings or ()}
    assert info.sha == commit and set(siblings) == {"config.json", "expected.json", "model.safetensors"}
    weights = siblings["model.safetensors"]
    assert weights.size == (BERT / "model.safetensors").stat().st_size and weights.lfs is not None
    assert weights.lfs["size"] == weights.size and siblings["config.json"].lfs is None
    assert fake_hub.requests()[0].query == "blobs=true"


def test_file_metadata_and_cdn_redirect(fake_hub) -> None:
    from huggingface_hub import get_hf_file_metadata, hf_hub_url

    commit = fake_hub.add_repo("org/bert", BERT)
    lfs = get_hf_file_metadata(hf_hub_url("org/bert", "model.safetensors"))
    assert lfs.commit_hash == commit and lfs.size == (BERT / "model.safetensors").stat().st_size
    assert lfs.location.startswith(fake_hub.cdn_endpoint) and lfs.etag
    plain = get_hf_file_metadata(hf_hub_url("org/bert", "config.json"))
    assert plain.location.startswith(fake_hub.endpoint) and plain.size == (BERT / "config.json").stat().st_size


@pytest.mark.parametrize(
    ("repo", "revision", "name", "gated", "error"),
    [
        ("org/missing", "main", "config.json", False, "RepositoryNotFoundError"),
        ("org/bert", "nope", "config.json", False, "RevisionNotFoundError"),
        ("org/bert", "main", "nope.json", False, "RemoteEntryNotFoundError"),
        ("org/bert", "main", "config.json", True, "GatedRepoError"),
    ],
)
def test_errors_map_to_the_clients_exceptions(
    fake_hub, tmp_path: Path, repo: str, revision: str, name: str, gated: bool, error: str
) -> None:
    from huggingface_hub import hf_hub_download

    fake_hub.add_repo("org/bert", BERT, gated=gated)
    with pytest.raises(Exception) as caught:
        hf_hub_download(repo, name, revision=revision, cache_dir=tmp_path)
    assert type(caught.value).__name__ == error


def _get(fake_hub, path: str, **headers: str):
    from huggingface_hub.utils import get_session

    return get_session().get(f"{fake_hub.endpoint}{path}", headers=headers, follow_redirects=True)


def test_ranges(fake_hub) -> None:
    fake_hub.add_repo("org/bert", BERT)
    data = (BERT / "config.json").read_bytes()
    partial = _get(fake_hub, "/org/bert/resolve/main/config.json", Range="bytes=2-9")
    assert partial.status_code == 206 and partial.content == data[2:10]
    assert partial.headers["Content-Range"] == f"bytes 2-9/{len(data)}"
    assert _get(fake_hub, "/org/bert/resolve/main/config.json", Range="bytes=-4").content == data[-4:]
    assert _get(fake_hub, "/org/bert/resolve/main/config.json", Range=f"bytes={len(data)}-").status_code == 416
    lfs = _get(fake_hub, "/org/bert/resolve/main/model.safetensors", Range="bytes=0-7")
    assert lfs.status_code == 206 and len(lfs.content) == 8 and [r.server for r in fake_hub.requests()][-2:] == ["hub", "cdn"]
    fake_hub.ignore_range = True
    assert _get(fake_hub, "/org/bert/resolve/main/config.json", Range="bytes=2-9").content == data


def test_fault_injection_and_log(fake_hub) -> None:
    from huggingface_hub import HfApi
    from huggingface_hub.errors import HfHubHTTPError

    fake_hub.add_repo("org/bert", BERT)
    fake_hub.fail_next("^/api/models/org/bert$", 429, headers=rate_limit_headers(9))
    with pytest.raises(HfHubHTTPError) as caught:
        HfApi().model_info("org/bert")
    assert caught.value.response.status_code == 429 and "Retry after 9 seconds" in str(caught.value)
    assert HfApi().model_info("org/bert").sha  # count=1: the next one passes
    fake_hub.drop_next("config.json")
    with pytest.raises(Exception):  # noqa: B017 - the transport error type is the client's business
        _get(fake_hub, "/org/bert/resolve/main/config.json")
    log = fake_hub.requests()
    assert [entry.status for entry in log] == [429, 200, 0]
    assert log[1].bytes_sent > 0 and log[2].bytes_sent == 0


def test_model_listing_with_expand_is_what_list_models_parses(fake_hub) -> None:
    """The listing's shape, checked by huggingface_hub's own parsing (``ModelInfo(**entry)``)."""
    from huggingface_hub import HfApi

    fake_hub.page_size = 2
    commits = {f"org/m{index}": fake_hub.add_repo(f"org/m{index}", BERT) for index in range(3)}
    fake_hub.add_repo("other/m9", BERT)
    listed = list(HfApi().list_models(author="org", expand=["sha", "siblings", "gated", "config"]))
    assert {info.id: info.sha for info in listed} == commits  # three models over two pages
    assert all(
        {s.rfilename for s in info.siblings or ()} == {"config.json", "expected.json", "model.safetensors"} for info in listed
    )
    assert all(s.size is None and s.lfs is None for info in listed for s in info.siblings or ())  # names only, as on the Hub
    assert all(info.gated is False and (info.config or {}).get("model_type") == "bert" for info in listed)
    assert [r.query.count("cursor=") for r in fake_hub.requests()] == [0, 1]
    assert [info.id for info in HfApi().list_models(search="m9")] == ["other/m9"]
