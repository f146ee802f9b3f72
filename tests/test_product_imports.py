"""The product never imports torch, transformers, safetensors or numpy: not at import, not while it
reads a model folder with safetensors and torch weights.

Checked in a fresh interpreter whose import system refuses those names and records the attempt,
so the test fails for an import that is tried, whether or not the package is installed here.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from _support import REPO

FORBIDDEN = ("torch", "transformers", "safetensors", "numpy", "sentence_transformers")
CHILD = textwrap.dedent(
    """
    import importlib, pkgutil, sys
    from importlib.abc import MetaPathFinder

    FORBIDDEN = {forbidden!r}
    tried = []

    class Refuse(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in FORBIDDEN:
                tried.append(name)
                raise ImportError(f"the product must not import {{name}}")
            return None

    sys.meta_path.insert(0, Refuse())
    import configlint
    for module in pkgutil.walk_packages(configlint.__path__, "configlint."):
        if not module.name.endswith("__main__"):  # that one runs the CLI on sys.argv
            importlib.import_module(module.name)
    from configlint.cli import main
    for folder in sys.argv[1:]:
        for args in (["check", "--select", "ALL", "--exit-zero", folder], ["load-report", folder]):
            main(args)
    print("TRIED", sorted(set(tried)))
    """
).format(forbidden=FORBIDDEN)


def test_no_heavy_library_is_imported_even_when_reading_weights(tmp_path) -> None:
    from _sized_checkpoint import write_sized_model  # a real safetensors header over a sparse file, no torch

    safetensors = write_sized_model(tmp_path / "model").parent
    torch_zip = REPO / "tests" / "corpus" / "zip-two-data-pkl"  # a torch zip .bin with tensor pickles
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(safetensors), str(torch_zip)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.stdout.splitlines()[-1:] == ["TRIED []"], result.stdout + result.stderr
