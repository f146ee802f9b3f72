"""Turn the oracle recordings in tests/fixtures/claims/ into src/configlint/rules/recorded_facts.py.

Rules run without torch or transformers, so the facts they need at run time (which classes
transformers exports, which attributes each family's config class has, which keys a recorded
build shows to be unread) are written into a plain Python module. tests/rules/test_claims.py
checks the module is what this script writes from the committed recordings.

    python scripts/generate_recorded_facts.py
"""

from __future__ import annotations

import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = ROOT / "tests" / "fixtures" / "claims"
TARGET = ROOT / "src" / "configlint" / "rules" / "recorded_facts.py"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from claim_cases import ST_CASES, TRANSFORMERS_CASES, UNREAD_KEYS  # noqa: E402

_TEMP_PATH = re.compile(r"(/tmp|/var/folders)/[^ ']*?/(?=[^/ ']*['. ]|[^/ ']*$)")


def _error(outcome: str, limit: int = 90) -> str:
    """ "raised ValueError: Unrecognized model in /tmp/x/bert-base-x. Should..." -> "ValueError: Unrecognized model in bert-base-x..."."""
    text = _TEMP_PATH.sub("", outcome.removeprefix("raised "))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _baseline(case: dict) -> str | None:
    return f"baseline-{case['family']}-{case['class']}" if "class" in case and not case["id"].startswith("baseline-") else None


def transformers_outcome(case: dict, cases: dict[str, dict]) -> str:
    """What one version did with one case, in one line: where it raised, or how the model compares to its baseline."""
    result = cases[case["id"]]
    if result["config"] != "ok":
        return f"AutoConfig raises {_error(result['config'])}"
    text = f"loads as {result['config_class']}"
    if result.get("attributes"):
        text += " (" + ", ".join(f"{k}={json.dumps(v)}" for k, v in sorted(result["attributes"].items())) + ")"
    if "build" not in result:
        return text
    if result["build"] != "ok":
        return f"{text}; building {case['class']} raises {_error(result['build'])}"
    if result.get("forward", "ok") != "ok":
        return f"{text}; {case['class']} builds, the forward pass raises {_error(result['forward'])}"
    baseline = _baseline(case)
    if baseline is None:
        return f"{text}; {case['class']} builds and runs"
    other = cases[baseline]
    if result.get("digest") == other.get("digest") and result.get("probes") == other.get("probes"):
        return f"{text}; {case['class']} runs, outputs identical to {baseline}"
    changed = [
        f"{key} {json.dumps(value)} (baseline {json.dumps(other.get('probes', {}).get(key))})"
        for key, value in sorted(result.get("probes", {}).items())
        if other.get("probes", {}).get(key) != value and key != "parameters"
    ]
    return f"{text}; {case['class']} runs, outputs differ from {baseline}" + (f": {', '.join(changed)}" if changed else "")


def card_outcome(card: dict) -> str:
    """What the model card written on save shows of the Pooling module."""
    pooling = next((line.strip() for line in card["architecture"].splitlines() if "Pooling(" in line), "")
    if not card["readme_written"] or not pooling:
        return "save writes no model card naming the Pooling module"
    return f"save writes README.md; Full Model Architecture shows {pooling}"


def st_outcome(result: dict) -> str:
    if result["load"] != "ok":
        return f"SentenceTransformer raises {_error(result['load'])}"
    text = f"loads {' + '.join(result['modules'])}"
    if "pooling_mode" in result:
        text += f", pooling {json.dumps(result['pooling_mode'])}"
    if result.get("encode", "ok") != "ok":
        return f"{text}; encode raises {_error(result['encode'])}"
    return f"{text}; encode gives {result['embedding_length']} values (declared {result['declared_dimension']})"


def recordings(prefix: str) -> dict[str, dict]:
    """Recordings of one library, newest version first."""
    found = {
        path.stem.removeprefix(prefix + "-"): json.loads(path.read_text(encoding="utf-8"))
        for path in CLAIMS.glob(f"{prefix}-*.json")
    }
    return dict(sorted(found.items(), key=lambda item: [int(part) for part in item[0].split(".")], reverse=True))


def _names(names: object) -> str:
    body = ", ".join(json.dumps(name) for name in sorted(names))  # type: ignore[union-attr]
    return "frozenset({\n" + textwrap.indent(textwrap.fill(body, 100, break_on_hyphens=False), "        ") + "\n    })"


def unread_keys(records: dict[str, dict]) -> dict[str, tuple[str, str]]:
    """Keys whose model is identical (same output digest and probes) to its baseline in every version."""
    unread = {}
    for key, (family, cls, _value) in UNREAD_KEYS.items():
        case, baseline = f"unread-{key}", f"baseline-{family}-{cls}"
        if all(
            r["cases"][case].get("digest") == r["cases"][baseline].get("digest")
            and r["cases"][case].get("probes") == r["cases"][baseline].get("probes")
            for r in records.values()
        ):
            unread[key] = (family, case)
    return unread


def render() -> str:
    records = recordings("transformers")
    versions = tuple(records)
    lines = [
        '"""Facts recorded from the libraries themselves; generated by scripts/generate_recorded_facts.py, do not edit.',
        "",
        "The recordings (tests/fixtures/claims/transformers-<version>.json) hold every case; this module keeps",
        "what rules need at run time, where neither torch nor transformers is installed.",
        '"""',
        "",
        f"TRANSFORMERS_VERSIONS: tuple[str, ...] = {versions!r}",
        '"""Recorded versions, newest (the default target) first."""',
        "",
        "EXPORTED_CLASSES: dict[str, frozenset[str]] = {",
    ]
    for version, record in records.items():
        lines.append(f"    {version!r}: {_names(record['exported_classes'])},")
    lines += [
        "}",
        '"""BERT-family names each transformers version exports (configs, models, tokenizers; TF/Flax in 4.x)."""',
        "",
        "FAMILY_ATTRIBUTES: dict[str, dict[str, frozenset[str]]] = {",
    ]
    for version, record in records.items():
        lines.append(f"    {version!r}: {{")
        for family, names in sorted(record["family_attributes"].items()):
            lines.append(f"        {family!r}: {_names(names)},".replace("\n    ", "\n        "))
        lines.append("    },")
    lines += [
        "}",
        '"""Attributes a default config object of each family has, per version."""',
        "",
        "UNREAD_KEYS: dict[str, tuple[str, str]] = {",
    ]
    for key, case in sorted(unread_keys(records).items()):
        lines.append(f"    {key!r}: {case!r},")
    st = recordings("sentence-transformers")
    lines += [
        "}",
        '"""Keys whose model is identical with and without them in every recorded version: the family and case showing it."""',
    ]
    lines += [
        "",
        f"SENTENCE_TRANSFORMERS_VERSIONS: tuple[str, ...] = {tuple(st)!r}",
        "",
        "ST_MODULE_TYPES: dict[str, frozenset[str]] = {",
    ]
    for version, record in st.items():
        lines.append(f"    {version!r}: {_names(record['module_types'])},")
    lines += ["}", '"""Class names sentence_transformers.models exports, per version (modules.json types name them)."""']
    sizes = json.loads((CLAIMS / "realworld-sizes.json").read_text(encoding="utf-8"))["families"]
    lines += ["", "REAL_CONFIG_SIZES: dict[str, dict[str, int]] = {"]
    for family, entry in sizes.items():
        counts = {key: value for key, value in sorted(entry.items()) if isinstance(value, int)}
        lines.append(f"    {family!r}: {counts!r},")
    lines += [
        "}",
        '"""Per family, real configs surveyed (tests/fixtures/claims/realworld-sizes.json): how many give both widths,',
        'how many have a feed-forward block narrower than the model, and ALBERT embedding sizes not below hidden_size."""',
    ]
    lines += ["", "CASE_OUTCOMES: dict[str, dict[str, str]] = {"]
    for case in TRANSFORMERS_CASES:
        lines.append(f"    {case['id']!r}: {{")
        lines += [f"        {v!r}: {transformers_outcome(case, r['cases'])!r}," for v, r in records.items()]
        lines.append("    },")
    for case in ST_CASES:
        lines.append(f"    {case['id']!r}: {{")
        lines += [f"        {v!r}: {st_outcome(r['cases'][case['id']])!r}," for v, r in st.items()]
        lines.append("    },")
    for card in sorted(next(iter(st.values())).get("model_cards", {})):
        lines.append(f"    {card!r}: {{")
        lines += [f"        {v!r}: {card_outcome(r['model_cards'][card])!r}," for v, r in st.items()]
        lines.append("    },")
    lines += [
        "}",
        '"""Each recorded case, per library version (transformers cases first): what loading, building and running it did."""',
    ]
    lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
