"""The commands end in exit 0, 1 or 2 with one-line errors, whatever the folder and the options.

``load-report`` gets model folders whose config and weights come from the hostile corpus,
mutated; ``check`` gets arbitrary combinations of its options. Both run in-process with strict
UTF-8 output streams (see ``_cli_support.run_cli``).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from _fuzzing import fuzz, is_known_cli_bug, seed_configs
from hypothesis import given, reject
from hypothesis import strategies as st

from _cli_support import assert_clean_exit, load_script, run_cli
from _support import REPO

corpus = load_script("generate_hostile_corpus")
WEIGHT_NAMES = ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"]
# The weights of the committed corpus (tests/test_hostile_corpus.py keeps it equal to what the
# generator writes): building the cases again here would compress an 80 MB bzip2 bomb per worker.
WEIGHTS = sorted({path.read_bytes() for path in (REPO / "tests" / "corpus").glob("*/*") if path.name in WEIGHT_NAMES})
CONFIGS = [corpus.CONFIG_TEXT.encode()] + [path.read_bytes() for path in seed_configs()[:40]]


def _flipped(content: bytes, flips: list[tuple[int, int]]) -> bytes:
    data = bytearray(content)
    for index, mask in flips:
        if data:
            data[index % len(data)] ^= mask
    return bytes(data)


FLIPS = st.lists(st.tuples(st.integers(0, 2**16), st.integers(1, 255)), max_size=3)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli-fuzz")


@fuzz(0.3)
@given(
    config=st.sampled_from(CONFIGS),
    config_flips=FLIPS,
    weights_name=st.sampled_from(WEIGHT_NAMES),
    weights=st.sampled_from(WEIGHTS) | st.binary(max_size=64),
    weights_flips=FLIPS,
    output_format=st.sampled_from(["text", "json"]),
)
def test_load_report_on_any_folder(
    folder: Path, config: bytes, config_flips: list, weights_name: str, weights: bytes, weights_flips: list, output_format: str
) -> None:
    model = folder / "model"
    shutil.rmtree(model, ignore_errors=True)
    model.mkdir()
    (model / "config.json").write_bytes(_flipped(config, config_flips))
    (model / weights_name).write_bytes(_flipped(weights, weights_flips))
    run = run_cli(["load-report", "--format", output_format, str(model)])
    if is_known_cli_bug(run):
        reject()
    assert_clean_exit(run)
    assert len(run.err.splitlines()) <= 1


OPTIONS = st.lists(
    st.sampled_from([["--fix"], ["--diff"], ["--statistics"], ["--exit-zero"], ["--unsafe-fixes"], ["--exit-non-zero-on-fix"]])
    | st.tuples(st.just("--output-format"), st.sampled_from(["text", "json", "sarif", "junit", "github", "yaml"])).map(list)
    | st.tuples(
        st.sampled_from(["--select", "--ignore", "--extend-select"]),
        st.sampled_from(["P", "J,S", "ZZ9", "", ",", "P001", "all", "\x00"]),
    ).map(list)
    | st.tuples(st.just("--fail-on"), st.sampled_from(["info", "warning", "error", "fatal"])).map(list),
    max_size=4,
).map(lambda groups: [item for group in groups for item in group])


@fuzz(0.3)
@given(config=st.sampled_from(CONFIGS), flips=FLIPS, options=OPTIONS)
def test_check_with_any_options(folder: Path, config: bytes, flips: list, options: list[str]) -> None:
    path = folder / "check" / "config.json"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(_flipped(config, flips))
    run = run_cli(["check", *options, str(path)])
    if is_known_cli_bug(run):
        reject()
    assert_clean_exit(run)
