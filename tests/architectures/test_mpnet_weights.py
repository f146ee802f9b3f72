"""MPNet's weight map against what building MPNetModel did in transformers 5.23 (scripts/record_mpnet_cases.py).

Its attention checks differ from BERT's in one place: it takes no power of the head size when
built, so a head size of 0 (possible with an ``embedding_size`` key) builds empty projections.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from configlint.architectures import BuildError, expected_state_dict

BUILDS: dict[str, Any] = json.loads((Path(__file__).parents[1] / "fixtures" / "transformers" / "mpnet-cases.json").read_text())[
    "builds"
]


@pytest.mark.parametrize("case", sorted(BUILDS))
def test_build_outcome_is_the_recorded_one(case: str) -> None:
    recorded = BUILDS[case]
    config = {"model_type": "mpnet", **recorded["config"]}
    if recorded["build"] == "ok":
        expected = {key: tuple(shape) for key, shape in recorded["state_dict"].items()}
        assert expected_state_dict("MPNetModel", config) == expected
    else:
        with pytest.raises(BuildError) as raised:
            expected_state_dict("MPNetModel", config)
        assert str(raised.value) == recorded["build"]
