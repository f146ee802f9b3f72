"""pytest plugin: the fake Hub for any test that asks for it, and no test ever reaching the real Hub.

huggingface_hub 2.4 reads ``HF_ENDPOINT`` (and ``HF_HOME``, ``HF_HUB_OFFLINE``, telemetry switches)
into module constants *at import*, and derives more from them (the download URL template, the set
of origins that receive the token). Patching those after import would be fragile, so this plugin,
registered by ``tests/conftest.py`` and therefore imported before any test module, binds the fake
Hub's listening socket on a free port right away, points ``HF_ENDPOINT`` at it, and isolates
``HF_HOME`` and ``CONFIGLINT_CACHE`` in a temporary folder (no stored token, no real cache).
Serving starts when a test first asks for :func:`fake_hub`; subprocesses inherit the environment.

Use from any test package: ``def test_x(fake_hub): commit = fake_hub.add_repo("org/m", folder)``.
Offline mode: ``monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_OFFLINE", True)`` (the
client read the variable at import).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from hub.fake_hub import FakeHub

if "huggingface_hub" in sys.modules:  # pragma: no cover - a guard, not a code path
    raise RuntimeError("huggingface_hub was imported before the fake-Hub plugin; its endpoint is fixed at import")

_SOCKET = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
_SOCKET.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
_SOCKET.bind(("127.0.0.1", 0))
_SOCKET.listen(64)
_HOME = Path(tempfile.mkdtemp(prefix="configlint-tests-hf-"))

for _name in ("HF_TOKEN", "HUGGING_FACE_HUB_TOKEN", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE",
              "HF_TOKEN_PATH", "HUGGINGFACE_CO_STAGING", "HF_OIDC_RESOURCE", "HF_HUB_DISABLE_IMPLICIT_TOKEN"):  # fmt: skip
    os.environ.pop(_name, None)
os.environ.update(
    HF_ENDPOINT=f"http://127.0.0.1:{_SOCKET.getsockname()[1]}",
    HF_HOME=str(_HOME / "hf-home"),
    CONFIGLINT_CACHE=str(_HOME / "configlint"),
    HF_HUB_DISABLE_TELEMETRY="1",
    HF_HUB_DISABLE_PROGRESS_BARS="1",
    HF_HUB_DISABLE_UPDATE_CHECK="1",
    HF_HUB_DISABLE_XET="1",
)


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def fake_hub_server() -> Iterator[FakeHub]:
    """The one fake Hub of this test session, listening on ``HF_ENDPOINT``."""
    hub = FakeHub(_SOCKET).start()
    yield hub
    hub.stop()


@pytest.fixture
def fake_hub(fake_hub_server: FakeHub, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeHub]:
    """A fresh fake Hub (no repos, no faults, empty log) and a configlint cache of this test's own."""
    from huggingface_hub import constants

    assert constants.ENDPOINT == fake_hub_server.endpoint, "huggingface_hub must talk to the fake Hub only"
    fake_hub_server.reset()
    monkeypatch.setenv("CONFIGLINT_CACHE", str(tmp_path / "configlint-cache"))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    yield fake_hub_server
    fake_hub_server.reset()
