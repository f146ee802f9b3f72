"""S002's suggestions: the prefilter that keeps difflib off most checks drops only what difflib would drop."""

from __future__ import annotations

import difflib
import random
import string

import pytest

from configlint.rules.keys import _could_reach_cutoff, nearest_key
from configlint.rules.recorded_facts import FAMILY_ATTRIBUTES, TRANSFORMERS_VERSIONS

NAMES = sorted(set().union(*FAMILY_ATTRIBUTES[TRANSFORMERS_VERSIONS[0]].values()))


def _keys(seed: int, count: int) -> list[str]:
    """Misspellings of real attribute names (the keys that reach a suggestion) and random strings."""
    rng = random.Random(seed)
    letters = string.ascii_lowercase + "_"
    keys = ["", "a", "_", "output_past", "directionality"]
    for _ in range(count):
        name = list(rng.choice(NAMES))
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(name))
            name[at : at + rng.randint(0, 1)] = rng.choice(["", rng.choice(letters), rng.choice(letters) * 2])
        keys.append("".join(name))
        keys.append("".join(rng.choice(letters) for _ in range(rng.randint(1, 30))))
    return keys


@pytest.mark.parametrize("seed", range(3))
def test_the_prefilter_is_difflibs_two_upper_bounds(seed: int) -> None:
    rng = random.Random(seed)
    for key in _keys(seed, 150):
        counts = {char: key.count(char) for char in set(key)}
        for name in rng.sample(NAMES, 40):
            matcher = difflib.SequenceMatcher(None, key, name)
            expected = matcher.real_quick_ratio() >= 0.75 and matcher.quick_ratio() >= 0.75
            assert _could_reach_cutoff(key, counts, name) == expected, (key, name)


def _difflib_nearest(key: str, family: str) -> str | None:
    """The suggestion as computed with difflib over every attribute (what nearest_key must equal)."""
    words = set(key.split("_"))
    best: tuple[float, str] | None = None
    for name in sorted(FAMILY_ATTRIBUTES[TRANSFORMERS_VERSIONS[0]][family]):
        if name.startswith("_"):
            continue
        ratio = difflib.SequenceMatcher(None, key, name).ratio()
        other = set(name.split("_"))
        same_words = len(words) > 1 and len(other) > 1 and (words <= other or other <= words)
        if (ratio >= 0.92 or (same_words and ratio >= 0.75)) and (best is None or ratio > best[0]):
            best = (ratio, name)
    return best[1] if best else None


def test_suggestions_are_those_difflib_gives_without_the_prefilter() -> None:
    families = sorted(FAMILY_ATTRIBUTES[TRANSFORMERS_VERSIONS[0]])
    keys = _keys(11, 300)
    suggested = 0
    for index, key in enumerate(keys):
        family = families[index % len(families)]
        expected = _difflib_nearest(key, family)
        suggested += expected is not None
        assert nearest_key(key, family) == expected, (key, family)
    assert suggested > 50  # the sample does reach suggestions, not only the prefilter's refusals


def test_a_misspelling_is_still_named() -> None:
    assert nearest_key("hidden_sizee", "bert") == "hidden_size"
    assert nearest_key("num_attention_head", "roberta") == "num_attention_heads"
