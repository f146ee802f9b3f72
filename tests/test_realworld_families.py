"""Published configs of the issue-20 families' checkpoints get exactly the findings a maintainer agrees with.

The files in ``tests/fixtures/realworld_families/<family>/`` are copies of public config.json
files (``PROVENANCE.tsv`` says where each came from). Every rule is selected, the opt-in ones
too, so a rule that starts misreading one of these families shows up here as an extra code.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

import configlint
from configlint.family_table import recognise_by_keys
from configlint.rules import ALL_RULES
from configlint.selection import Selection

FIXTURES = Path(__file__).parent / "fixtures" / "realworld_families"
EVERY_RULE = Selection(select=("ALL",), extend_select=tuple(rule.code for rule in ALL_RULES if not rule.default))

EXPECTED: dict[str, list[str]] = {
    # The Hub file of all-mpnet-base-v2 as transformers 4.8.2 wrote it: nothing to say.
    "mpnet/sentence-transformers__all-mpnet-base-v2.json": [],
    # Saved again by 4.48.3: only the pre-4.56 dtype name.
    "mpnet/JaviCandia__all-mpnet-base-v2-resaved.json": ["D001"],
    # output_past is a fairseq-era leftover of every XLM-R / CamemBERT export (bookkeeping, opt-in D005).
    "xlm-roberta/BAAI__bge-m3-resaved.json": ["D005"],
    "xlm-roberta/salamthabet95__xlm-roberta-base-hate-speech.json": ["D005"],
    # CamemBERT's <s>/</s> are 5 and 6: no RoBERTa special-token warning (M004) for it.
    "camembert/mary-ammar__camembert-sentiment.json": ["D005"],
    "camembert/TextToKids__CamemBERT-base-EmoTextToKids.json": ["D005"],
    # An ELECTRA-small discriminator: generator_size is a training script's key ElectraConfig does not have (D007).
    "electra/Maltehb__danish-electra-small-cased.json": ["D007"],
    # KoELECTRA's hand-written discriminator config and fine-tunes saved by 4.44.1, 5.0.0 and 5.17.0 (dtype,
    # use_cache false, tie_word_embeddings, a 30622-token vocabulary): nothing but the pre-4.56 dtype name.
    "electra/monologg__koelectra-base-v3-discriminator.json": [],
    "electra/jangchangjun__koelectra-small-v3-review.json": ["D001"],
    "electra/MohitYadav411__fake-news-electra-small.json": [],
    "electra/aidanfora__phishing-electra-small.json": [],
    # A 2.x-era save: its generation keys are PretrainedConfig attributes in 4.57.6, _num_labels agrees with id2label
    # (no L008), output_past is an attribute in neither version (opt-in D005); ElectraForPreTraining is no classifier (no L007).
    "electra/chhavi1996gaur__electra-base-legacy.json": ["D005"],
    # DeBERTa-v3/v2: the ContextPooler keys, position_buckets, norm_rel_ebd, share_att_key, conv_* and
    # attention_head_size are all read (no D007), type_vocab_size 0 is DeBERTa's "no token types" (no V002).
    "deberta-v2/24f2006167__deberta-v3-large.json": [],
    "deberta-v2/satishsingh-singh90__deberta-v3-base-qa.json": ["D001"],
    "deberta-v2/microsoft__deberta-v2-xxlarge-printed.json": [],
    # A ModernBERT-large NLI classifier written by 4.48.0.dev0: layer_norm_eps is no ModernBertConfig key (norm_eps is;
    # D007), torch_dtype the pre-4.56 name (D001); its 4.x keys (global_attn_every_n_layers, the rope thetas,
    # reference_compile), gradient_checkpointing and classifier_pooling "mean" are all read, so nothing else.
    "modernbert/MoritzLaurer__ModernBERT-large-zeroshot-v2.0.json": ["D001", "D007"],
    # The same dead layer_norm_eps in a 4.48 reranker; its one label keeps the default name LABEL_0 (opt-in L007).
    "modernbert/Alibaba-NLP__gte-reranker-modernbert-base.json": ["D001", "D007", "L007"],
    # A 5.0.0 save: layer_types and rope_parameters are read (no rope thetas needed); layer_norm_eps is dead (D007)
    # and use_cache is no ModernBertConfig attribute in 5.23.0 or 4.57.6 (opt-in D005).
    "modernbert/svihuralukas__pan26-modernbert-base.json": ["D005", "D007"],
}


def test_every_fixture_has_provenance_and_an_expectation() -> None:
    with (FIXTURES / "PROVENANCE.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    files = {str(path.relative_to(FIXTURES)) for path in FIXTURES.glob("*/*.json")}
    assert {row["file"] for row in rows} == files == set(EXPECTED)
    assert all(row["source"] and row["checkpoint"] for row in rows)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_published_config_findings(name: str) -> None:
    codes = sorted(d.code for d in configlint.lint_file(FIXTURES / name, selection=EVERY_RULE))
    assert codes == sorted(EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_published_config_without_model_type_or_architectures_is_recognised(name: str) -> None:
    """An export that lost model_type and architectures is still told apart by its sizes (family_table.recognise).

    KoELECTRA's and the 2.x-era ELECTRA-base configs have no summary_* keys: their embedding_size equal to
    hidden_size is what keeps them from being taken for ALBERT (and M010 from calling their embedding unfactorised).
    """
    config = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    stripped = {key: value for key, value in config.items() if key not in ("model_type", "architectures")}
    assert recognise_by_keys(stripped) == config["model_type"]
