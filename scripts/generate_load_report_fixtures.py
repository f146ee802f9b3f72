"""Generate the load-report fixtures: tiny checkpoints and what transformers itself reports for them.

Run with a Python that has torch, transformers and safetensors installed (configlint itself needs
none of them); the committed fixtures are made with the pinned oracle (transformers 5.23.0, torch
2.13.0):

    $ORACLE5 scripts/generate_load_report_fixtures.py [OUTPUT_DIR]

(``$ORACLE5`` / ``$ORACLE4``: the pinned oracle interpreters, see docs/recordings.md.)

OUTPUT_DIR defaults to ``tests/fixtures/load_report`` next to this script's repository. Run it
with ``PYTHONPATH=src`` (it reads the family table). Each of its case folders is replaced, and
nothing else in the directory is touched (other recorders add cases there); every model is built from a fixed seed, so re-running the
script with the same torch/transformers versions reproduces the same bytes (checked: two runs are
byte-identical). The tiny configs live in ``tiny_configs.py``, shared with
``record_family_facts.py``. ``CLASSES`` is every head class of every family of
``configlint.family_table.FAMILIES``; each gets a ``<Class>-clean`` case, and each family a few mismatch cases. The suite
skips the cases of classes ``configlint.architectures.get_class`` does not model yet.

For every case ``<case>/`` holds only what the test needs: ``config.json``, the weights (one of
``model.safetensors``, sharded ``model-0000i-of-0000n.safetensors`` + index, ``pytorch_model.bin``
as a zip or legacy torch.save) and ``expected.json``: transformers' own ``output_loading_info`` for
``CLASS.from_pretrained(case, ignore_mismatched_sizes=True, output_loading_info=True)`` in the shape
``configlint load-report --format json`` prints, plus what the same call does without
``ignore_mismatched_sizes`` (``strict_error``). Where transformers raises, ``error`` is
``"<ExceptionType>: <first line of the message>"``.

Two more files describe the classes themselves, so the weight maps are tested against the real
models and not against their author's memory: ``classes.json`` (base_model_prefix, tied weights in
order, keys ignored on load, buffers, the load-time key renamings) and ``state_dicts.json``
(``model.state_dict()`` names and shapes for every class under a few configs).
"""

from __future__ import annotations

import json
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import safetensors.torch
import torch
import transformers
from transformers.conversion_mapping import get_model_conversion_mapping

from configlint.family_table import FAMILIES
from tiny_configs import CONFIG_CLASSES, TINY

transformers.logging.set_verbosity_error()
transformers.logging.disable_progress_bar()

# Every head class of every family, in the family table's order: the table is the one list of classes
# (tests/test_family_table.py holds it to transformers' modeling modules), so a family added there is recorded here.
CLASSES: dict[str, list[str]] = {name: list(entry.head_classes) for name, entry in FAMILIES.items()}
FAMILY_OF = {name: family for family, names in CLASSES.items() for name in names}

# Extra configs under which every class's state_dict is recorded for the weight-map unit tests.
STATE_DICT_VARIANTS: dict[str, dict[str, dict[str, Any]]] = {
    "bert": {
        "untied_3labels": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, type_vocab_size=3),
        "decoder_cross": dict(is_decoder=True, add_cross_attention=True, num_hidden_layers=1),
    },
    "roberta": {
        "untied_3labels": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}),
        "decoder_cross": dict(is_decoder=True, add_cross_attention=True, num_hidden_layers=3),
    },
    "distilbert": {
        "untied_sinusoidal": dict(tie_word_embeddings=False, sinusoidal_pos_embds=True, n_layers=3),
    },
    "albert": {
        "groups": dict(num_hidden_groups=2, inner_group_num=3, num_hidden_layers=4, id2label={0: "a", 1: "b", 2: "c"}),
        "odd_heads": dict(hidden_size=10, num_attention_heads=3, embedding_size=4),
    },
    "xlm-roberta": {
        "untied_3labels": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}),
        "decoder_cross": dict(is_decoder=True, add_cross_attention=True, num_hidden_layers=3),
    },
    "camembert": {
        "untied_3labels": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, type_vocab_size=2),
    },
    "electra": {
        # embedding_size == hidden_size: no embeddings_project layer.
        "untied_3labels_no_project": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, embedding_size=8),
        "decoder_cross": dict(is_decoder=True, add_cross_attention=True, num_hidden_layers=1),
    },
    "mpnet": {
        "untied_3labels_buckets": dict(
            tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, relative_attention_num_buckets=40
        ),
    },
    "deberta-v2": {
        # DeBERTa-v2's own defaults: absolute positions, no relative attention.
        "v2_defaults": dict(
            relative_attention=False,
            position_biased_input=True,
            pos_att_type=None,
            norm_rel_ebd="none",
            share_att_key=False,
            type_vocab_size=2,
        ),
        "untied_3labels_pooler": dict(
            tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, pooler_hidden_size=12, position_buckets=-1
        ),
        "embedding_size": dict(embedding_size=6, max_relative_positions=6, position_buckets=-1, norm_rel_ebd="none"),
    },
    "modernbert": {
        "untied_3labels_biases": dict(
            tie_word_embeddings=False,
            id2label={0: "a", 1: "b", 2: "c"},
            classifier_bias=True,
            attention_bias=True,
            mlp_bias=True,
            norm_bias=False,
            decoder_bias=False,
        ),
        "layers_4": dict(num_hidden_layers=4, global_attn_every_n_layers=2),
    },
    "deberta": {
        # DebertaConfig's own defaults: absolute positions, no relative attention; two token types.
        "v1_defaults": dict(relative_attention=False, position_biased_input=True, pos_att_type=None, type_vocab_size=2),
        "untied_3labels_pooler": dict(tie_word_embeddings=False, id2label={0: "a", 1: "b", 2: "c"}, pooler_hidden_size=12),
        # Keys DebertaConfig does not declare but the modules read: talking_head, embedding_size; p2c only; the other MLM head.
        "talking_head_embedding_size": dict(
            talking_head=True, embedding_size=6, max_relative_positions=6, pos_att_type=["p2c"], legacy=False
        ),
        # DeBERTa-v2's own keys on a v1 config (a v2 config relabelled): v1's modules do not read them.
        "v2_keys": dict(position_buckets=4, norm_rel_ebd="layer_norm", share_att_key=True, conv_kernel_size=3),
    },
}


def config_for(family: str, **overrides: Any) -> transformers.PreTrainedConfig:
    config_class = getattr(transformers, CONFIG_CLASSES[family])
    return config_class(**{**TINY[family], **overrides})


def build(class_name: str, **overrides: Any) -> torch.nn.Module:
    """A seeded, float16 tiny model of ``class_name``."""
    torch.manual_seed(0)
    model = getattr(transformers, class_name)(config_for(FAMILY_OF[class_name], **overrides))
    return model.half().eval()


# ---------------------------------------------------------------------------------------------
# Writing a case folder


def save(model: torch.nn.Module, folder: Path, fmt: str = "safetensors") -> None:
    """Save ``model`` the way users do: ``save_pretrained`` or a plain ``torch.save`` of the state dict."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "safetensors":
        model.save_pretrained(folder)
    elif fmt == "sharded":
        model.save_pretrained(folder, max_shard_size=1200)
        assert len(list(folder.glob("*.safetensors"))) > 1, "expected several shards"
    elif fmt in ("bin", "bin-legacy"):
        model.config.save_pretrained(folder)
        write_bin(model.state_dict(), folder / "pytorch_model.bin", legacy=fmt == "bin-legacy")
    else:  # pragma: no cover - programming error
        raise ValueError(fmt)


def weights_of(folder: Path) -> dict[str, torch.Tensor]:
    """The state dict stored in a single-file checkpoint folder."""
    if (folder / "model.safetensors").exists():
        return safetensors.torch.load_file(folder / "model.safetensors")
    return torch.load(folder / "pytorch_model.bin", weights_only=True)


def rewrite_weights(folder: Path, state: dict[str, torch.Tensor]) -> None:
    if (folder / "model.safetensors").exists():
        state = {name: tensor.contiguous() for name, tensor in state.items()}
        safetensors.torch.save_file(state, folder / "model.safetensors", metadata={"format": "pt"})
    else:
        write_bin(state, folder / "pytorch_model.bin", legacy=not _is_zip(folder / "pytorch_model.bin"))


def write_bin(state: dict[str, torch.Tensor], path: Path, *, legacy: bool) -> None:
    """``torch.save`` as a zip, or in the pre-1.6 legacy format with reproducible storage keys.

    ``torch.save(..., _use_new_zipfile_serialization=False)`` names each storage after its memory
    address, so its bytes change from run to run; this writes the same layout as
    ``torch.serialization._legacy_save`` (magic, protocol, sys_info, the pickled object with
    persistent storage ids, the key list, the raw storages) with keys numbered in pickling order.
    """
    if not legacy:
        torch.save(state, path)
        return
    serialization = torch.serialization
    keys: dict[int, str] = {}
    storages: list[tuple[torch.UntypedStorage, torch.dtype]] = []

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj: Any) -> Any:
            if not isinstance(obj, torch.storage.TypedStorage):
                return None
            untyped = obj._untyped_storage
            if untyped._cdata not in keys:
                keys[untyped._cdata] = str(len(keys))
                storages.append((untyped, obj.dtype))
            storage_type = getattr(torch, obj._pickle_storage_type())
            return ("storage", storage_type, keys[untyped._cdata], "cpu", obj._size(), None)

    sys_info = {
        "protocol_version": serialization.PROTOCOL_VERSION,
        "little_endian": sys.byteorder == "little",
        "type_sizes": {"short": serialization.SHORT_SIZE, "int": serialization.INT_SIZE, "long": serialization.LONG_SIZE},
    }
    with path.open("wb") as handle:
        for header in (serialization.MAGIC_NUMBER, serialization.PROTOCOL_VERSION, sys_info):
            pickle.dump(header, handle, protocol=2)
        Pickler(handle, protocol=2).dump(state)
        pickle.dump([str(i) for i in range(len(storages))], handle, protocol=2)
        handle.flush()
        for storage, dtype in storages:
            storage._write_file(handle, False, True, torch._utils._element_size(dtype))


def _is_zip(path: Path) -> bool:
    return path.read_bytes()[:4] == b"PK\x03\x04"


def edit_config(folder: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = folder / "config.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Edits used by the cases


def set_keys(**values: Any) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        for key, value in values.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value

    return edit


def with_labels(count: int) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data["id2label"] = {str(i): f"LABEL_{i}" for i in range(count)}
        data["label2id"] = {f"LABEL_{i}": i for i in range(count)}

    return edit


def num_labels_only(count: int) -> Callable[[dict[str, Any]], None]:
    def edit(data: dict[str, Any]) -> None:
        data.pop("id2label", None)
        data.pop("label2id", None)
        data["num_labels"] = count

    return edit


def drop(predicate: Callable[[str], bool]) -> Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
    return lambda state: {k: v for k, v in state.items() if not predicate(k)}


def add(**extra: tuple[int, ...]) -> Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
    def edit(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        out = dict(state)
        for name, shape in extra.items():
            out[name.replace("__", ".")] = torch.zeros(shape, dtype=torch.float16)
        return out

    return edit


def add_named(extra: dict[str, torch.Tensor]) -> Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
    return lambda state: {**state, **extra}


def legacy_layernorm_names(state: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """TF-era names: ``LayerNorm.gamma``/``LayerNorm.beta`` instead of ``weight``/``bias``."""
    out = {}
    for name, tensor in state.items():
        name = name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        out[name] = tensor
    return out


def strip_prefix(prefix: str) -> Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
    return lambda state: {k.removeprefix(prefix + "."): v for k, v in state.items()}


def add_prefix(prefix: str) -> Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]]:
    return lambda state: {f"{prefix}.{k}": v for k, v in state.items()}


# ---------------------------------------------------------------------------------------------
# Cases


@dataclass
class Case:
    name: str
    description: str
    saved_class: str
    as_class: str | None = None  # defaults to saved_class
    model_overrides: dict[str, Any] = field(default_factory=dict)
    fmt: str = "safetensors"
    config_edit: Callable[[dict[str, Any]], None] | None = None
    weights_edit: Callable[[dict[str, torch.Tensor]], dict[str, torch.Tensor]] | None = None
    no_weights: bool = False

    @property
    def loaded_class(self) -> str:
        return self.as_class or self.saved_class


def cases() -> list[Case]:
    out: list[Case] = []
    for names in CLASSES.values():
        for name in names:
            out.append(Case(f"{name}-clean", f"{name} saved and loaded unchanged", name))

    def c(*args: Any, **kwargs: Any) -> None:
        out.append(Case(*args, **kwargs))

    # --- BERT -----------------------------------------------------------------------------------
    c(
        "bert-layers-plus-one",
        "config says 3 layers, checkpoint has 2",
        "BertForMaskedLM",
        config_edit=set_keys(num_hidden_layers=3),
    )
    c(
        "bert-layers-minus-one",
        "config says 1 layer, checkpoint has 2",
        "BertForSequenceClassification",
        config_edit=set_keys(num_hidden_layers=1),
    )
    c(
        "bert-vocab-changed-mlm",
        "config vocab 48 vs checkpoint 40 on a tied MLM",
        "BertForMaskedLM",
        config_edit=set_keys(vocab_size=48),
    )
    c(
        "bert-vocab-changed-pretraining",
        "config vocab 36 vs checkpoint 40",
        "BertForPreTraining",
        config_edit=set_keys(vocab_size=36),
    )
    c(
        "bert-intermediate-changed",
        "config intermediate 16 vs checkpoint 12",
        "BertForSequenceClassification",
        config_edit=set_keys(intermediate_size=16),
    )
    c(
        "bert-max-positions-changed",
        "config max_position_embeddings 32 vs 20",
        "BertModel",
        config_edit=set_keys(max_position_embeddings=32),
    )
    c("bert-type-vocab-changed", "config type_vocab_size 1 vs 2", "BertModel", config_edit=set_keys(type_vocab_size=1))
    c(
        "bert-num-labels-id2label",
        "config id2label has 3 labels, classifier has 2",
        "BertForSequenceClassification",
        config_edit=with_labels(3),
    )
    c(
        "bert-num-labels-key",
        "config num_labels 5 without id2label, classifier has 2",
        "BertForTokenClassification",
        config_edit=num_labels_only(5),
    )
    c(
        "bert-num-labels-ignored",
        "config num_labels 5 but id2label of 2: num_labels wins, the head is built with 5 outputs",
        "BertForQuestionAnswering",
        config_edit=set_keys(num_labels=5, id2label={"0": "LABEL_0", "1": "LABEL_1"}, label2id={"LABEL_0": 0, "LABEL_1": 1}),
    )
    c(
        "bert-qa-labels",
        "question answering head with 3 outputs in config",
        "BertForQuestionAnswering",
        config_edit=with_labels(3),
    )
    c(
        "bert-pooler-dropped",
        "checkpoint without pooler tensors",
        "BertModel",
        weights_edit=drop(lambda k: k.startswith("pooler.")),
    )
    c(
        "bert-pooler-dropped-seqcls",
        "head checkpoint without pooler tensors",
        "BertForSequenceClassification",
        weights_edit=drop(lambda k: k.startswith("bert.pooler.")),
    )
    c("bert-layer-dropped", "checkpoint without layer 1", "BertForMaskedLM", weights_edit=drop(lambda k: ".layer.1." in k))
    c(
        "bert-extra-tensors",
        "extra tensors, old position_ids/token_type_ids buffers",
        "BertForSequenceClassification",
        weights_edit=add(
            bert__encoder__layer__0__attention__self__extra__weight=(8, 8),
            bert__embeddings__position_ids=(1, 20),
            bert__embeddings__token_type_ids=(1, 20),
            extra_head__weight=(3,),
        ),
    )
    c(
        "bert-extra-tensors-base",
        "extra unprefixed tensors on a base model",
        "BertModel",
        weights_edit=add(embeddings__position_ids=(1, 20), encoder__layer__5__output__dense__weight=(8, 12)),
    )
    c("bert-sharded", "sharded safetensors with index", "BertForPreTraining", fmt="sharded")
    c(
        "bert-sharded-vocab",
        "sharded safetensors, vocab changed",
        "BertForMaskedLM",
        fmt="sharded",
        config_edit=set_keys(vocab_size=44),
    )
    c("bert-bin-zip", "pytorch_model.bin (zip), tied keys both stored", "BertForMaskedLM", fmt="bin")
    c("bert-bin-legacy", "pytorch_model.bin (legacy torch.save format)", "BertForPreTraining", fmt="bin-legacy")
    c(
        "bert-bin-vocab-changed",
        "pytorch_model.bin with both tied keys, vocab changed",
        "BertForMaskedLM",
        fmt="bin",
        config_edit=set_keys(vocab_size=48),
    )
    c(
        "bert-legacy-gamma-beta",
        "LayerNorm.gamma/beta names (safetensors)",
        "BertForSequenceClassification",
        weights_edit=legacy_layernorm_names,
    )
    c(
        "bert-legacy-gamma-beta-bin",
        "LayerNorm.gamma/beta names (legacy .bin)",
        "BertForPreTraining",
        fmt="bin-legacy",
        weights_edit=legacy_layernorm_names,
    )
    c(
        "bert-gamma-and-weight",
        "both LayerNorm.gamma and LayerNorm.weight for one module",
        "BertModel",
        weights_edit=lambda s: {**s, "embeddings.LayerNorm.gamma": torch.ones(9, dtype=torch.float16)},
    )
    c(
        "bert-base-as-seqcls",
        "BertModel checkpoint loaded as sequence classifier",
        "BertModel",
        as_class="BertForSequenceClassification",
    )
    c("bert-base-as-mlm", "BertModel checkpoint loaded as masked LM", "BertModel", as_class="BertForMaskedLM")
    c("bert-base-as-pretraining", "BertModel checkpoint loaded as pre-training model", "BertModel", as_class="BertForPreTraining")
    c("bert-mlm-as-base", "masked-LM checkpoint loaded as BertModel", "BertForMaskedLM", as_class="BertModel")
    c("bert-pretraining-as-base", "pre-training checkpoint loaded as BertModel", "BertForPreTraining", as_class="BertModel")
    c(
        "bert-mlm-as-seqcls",
        "masked-LM checkpoint loaded as sequence classifier",
        "BertForMaskedLM",
        as_class="BertForSequenceClassification",
    )
    c(
        "bert-pretraining-as-seqcls",
        "pre-training checkpoint loaded as sequence classifier",
        "BertForPreTraining",
        as_class="BertForSequenceClassification",
    )
    c("bert-pretraining-as-mlm", "pre-training checkpoint loaded as masked LM", "BertForPreTraining", as_class="BertForMaskedLM")
    c(
        "bert-nsp-as-pretraining",
        "next-sentence checkpoint loaded as pre-training model",
        "BertForNextSentencePrediction",
        as_class="BertForPreTraining",
    )
    c(
        "bert-qa-as-tokencls",
        "QA checkpoint loaded as token classifier",
        "BertForQuestionAnswering",
        as_class="BertForTokenClassification",
    )
    c("bert-lmhead-as-mlm", "LM-head checkpoint loaded as masked LM", "BertLMHeadModel", as_class="BertForMaskedLM")
    c(
        "bert-unprefixed-head",
        "head checkpoint whose keys lost the bert. prefix",
        "BertForSequenceClassification",
        weights_edit=strip_prefix("bert"),
    )
    c("bert-prefixed-base", "base checkpoint saved with a bert. prefix", "BertModel", weights_edit=add_prefix("bert"))
    c(
        "bert-untied-ckpt",
        "untied MLM saved and loaded untied",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
    )
    c(
        "bert-untied-ckpt-tied-config",
        "untied checkpoint, config says tie",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
        config_edit=set_keys(tie_word_embeddings=True),
    )
    c(
        "bert-tied-ckpt-untied-config",
        "tied checkpoint, config says untie",
        "BertForMaskedLM",
        config_edit=set_keys(tie_word_embeddings=False),
    )
    c(
        "bert-untied-ckpt-tied-config-vocab",
        "untied checkpoint, config says tie, vocab changed: transformers crashes",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
        config_edit=set_keys(tie_word_embeddings=True, vocab_size=48),
    )
    c(
        "bert-untied-ckpt-vocab",
        "untied checkpoint and config, vocab changed",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
        config_edit=set_keys(vocab_size=48),
    )
    c(
        "bert-untied-no-embeddings-vocab",
        "tied config, checkpoint holds only a mismatched decoder",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
        config_edit=set_keys(tie_word_embeddings=True, vocab_size=48),
        weights_edit=drop(lambda k: k.endswith("word_embeddings.weight")),
    )
    c(
        "bert-tied-ckpt-no-embeddings",
        "tied MLM checkpoint without word embeddings",
        "BertForMaskedLM",
        weights_edit=drop(lambda k: k.endswith("word_embeddings.weight")),
    )
    c(
        "bert-untied-ckpt-no-embeddings",
        "untied checkpoint without word embeddings, config says tie",
        "BertForMaskedLM",
        model_overrides=dict(tie_word_embeddings=False),
        config_edit=set_keys(tie_word_embeddings=True),
        weights_edit=drop(lambda k: k.endswith("word_embeddings.weight")),
    )
    c(
        "bert-tied-ckpt-no-bias",
        "tied checkpoint without cls.predictions.bias",
        "BertForPreTraining",
        weights_edit=drop(lambda k: k == "cls.predictions.bias"),
    )
    c(
        "bert-decoder-cross",
        "decoder with cross-attention from an encoder-only checkpoint",
        "BertLMHeadModel",
        config_edit=set_keys(is_decoder=True, add_cross_attention=True),
    )
    c(
        "bert-cross-not-decoder",
        "add_cross_attention without is_decoder",
        "BertModel",
        config_edit=set_keys(add_cross_attention=True),
    )
    c("bert-heads-indivisible", "hidden 8 with 3 heads", "BertModel", config_edit=set_keys(num_attention_heads=3))
    c(
        "bert-heads-indivisible-embedding-size",
        "hidden 8 with 3 heads, but an embedding_size key present",
        "BertModel",
        config_edit=set_keys(num_attention_heads=3, embedding_size=8),
    )
    c("bert-pad-out-of-vocab", "pad_token_id beyond the vocabulary", "BertModel", config_edit=set_keys(pad_token_id=40))
    c("bert-pad-negative", "pad_token_id -1", "BertModel", config_edit=set_keys(pad_token_id=-1))
    c("bert-hidden-size-string", "hidden_size written as a string", "BertModel", config_edit=set_keys(hidden_size="8"))
    c("bert-layers-float", "num_hidden_layers written as a float", "BertForMaskedLM", config_edit=set_keys(num_hidden_layers=2.0))
    c("bert-vocab-negative", "negative vocab_size", "BertModel", config_edit=set_keys(vocab_size=-1))
    c(
        "bert-single-label-one-label",
        "single_label_classification with one label",
        "BertForSequenceClassification",
        config_edit=lambda d: (with_labels(1)(d), d.update(problem_type="single_label_classification")),
    )
    c(
        "bert-zero-labels",
        "an empty id2label: a classifier with no outputs",
        "BertForSequenceClassification",
        config_edit=with_labels(0),
    )
    c(
        "bert-zero-layers",
        "num_hidden_layers 0 with heads that do not divide the hidden size",
        "BertModel",
        config_edit=set_keys(num_hidden_layers=0, num_attention_heads=3),
    )
    c("bert-no-weights", "config.json without any weights file", "BertModel", no_weights=True)
    c("bert-roberta-ckpt-as-bert", "RoBERTa base checkpoint loaded as BertModel", "RobertaModel", as_class="BertModel")

    # --- RoBERTa --------------------------------------------------------------------------------
    c("roberta-layers-plus-one", "config says 3 layers", "RobertaForMaskedLM", config_edit=set_keys(num_hidden_layers=3))
    c("roberta-vocab-changed", "config vocab 50 vs checkpoint 41", "RobertaForMaskedLM", config_edit=set_keys(vocab_size=50))
    c(
        "roberta-vocab-changed-causal",
        "config vocab 30 vs checkpoint 41",
        "RobertaForCausalLM",
        config_edit=set_keys(vocab_size=30),
    )
    c("roberta-num-labels", "config 4 labels, classifier has 2", "RobertaForSequenceClassification", config_edit=with_labels(4))
    c(
        "roberta-max-positions-changed",
        "max_position_embeddings 24 vs 22",
        "RobertaForTokenClassification",
        config_edit=set_keys(max_position_embeddings=24),
    )
    c(
        "roberta-pad-beyond-positions",
        "pad_token_id beyond max_position_embeddings",
        "RobertaModel",
        config_edit=set_keys(pad_token_id=30, vocab_size=41),
    )
    c(
        "roberta-base-as-seqcls",
        "RobertaModel checkpoint as sequence classifier",
        "RobertaModel",
        as_class="RobertaForSequenceClassification",
    )
    c("roberta-base-as-mlm", "RobertaModel checkpoint as masked LM", "RobertaModel", as_class="RobertaForMaskedLM")
    c("roberta-mlm-as-base", "masked-LM checkpoint as RobertaModel", "RobertaForMaskedLM", as_class="RobertaModel")
    c(
        "roberta-seqcls-as-base",
        "sequence-classifier checkpoint as RobertaModel",
        "RobertaForSequenceClassification",
        as_class="RobertaModel",
    )
    c("roberta-causal-as-mlm", "causal-LM checkpoint as masked LM", "RobertaForCausalLM", as_class="RobertaForMaskedLM")
    c(
        "roberta-mlm-as-multiple-choice",
        "masked-LM checkpoint as multiple choice",
        "RobertaForMaskedLM",
        as_class="RobertaForMultipleChoice",
    )
    c("roberta-bin-legacy", "legacy .bin", "RobertaForMaskedLM", fmt="bin-legacy")
    c("roberta-sharded", "sharded safetensors", "RobertaForSequenceClassification", fmt="sharded")
    c("roberta-untied", "untied masked LM", "RobertaForMaskedLM", model_overrides=dict(tie_word_embeddings=False))
    c(
        "roberta-tied-ckpt-untied-config",
        "tied checkpoint, config unties",
        "RobertaForCausalLM",
        config_edit=set_keys(tie_word_embeddings=False),
    )
    c("roberta-legacy-gamma-beta", "LayerNorm.gamma/beta names", "RobertaForMaskedLM", weights_edit=legacy_layernorm_names)
    c(
        "roberta-extra-position-ids",
        "old persistent position_ids buffer",
        "RobertaModel",
        weights_edit=add(embeddings__position_ids=(1, 22)),
    )
    c(
        "roberta-decoder-cross",
        "causal LM with cross-attention from a plain checkpoint",
        "RobertaForCausalLM",
        config_edit=set_keys(is_decoder=True, add_cross_attention=True),
    )
    c("roberta-heads-indivisible", "hidden 8 with 5 heads", "RobertaForMaskedLM", config_edit=set_keys(num_attention_heads=5))

    # --- DistilBERT -----------------------------------------------------------------------------
    c("distilbert-layers-plus-one", "config n_layers 3", "DistilBertForMaskedLM", config_edit=set_keys(n_layers=3))
    c("distilbert-layers-minus-one", "config n_layers 1", "DistilBertModel", config_edit=set_keys(n_layers=1))
    c(
        "distilbert-hidden-dim-changed",
        "config hidden_dim 16 vs 12",
        "DistilBertForSequenceClassification",
        config_edit=set_keys(hidden_dim=16),
    )
    c("distilbert-dim-changed", "config dim 12 vs 8", "DistilBertModel", config_edit=set_keys(dim=12, n_heads=2))
    c("distilbert-vocab-changed", "config vocab 50 vs 42", "DistilBertForMaskedLM", config_edit=set_keys(vocab_size=50))
    c(
        "distilbert-max-positions-changed",
        "max_position_embeddings 16 vs 20",
        "DistilBertForTokenClassification",
        config_edit=set_keys(max_position_embeddings=16),
    )
    c("distilbert-num-labels", "config 3 labels", "DistilBertForSequenceClassification", config_edit=with_labels(3))
    c(
        "distilbert-num-labels-key",
        "num_labels 4 without id2label",
        "DistilBertForTokenClassification",
        config_edit=num_labels_only(4),
    )
    c(
        "distilbert-qa-three-labels",
        "QA head refuses num_labels != 2",
        "DistilBertForQuestionAnswering",
        config_edit=with_labels(3),
    )
    c("distilbert-heads-indivisible", "dim 8 with 3 heads", "DistilBertModel", config_edit=set_keys(n_heads=3))
    c(
        "distilbert-sinusoidal",
        "sinusoidal position embeddings (still a stored tensor)",
        "DistilBertModel",
        config_edit=set_keys(sinusoidal_pos_embds=True),
    )
    c(
        "distilbert-alias-keys",
        "config spelled with hidden_size/num_hidden_layers aliases",
        "DistilBertModel",
        config_edit=lambda d: (d.pop("dim"), d.pop("n_layers"), d.update(hidden_size=8, num_hidden_layers=3)),
    )
    c(
        "distilbert-alias-conflict",
        "both dim and its alias hidden_size: the alias wins",
        "DistilBertModel",
        config_edit=set_keys(hidden_size=12),
    )
    c("distilbert-as-bert", "DistilBERT checkpoint and config loaded as BertModel", "DistilBertModel", as_class="BertModel")
    c(
        "distilbert-base-as-seqcls",
        "base checkpoint as sequence classifier",
        "DistilBertModel",
        as_class="DistilBertForSequenceClassification",
    )
    c("distilbert-mlm-as-base", "masked-LM checkpoint as DistilBertModel", "DistilBertForMaskedLM", as_class="DistilBertModel")
    c(
        "distilbert-seqcls-as-multiple-choice",
        "sequence classifier as multiple choice",
        "DistilBertForSequenceClassification",
        as_class="DistilBertForMultipleChoice",
    )
    c("distilbert-untied", "untied masked LM", "DistilBertForMaskedLM", model_overrides=dict(tie_word_embeddings=False))
    c(
        "distilbert-tied-ckpt-untied-config",
        "tied checkpoint, config unties",
        "DistilBertForMaskedLM",
        config_edit=set_keys(tie_word_embeddings=False),
    )
    c("distilbert-legacy-gamma-beta", "LayerNorm.gamma/beta names", "DistilBertForMaskedLM", weights_edit=legacy_layernorm_names)
    c("distilbert-bin-zip", "pytorch_model.bin (zip)", "DistilBertForMaskedLM", fmt="bin")
    c(
        "distilbert-layer-dropped",
        "checkpoint without layer 0",
        "DistilBertForQuestionAnswering",
        weights_edit=drop(lambda k: ".layer.0." in k),
    )

    # --- ALBERT ---------------------------------------------------------------------------------
    c(
        "albert-layers-plus-one",
        "num_hidden_layers does not change ALBERT's weights",
        "AlbertForMaskedLM",
        config_edit=set_keys(num_hidden_layers=3),
    )
    c(
        "albert-hidden-groups",
        "num_hidden_groups 2: a second group of weights",
        "AlbertModel",
        config_edit=set_keys(num_hidden_groups=2),
    )
    c(
        "albert-inner-groups",
        "inner_group_num 2: a second layer per group",
        "AlbertForSequenceClassification",
        config_edit=set_keys(inner_group_num=2),
    )
    c("albert-embedding-size-changed", "embedding_size 4 vs 6", "AlbertForMaskedLM", config_edit=set_keys(embedding_size=4))
    c(
        "albert-embedding-size-base",
        "embedding_size 10 vs 6 on the base model",
        "AlbertModel",
        config_edit=set_keys(embedding_size=10),
    )
    c("albert-vocab-changed", "vocab 50 vs 43", "AlbertForPreTraining", config_edit=set_keys(vocab_size=50))
    c(
        "albert-intermediate-changed",
        "intermediate 16 vs 12",
        "AlbertForTokenClassification",
        config_edit=set_keys(intermediate_size=16),
    )
    c("albert-num-labels-pretraining", "the SOP head follows num_labels", "AlbertForPreTraining", config_edit=with_labels(3))
    c("albert-num-labels", "config 5 labels", "AlbertForSequenceClassification", config_edit=num_labels_only(5))
    c(
        "albert-heads-indivisible",
        "hidden 8 with 3 heads: ALBERT builds anyway",
        "AlbertModel",
        config_edit=set_keys(num_attention_heads=3),
    )
    c("albert-pretraining-as-mlm", "pre-training checkpoint as masked LM", "AlbertForPreTraining", as_class="AlbertForMaskedLM")
    c(
        "albert-mlm-as-pretraining",
        "masked-LM checkpoint as pre-training model",
        "AlbertForMaskedLM",
        as_class="AlbertForPreTraining",
    )
    c("albert-base-as-qa", "base checkpoint as question answering", "AlbertModel", as_class="AlbertForQuestionAnswering")
    c("albert-pretraining-as-base", "pre-training checkpoint as AlbertModel", "AlbertForPreTraining", as_class="AlbertModel")
    c("albert-untied", "untied masked LM", "AlbertForMaskedLM", model_overrides=dict(tie_word_embeddings=False))
    c(
        "albert-tied-ckpt-untied-config",
        "tied checkpoint, config unties",
        "AlbertForPreTraining",
        config_edit=set_keys(tie_word_embeddings=False),
    )
    c(
        "albert-legacy-gamma-beta-bin",
        "LayerNorm.gamma/beta names in a legacy .bin",
        "AlbertForMaskedLM",
        fmt="bin-legacy",
        weights_edit=legacy_layernorm_names,
    )
    c(
        "albert-pooler-dropped",
        "checkpoint without pooler",
        "AlbertForSequenceClassification",
        weights_edit=drop(lambda k: k.startswith("albert.pooler")),
    )
    c("albert-sharded", "sharded safetensors", "AlbertForMultipleChoice", fmt="sharded")

    # --- XLM-RoBERTa, CamemBERT -----------------------------------------------------------------
    c(
        "xlm-roberta-vocab-changed",
        "config vocab 52 vs checkpoint 44 on a tied MLM",
        "XLMRobertaForMaskedLM",
        config_edit=set_keys(vocab_size=52),
    )
    c(
        "xlm-roberta-num-labels",
        "config 3 labels, classification head has 2",
        "XLMRobertaForSequenceClassification",
        config_edit=with_labels(3),
    )
    c(
        "camembert-layers-plus-one",
        "config says 3 layers, checkpoint has 2",
        "CamembertForMaskedLM",
        config_edit=set_keys(num_hidden_layers=3),
    )
    c(
        "camembert-base-as-seqcls",
        "base checkpoint (with pooler) as sequence classifier",
        "CamembertModel",
        as_class="CamembertForSequenceClassification",
    )

    # --- ELECTRA --------------------------------------------------------------------------------
    c(
        "electra-embedding-size-changed",
        "config embedding_size 4 vs checkpoint 6",
        "ElectraForPreTraining",
        config_edit=set_keys(embedding_size=4),
    )
    c(
        "electra-vocab-changed",
        "config vocab 50 vs checkpoint 46 on the generator",
        "ElectraForMaskedLM",
        config_edit=set_keys(vocab_size=50),
    )
    c(
        "electra-embedding-size-equals-hidden",
        "config embedding_size 8 = hidden_size: no embeddings_project, checkpoint has one",
        "ElectraModel",
        config_edit=set_keys(embedding_size=8),
    )

    # --- MPNet ----------------------------------------------------------------------------------
    c(
        "mpnet-buckets-changed",
        "config relative_attention_num_buckets 40 vs checkpoint 32",
        "MPNetModel",
        config_edit=set_keys(relative_attention_num_buckets=40),
    )
    c(
        "mpnet-vocab-changed",
        "config vocab 51 vs checkpoint 47 on a tied MLM",
        "MPNetForMaskedLM",
        config_edit=set_keys(vocab_size=51),
    )

    # --- DeBERTa-v2 -----------------------------------------------------------------------------
    c(
        "deberta-v2-pooler-hidden-size-changed",
        "config pooler_hidden_size 12 vs checkpoint 8 (ContextPooler)",
        "DebertaV2ForSequenceClassification",
        config_edit=set_keys(pooler_hidden_size=12),
    )
    c(
        "deberta-v2-position-buckets-changed",
        "config position_buckets 6 vs checkpoint 4 (relative embeddings)",
        "DebertaV2Model",
        config_edit=set_keys(position_buckets=6),
    )
    c(
        "deberta-v2-vocab-changed",
        "config vocab 56 vs checkpoint 48 on a tied MLM",
        "DebertaV2ForMaskedLM",
        config_edit=set_keys(vocab_size=56),
    )

    # --- DeBERTa (v1) -------------------------------------------------------------------------
    c(
        "deberta-pooler-hidden-size-changed",
        "config pooler_hidden_size 12 vs checkpoint 8 (ContextPooler)",
        "DebertaForSequenceClassification",
        config_edit=set_keys(pooler_hidden_size=12),
    )
    c(
        "deberta-max-relative-positions-changed",
        "config max_relative_positions 6 vs checkpoint -1 (rel_embeddings of 2 x max_position_embeddings)",
        "DebertaModel",
        config_edit=set_keys(max_relative_positions=6),
    )
    c(
        "deberta-vocab-changed",
        "config vocab 55 vs checkpoint 39 on a tied MLM",
        "DebertaForMaskedLM",
        config_edit=set_keys(vocab_size=55),
    )
    c(
        "deberta-c2p-only",
        'config pos_att_type ["c2p"], checkpoint has the p2c projection (pos_q_proj) too',
        "DebertaForTokenClassification",
        config_edit=set_keys(pos_att_type=["c2p"]),
    )
    c(
        "deberta-pooler-dropout-2",
        "config pooler_dropout 2.0: ContextPooler's nn.Dropout refuses it when the class is built",
        "DebertaForSequenceClassification",
        config_edit=set_keys(pooler_dropout=2.0),
    )
    c(
        "deberta-as-deberta-v2",
        "DeBERTa (v1) checkpoint loaded as DebertaV2Model (a v1 config relabelled as deberta-v2)",
        "DebertaModel",
        as_class="DebertaV2Model",
    )

    # --- ModernBERT -----------------------------------------------------------------------------
    c(
        "modernbert-vocab-changed",
        "config vocab 53 vs checkpoint 49 on a tied MLM",
        "ModernBertForMaskedLM",
        config_edit=set_keys(vocab_size=53),
    )
    c(
        "modernbert-classifier-bias",
        "config classifier_bias true, checkpoint head has no bias",
        "ModernBertForSequenceClassification",
        config_edit=set_keys(classifier_bias=True),
    )
    c(
        "modernbert-layers-plus-one",
        "config says 4 layers, checkpoint has 3",
        "ModernBertForTokenClassification",
        config_edit=set_keys(num_hidden_layers=4),
    )
    c(
        "modernbert-layers-plus-one-no-layer-types",
        "config says 4 layers and has no layer_types (an older config), checkpoint has 3",
        "ModernBertForTokenClassification",
        config_edit=set_keys(num_hidden_layers=4, layer_types=None),
    )
    return out


# ---------------------------------------------------------------------------------------------
# Asking transformers


def error_text(error: BaseException, folder: Path) -> str:
    """``Type: message`` on one line, stable across machines and torch builds.

    The folder's path becomes ``<folder>``; a module's multi-line repr (``BertLayer(\n ...\n)``)
    becomes its class name; only the first sentence is kept (later ones are advice or links).
    """
    text = str(error).replace(str(folder), "<folder>")
    text = re.sub(r"\b(\w+)\(\n.*\n\)", r"\1", text, flags=re.DOTALL)
    text = " ".join(text.split())
    end = text.find(". ")
    if end != -1:
        text = text[: end + 1]
    return f"{type(error).__name__}: {text}".strip()


def _shape(shape: Any) -> list[int]:
    return [int(x) for x in shape]


def oracle(folder: Path, class_name: str) -> dict[str, Any]:
    """What ``from_pretrained`` reports, with and without ``ignore_mismatched_sizes``."""
    cls = getattr(transformers, class_name)
    report: dict[str, Any] = {"as": class_name, "missing": [], "unexpected": [], "mismatched": [], "error": None}
    try:
        _, info = cls.from_pretrained(folder, ignore_mismatched_sizes=True, output_loading_info=True)
    except Exception as error:
        report["error"] = error_text(error, folder)
    else:
        assert not info["error_msgs"], info["error_msgs"]
        report["missing"] = sorted(info["missing_keys"])
        report["unexpected"] = sorted(info["unexpected_keys"])
        report["mismatched"] = [
            {"key": key, "expected": _shape(model_shape), "checkpoint": _shape(ckpt_shape)}
            for key, ckpt_shape, model_shape in sorted(info["mismatched_keys"], key=lambda item: item[0])
        ]
    try:
        cls.from_pretrained(folder, output_loading_info=True)
    except Exception as error:
        report["strict_error"] = error_text(error, folder)
    else:
        report["strict_error"] = None
    return report


def make_case(case: Case, root: Path) -> None:
    folder = root / case.name
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "model"
        model = build(case.saved_class, **case.model_overrides)
        save(model, work, case.fmt)
        if case.weights_edit is not None:
            rewrite_weights(work, case.weights_edit(weights_of(work)))
        if case.config_edit is not None:
            edit_config(work, case.config_edit)
        else:
            edit_config(work, lambda data: None)  # same key order in every config.json
        folder.mkdir(parents=True)
        for item in sorted(work.iterdir()):
            if item.name == "generation_config.json":
                continue
            if case.no_weights and item.name != "config.json":
                continue
            shutil.copy2(item, folder / item.name)
    report = oracle(folder, case.loaded_class)
    expected = {"description": case.description, "saved_class": case.saved_class, **report}
    (folder / "expected.json").write_text(json.dumps(expected, indent=2, sort_keys=True) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Class facts and state dicts


def class_facts(class_name: str) -> dict[str, Any]:
    model = build(class_name)
    conversions = [
        {"type": type(t).__name__, "source_patterns": list(t.source_patterns), "target_patterns": list(t.target_patterns)}
        for t in get_model_conversion_mapping(model)
    ]
    return {
        "family": FAMILY_OF[class_name],
        "base_model_prefix": model.base_model_prefix,
        "tied_weights": [[target, source] for target, source in model.all_tied_weights_keys.items()],
        "keys_to_ignore_on_load_missing": sorted(model._keys_to_ignore_on_load_missing),
        "keys_to_ignore_on_load_unexpected": sorted(model._keys_to_ignore_on_load_unexpected),
        "buffers": sorted(name for name, _ in model.named_buffers()),
        "conversions": conversions,
    }


def state_dict_record(class_name: str, overrides: dict[str, Any]) -> dict[str, Any]:
    model = build(class_name, **overrides)
    return {
        "config": {
            k: v for k, v in model.config.to_diff_dict().items() if k not in ("architectures", "transformers_version", "dtype")
        },
        "state_dict": {name: _shape(tensor.shape) for name, tensor in model.state_dict().items()},
    }


def main() -> None:
    default = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "load_report"
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else default
    root.mkdir(parents=True, exist_ok=True)
    all_cases = cases()
    names = [case.name for case in all_cases]
    assert len(names) == len(set(names)), "duplicate case names"
    for case in all_cases:
        # Only this script's own case folders are replaced: other recorders (record_*_cases.py) add
        # folders of their own here, which a wipe of the whole directory used to delete.
        shutil.rmtree(root / case.name, ignore_errors=True)
        make_case(case, root)
    facts = {name: class_facts(name) for names_ in CLASSES.values() for name in names_}
    records: dict[str, dict[str, Any]] = {}
    for family, names_ in CLASSES.items():
        for name in names_:
            records[name] = {"tiny": state_dict_record(name, {})}
            for variant, overrides in STATE_DICT_VARIANTS[family].items():
                records[name][variant] = state_dict_record(name, overrides)
    meta = {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0]}
    (root / "classes.json").write_text(json.dumps({"versions": meta, "classes": facts}, indent=2, sort_keys=True) + "\n")
    (root / "state_dicts.json").write_text(json.dumps(records, indent=1, sort_keys=True) + "\n")
    print(f"{len(all_cases)} cases written")


if __name__ == "__main__":
    main()
