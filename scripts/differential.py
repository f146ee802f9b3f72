"""Differential test of ``configlint load-report`` against a live transformers (issue 16).

Run with the Python of an environment holding the ``oracle`` extra (transformers, torch CPU,
safetensors; configlint is imported from this repository's ``src/``, its dependencies are pure
Python):

    python scripts/differential.py --n 5000 --seed 1        # fresh random cases, print disagreements
    python scripts/differential.py --record 60 --seed 16    # rewrite tests/fixtures/differential/
    python scripts/differential.py --n 5000 --seed 2 --keep # also add each disagreement to found.json

Each case is a tiny model folder (hidden 8-16, 1-2 layers, vocab ~20, so ``from_pretrained`` takes
milliseconds) built at random for one *kind* of input (:mod:`differential_kinds`; loader options, ``.bin``
contents, weights choice and versioned configs in :mod:`differential_loading`). transformers is
asked ``CLASS.from_pretrained(folder, ignore_mismatched_sizes=True, output_loading_info=True)`` and
its outcome is recorded: the exception it raises, or the missing / unexpected / mismatched keys and
the loaded dtype. A recording holds each case as file descriptions (config.json as JSON, safetensors
files as tensor headers only), which ``tests/_differential_case.py`` turns back into a folder
without torch; the suite (``tests/test_differential.py``) checks configlint against every one.
Cases a fresh run found (``--keep``) live in ``found.json``, which ``--record`` never rewrites.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(Path(__file__).resolve().parent)]

import torch  # noqa: E402
import transformers  # noqa: E402

from _differential_case import configlint_outcome, disagreement, write_case  # noqa: E402
from differential_kinds import KINDS  # noqa: E402
from differential_loading import LOADING_KINDS  # noqa: E402
from generate_load_report_fixtures import error_text  # noqa: E402

transformers.logging.set_verbosity_error()
transformers.logging.disable_progress_bar()
warnings.filterwarnings("ignore")
FIXTURES = ROOT / "tests" / "fixtures" / "differential"
FOUND = "found.json"
KINDS.update(LOADING_KINDS)


def oracle(folder: Path, class_name: str) -> dict[str, Any]:
    """What ``from_pretrained`` does with ``folder``: the exception, or the loading info and dtype."""
    cls = getattr(transformers, class_name)
    try:
        model, info = cls.from_pretrained(folder, ignore_mismatched_sizes=True, output_loading_info=True)
    except Exception as error:
        return {"status": "raised", "error": error_text(error, folder)}
    classifier = next((tuple(p.shape) for n, p in model.named_parameters() if n.endswith("classifier.weight")), None)
    return {
        "status": "loaded",
        "missing": sorted(info["missing_keys"]),
        "unexpected": sorted(info["unexpected_keys"]),
        "mismatched": [
            {"key": key, "expected": [int(x) for x in model_shape], "checkpoint": [int(x) for x in ckpt_shape]}
            for key, ckpt_shape, model_shape in sorted(info["mismatched_keys"], key=lambda item: item[0])
        ],
        "dtype": str(model.dtype).removeprefix("torch."),
        "num_labels": model.config.num_labels,
        "classifier": list(classifier) if classifier else None,
    }


def run_case(case: dict[str, Any]) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        write_case(folder, case["files"])
        outcome = oracle(folder, case["class"])
        if outcome["status"] == "raised":
            outcome["error"] = outcome["error"].replace(tmp, "<tmp>")
    return outcome


def compare(case: dict[str, Any]) -> str | None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "model"
        write_case(folder, case["files"])
        ours = configlint_outcome(folder, case["class"])
    if ours["status"] == "raised":
        ours["error"] = ours["error"].replace(str(folder), "<folder>").replace(tmp, "<tmp>")
    return disagreement(case, ours)


def make_cases(kind: str, count: int, rng: random.Random) -> list[dict[str, Any]]:
    cases = []
    for index in range(count):
        case = KINDS[kind](rng)
        case["name"] = f"{kind}-{index:04d}"
        case["kind"] = kind
        case["outcome"] = run_case(case)
        if case["outcome"]["status"] == "loaded":
            case.pop("culprit", None)  # only a refusal has something to blame
        cases.append(case)
    return cases


def record(count: int, seed: int) -> int:
    FIXTURES.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        cases = make_cases(kind, count, random.Random(f"{seed}-{kind}"))
        write_recording(FIXTURES / f"{kind}.json", cases, seed)
        statuses = Counter(case["outcome"]["status"] for case in cases)
        wrong = sum(compare(case) is not None for case in cases)
        print(f"{kind}: {len(cases)} cases ({dict(statuses)}), {wrong} disagreements with configlint")
    return 0


def write_recording(path: Path, cases: list[dict[str, Any]], seed: int | None) -> None:
    """One case a line, so that a new recording's diff shows which cases changed."""
    versions = {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0]}
    head = json.dumps({"versions": versions, "seed": seed}, sort_keys=True)[:-1]
    lines = ",\n".join(json.dumps(case, sort_keys=True, separators=(",", ":")) for case in cases)
    path.write_text(f'{head}, "cases": [\n{lines}\n]}}\n', encoding="utf-8")


def keep(cases: list[dict[str, Any]]) -> None:
    """Add disagreeing fresh cases, with transformers' outcome, to ``found.json`` (kept by name)."""
    path = FIXTURES / FOUND
    known = json.loads(path.read_text(encoding="utf-8"))["cases"] if path.exists() else []
    names = {case["name"] for case in known}
    write_recording(path, known + [case for case in cases if case["name"] not in names], None)


def fresh(count: int, seed: int, keep_found: bool = False) -> int:
    """Run ``count`` fresh cases, round-robin over the kinds; print each disagreement."""
    rng = random.Random(f"fresh-{seed}")
    kinds = list(KINDS)
    per_kind: Counter[str] = Counter()
    wrong: Counter[str] = Counter()
    found: list[dict[str, Any]] = []
    for index in range(count):
        kind = kinds[index % len(kinds)]
        case = make_cases(kind, 1, rng)[0]
        case["name"] = f"{kind}-fresh-{seed}-{index}"
        per_kind[kind] += 1
        why = compare(case)
        if why is not None:
            wrong[kind] += 1
            found.append(case)
            print(f"DISAGREE {case['name']} {case['class']} [{case.get('what', '')}]: {why}")
            print(f"  case: {json.dumps(case, sort_keys=True)[:4000]}")
    for kind in kinds:
        print(f"{kind}: {per_kind[kind]} cases, {wrong[kind]} disagreements")
    print(f"total: {sum(per_kind.values())} cases, {sum(wrong.values())} disagreements")
    if keep_found and found:
        keep(found)
        print(f"{len(found)} added to {FIXTURES / FOUND}")
    return 1 if wrong else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--record", type=int, metavar="N", help="record N cases per kind into tests/fixtures/differential/")
    group.add_argument("--n", type=int, metavar="N", help="run N fresh cases against live transformers")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kind", action="append", choices=sorted(KINDS), help="only these kinds (repeatable)")
    parser.add_argument("--keep", action="store_true", help=f"with --n: add each disagreeing case to {FOUND}")
    args = parser.parse_args(argv)
    if args.kind:
        for kind in list(KINDS):
            if kind not in args.kind:
                del KINDS[kind]
    return record(args.record, args.seed) if args.record is not None else fresh(args.n, args.seed, args.keep)


if __name__ == "__main__":
    raise SystemExit(main())
