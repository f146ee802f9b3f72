"""HubFiles builds each file's address from one ``hf_hub_url`` call per repo: it must be the address ``hf_hub_url`` gives."""

from __future__ import annotations

import pytest
from huggingface_hub import hf_hub_url

from configlint.hub.transfer import HubFiles, Meter

NAMES = [
    "config.json",
    "1_Pooling/config.json",
    "a b/c%d.json",
    "weights#1?.safetensors",
    "ünï/cödé.json",
    "x/../y",
    "~tilde+plus",
]


@pytest.mark.parametrize("commit", ["a" * 40, "refs/pr/1", "main"])
def test_every_file_address_is_the_one_hf_hub_url_builds(commit: str) -> None:
    files = HubFiles("org/model", commit, source="org/model", token=None, meter=Meter(), timeout=1.0)
    assert [files.url(name) for name in NAMES] == [hf_hub_url("org/model", name, revision=commit) for name in NAMES]
