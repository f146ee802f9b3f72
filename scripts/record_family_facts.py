"""Record, from the live library, what each encoder family's model classes build and read.

configlint's family tables, weight maps and pooler rules (issue 20) must say what transformers
does, and nobody may write that from memory; this script asks the installed transformers and
writes the answers as JSON. Run it with each pinned oracle:

    $ORACLE5 scripts/record_family_facts.py tests/fixtures/transformers/families.json
    $ORACLE4 scripts/record_family_facts.py tests/fixtures/transformers/families-4.57.json

(``$ORACLE5`` / ``$ORACLE4``: the pinned oracle interpreters, see docs/recordings.md.)

Per family (keyed by ``model_type``): the config class, ``base_model_prefix``, the auto mappings
that name the family's classes (``MODEL_MAPPING_NAMES`` is AutoModel's base class,
``MODEL_FOR_PRETRAINING_MAPPING_NAMES`` / ``MODEL_FOR_MASKED_LM_MAPPING_NAMES`` the pre-training
and masked-LM classes), and every model class in the modeling module's ``__all__`` (the
``*PreTrainedModel`` base and non-model exports such as ``BertLayer`` are listed under
``not_models``). Per class, from a model built with the tiny config of ``tiny_configs.py``:

* ``tied_weights_keys``, ``keys_to_ignore_on_load_missing``/``_unexpected``: the class attributes
  as the library declares them (a dict in 5.x, a list in 4.x);
* ``buffers``: persistent and non-persistent buffer names;
* ``children``: the model's top-level modules and their classes;
* ``builds_pooler``: a module of a ``*Pooler`` class or registered as ``pooler`` exists;
* ``poolers``: every module whose class name contains ``Pooler``, and ``heads``: the class's
  own top-level modules with weights (ModernBERT's ``head``, ELECTRA's ``classifier``, ...),
  each with its state-dict keys and the activation modules inside it;
* ``config_keys_read``: the attributes read from the config instance, caught by a
  ``__getattribute__`` spy on the config class while the model is built and while one forward
  pass runs on a 1x4 input (1x1x4 for multiple choice). ``modeling`` lists reads made from
  ``transformers/models/`` (the family's modules), ``library`` reads made by shared code
  (``modeling_utils``, masks, ...), ``absent`` names looked up but not set on the config (a
  ``getattr`` with a default);
* ``head_follows_hidden_act``: whether each top-level head gives different outputs when only
  ``hidden_act`` changes (``relu`` vs ``gelu``, same weights, same input), or null when the head
  cannot be called on a hidden-state tensor.

``experiments`` holds the pooler questions for DeBERTa-v2 and DeBERTa (``pooler_hidden_size`` other than
``hidden_size``, an unknown ``pooler_hidden_act``), ModernBERT (``classifier_pooling`` values,
also assigned after the config was made, and ``global_attn_every_n_layers``), ELECTRA (the
classification head's activation under ``hidden_act="relu"``) and MPNet
(``relative_attention_num_buckets``): each outcome is what running the code did, with an
exception as ``"<Type>: <first sentence>"``. The script writes through a temporary file, so an
interrupted run leaves the old recording whole.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import torch
import transformers
from transformers.models.auto import modeling_auto

from tiny_configs import CONFIG_CLASSES, TINY

transformers.logging.set_verbosity_error()

# model_type -> its modeling module under transformers.models
MODULES: dict[str, str] = {
    "bert": "bert",
    "roberta": "roberta",
    "distilbert": "distilbert",
    "albert": "albert",
    "xlm-roberta": "xlm_roberta",
    "camembert": "camembert",
    "electra": "electra",
    "mpnet": "mpnet",
    "deberta-v2": "deberta_v2",
    "modernbert": "modernbert",
    "deberta": "deberta",
}
INPUT_IDS = [[3, 4, 5, 6]]  # no pad, bos or eos id of any tiny config among them


def error_text(error: BaseException) -> str:
    """``Type: message`` on one line, cut after the first sentence (the rest is advice)."""
    text = " ".join(str(error).split())
    end = text.find(". ")
    if end != -1:
        text = text[: end + 1]
    return f"{type(error).__name__}: {text}".strip()


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set) else items
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def make_config(family: str, **overrides: Any) -> Any:
    return getattr(transformers, CONFIG_CLASSES[family])(**{**TINY[family], **overrides})


def build(class_name: str, config: Any) -> torch.nn.Module:
    torch.manual_seed(0)
    return getattr(transformers, class_name)(config).eval()


def inputs_for(class_name: str) -> dict[str, torch.Tensor]:
    ids = torch.tensor(INPUT_IDS)
    if class_name.endswith("ForMultipleChoice"):
        ids = ids.unsqueeze(1)
    return {"input_ids": ids, "attention_mask": torch.ones_like(ids)}


def forward(model: torch.nn.Module, class_name: str) -> Any:
    with torch.no_grad():
        return model(**inputs_for(class_name))


# ---------------------------------------------------------------------------------------------
# The config spy


class Reads:
    """Config attributes read inside a spied window, split by who read them."""

    def __init__(self) -> None:
        self.modeling: set[str] = set()
        self.library: set[str] = set()
        self.absent: set[str] = set()

    def as_dict(self) -> dict[str, list[str]]:
        return {"modeling": sorted(self.modeling), "library": sorted(self.library), "absent": sorted(self.absent)}


@contextmanager
def spying(config_class: type, reads: Reads) -> Iterator[None]:
    """Record every public, non-method attribute read on any instance of ``config_class``.

    The spy is installed on the class, not the instance, because models may copy their config;
    only one model is built or run inside the window, so every instance read is that model's.
    """
    original: Callable[[Any, str], Any] = config_class.__getattribute__
    had_own = "__getattribute__" in config_class.__dict__
    models_dir = str(Path(transformers.__file__).parent / "models")

    def spy(self: Any, name: str) -> Any:
        try:
            value = original(self, name)
        except AttributeError:
            if not name.startswith("_"):
                reads.absent.add(name)
            raise
        if not name.startswith("_") and not callable(value):
            caller = sys._getframe(1).f_code.co_filename
            (reads.modeling if caller.startswith(models_dir) else reads.library).add(name)
        return value

    config_class.__getattribute__ = spy  # type: ignore[method-assign]
    try:
        yield
    finally:
        if had_own:
            config_class.__getattribute__ = original  # type: ignore[method-assign]
        else:
            del config_class.__getattribute__


def keys_read(family: str, class_name: str) -> tuple[dict[str, Any], torch.nn.Module]:
    config = make_config(family)
    build_reads, forward_reads = Reads(), Reads()
    with spying(type(config), build_reads):
        model = build(class_name, config)
    forward_error = None
    with spying(type(config), forward_reads):
        try:
            forward(model, class_name)
        except Exception as error:  # recorded, not hidden: a class that cannot run on 1x4 says so
            forward_error = error_text(error)
    return {"build": build_reads.as_dict(), "forward": forward_reads.as_dict(), "forward_error": forward_error}, model


# ---------------------------------------------------------------------------------------------
# Modules


def is_activation(module: torch.nn.Module) -> bool:
    return type(module).__module__ in ("torch.nn.modules.activation", "transformers.activations")


def module_summary(model: torch.nn.Module, path: str, module: torch.nn.Module) -> dict[str, Any]:
    prefix = path + "."
    return {
        "module": path,
        "class": type(module).__name__,
        "keys": sorted(k for k in model.state_dict() if k.startswith(prefix)),
        "activations": {name or "(self)": type(sub).__name__ for name, sub in module.named_modules() if is_activation(sub)},
    }


def head_paths(model: Any) -> list[str]:
    """The class's own head modules: top-level children with weights other than the base model.

    On a base model (no child named ``base_model_prefix``) only its pooler counts as a head.
    """
    children = {name: child for name, child in model.named_children() if any(True for _ in child.parameters())}
    if model.base_model_prefix not in children:
        return [name for name in children if "pooler" in name]
    return [name for name in children if name != model.base_model_prefix]


def poolers(model: Any) -> list[dict[str, Any]]:
    """Every module whose class name contains ``Pooler``, wherever it sits."""
    return [module_summary(model, path, m) for path, m in model.named_modules() if "Pooler" in type(m).__name__]


def builds_pooler(model: Any) -> bool:
    """A pooler module of any kind: a ``*Pooler`` class (BERT's, DeBERTa's ContextPooler) or a
    module registered as ``pooler`` (ALBERT's is a bare Linear + Tanh)."""
    return any("Pooler" in type(m).__name__ or path.rsplit(".", 1)[-1] == "pooler" for path, m in model.named_modules())


def heads(model: Any) -> list[dict[str, Any]]:
    modules = dict(model.named_modules())
    return [module_summary(model, path, modules[path]) for path in head_paths(model)]


def buffers(model: torch.nn.Module) -> dict[str, list[str]]:
    persistent, non_persistent = [], []
    for path, module in model.named_modules():
        for name in module._buffers:
            full = f"{path}.{name}" if path else name
            (non_persistent if name in module._non_persistent_buffers_set else persistent).append(full)
    return {"persistent": sorted(persistent), "non_persistent": sorted(non_persistent)}


def head_follows_hidden_act(family: str, class_name: str) -> dict[str, bool | None]:
    """Per top-level head: do its outputs change when only ``hidden_act`` changes?"""
    gelu = build(class_name, make_config(family, hidden_act="gelu"))
    relu = build(class_name, make_config(family, hidden_act="relu"))
    relu.load_state_dict(gelu.state_dict())
    width = gelu.config.hidden_size
    torch.manual_seed(1)
    hidden = torch.randn(1, 4, width)
    out: dict[str, bool | None] = {}
    for path in head_paths(gelu):
        try:
            with torch.no_grad():
                a, b = getattr(gelu, path)(hidden), getattr(relu, path)(hidden)
        except Exception:
            out[path] = None
            continue
        if isinstance(a, tuple):
            a, b = a[0], b[0]
        out[path] = None if not isinstance(a, torch.Tensor) else not torch.equal(a, b)
    return out


def class_record(family: str, class_name: str, auto: dict[str, list[str]]) -> dict[str, Any]:
    cls = getattr(transformers, class_name)
    reads, model = keys_read(family, class_name)
    return {
        "auto_mappings": sorted(mapping for mapping, names in auto.items() if class_name in names),
        "tied_weights_keys": jsonable(getattr(cls, "_tied_weights_keys", None)),
        "keys_to_ignore_on_load_missing": jsonable(getattr(cls, "_keys_to_ignore_on_load_missing", None)),
        "keys_to_ignore_on_load_unexpected": jsonable(getattr(cls, "_keys_to_ignore_on_load_unexpected", None)),
        "buffers": buffers(model),
        "children": {name: type(child).__name__ for name, child in model.named_children()},
        "builds_pooler": builds_pooler(model),
        "poolers": poolers(model),
        "heads": heads(model),
        "config_keys_read": reads,
        "head_follows_hidden_act": head_follows_hidden_act(family, class_name),
    }


# ---------------------------------------------------------------------------------------------
# Families


def auto_mappings(model_type: str) -> dict[str, list[str]]:
    """Every ``*_MAPPING_NAMES`` of modeling_auto that has an entry for ``model_type``."""
    out = {}
    for name in sorted(dir(modeling_auto)):
        table = getattr(modeling_auto, name)
        if name.endswith("_MAPPING_NAMES") and isinstance(table, dict) and model_type in table:
            value = table[model_type]
            out[name] = list(value) if isinstance(value, (list, tuple)) else [value]
    return out


def model_classes(module_name: str) -> tuple[list[str], list[str]]:
    module = importlib.import_module(f"transformers.models.{module_name}.modeling_{module_name}")
    models, others = [], []
    for name in module.__all__:
        obj = getattr(module, name)
        is_model = isinstance(obj, type) and issubclass(obj, transformers.PreTrainedModel)
        (models if is_model and not name.endswith("PreTrainedModel") else others).append(name)
    return models, others


def family_record(model_type: str) -> dict[str, Any]:
    config_name, module_name = CONFIG_CLASSES[model_type], MODULES[model_type]
    classes, others = model_classes(module_name)
    auto = auto_mappings(model_type)
    base = getattr(transformers, classes[0])
    return {
        "config_class": config_name,
        "model_type": getattr(transformers, config_name).model_type,
        "base_model_prefix": base.base_model_prefix,
        "auto_mappings": auto,
        "auto_model": auto.get("MODEL_MAPPING_NAMES", [None])[0],
        "pretraining_class": auto.get("MODEL_FOR_PRETRAINING_MAPPING_NAMES", [None])[0],
        "masked_lm_class": auto.get("MODEL_FOR_MASKED_LM_MAPPING_NAMES", [None])[0],
        "tiny_config": jsonable(TINY[model_type]),
        "not_models": others,
        "classes": {name: class_record(model_type, name, auto) for name in classes},
    }


# ---------------------------------------------------------------------------------------------
# Pooler experiments


def attempt(family: str, class_name: str, **overrides: Any) -> dict[str, Any]:
    """Config, build and one forward pass under ``overrides``: where (if anywhere) it fails."""
    outcome: dict[str, Any] = {"class": class_name, "overrides": jsonable(overrides), "config": "ok", "build": None}
    try:
        config = make_config(family, **overrides)
    except Exception as error:
        outcome["config"] = error_text(error)
        return outcome
    try:
        model = build(class_name, config)
    except Exception as error:
        outcome["build"] = error_text(error)
        return outcome
    outcome["build"] = "ok"
    try:
        output = forward(model, class_name)
    except Exception as error:
        outcome["forward"] = error_text(error)
    else:
        outcome["forward"] = "ok"
        logits = getattr(output, "logits", None)
        if logits is not None:
            outcome["logits"] = [round(float(x), 4) for x in logits.flatten()]
    return outcome


def deberta_experiments(family: str, classes: list[str]) -> dict[str, Any]:
    """ContextPooler's keys on ``classes``: the base model first, then the classes that build the pooler."""
    return {
        "pooler_hidden_size_12_vs_hidden_8": [attempt(family, c, pooler_hidden_size=12) for c in classes],
        "pooler_hidden_act_unknown": [attempt(family, c, pooler_hidden_act="no-such-act") for c in classes[1:]],
        "pooler_hidden_act_relu_vs_gelu": [
            attempt(family, classes[1], pooler_hidden_act=act)["logits"] for act in ("gelu", "relu")
        ],
        "pooler_dropout_2": [attempt(family, c, pooler_dropout=2.0) for c in classes[1:]],
    }


def modernbert_experiments() -> dict[str, Any]:
    if "modernbert" not in transformers.models.auto.configuration_auto.CONFIG_MAPPING_NAMES:
        return {"skipped": "no ModernBERT in this transformers"}
    pooling = {
        value: attempt("modernbert", c, classifier_pooling=value)
        for value in ("cls", "mean", "max", "CLS")
        for c in ["ModernBertForSequenceClassification"]
    }
    assigned = make_config("modernbert")
    try:
        assigned.classifier_pooling = "max"
        model = build("ModernBertForSequenceClassification", assigned)
        after: Any = {"logits_shape": list(forward(model, "ModernBertForSequenceClassification").logits.shape)}
    except Exception as error:
        after = error_text(error)
    layers = {}
    for every in (1, 2, 3):
        config = make_config("modernbert", global_attn_every_n_layers=every)
        layers[str(every)] = {
            "layer_types": jsonable(getattr(config, "layer_types", None)),
            "attribute_after_init": jsonable(getattr(config, "global_attn_every_n_layers", "<absent>")),
            "in_to_dict": "global_attn_every_n_layers" in config.to_dict(),
        }
    return {
        "classifier_pooling": pooling,
        "classifier_pooling_assigned_max_after_init": after,
        "global_attn_every_n_layers": layers,
    }


def mpnet_experiments() -> dict[str, Any]:
    """The embedding is sized by the config key; the forward pass computes buckets as for 32."""
    return {
        "relative_attention_num_buckets": {
            str(n): attempt("mpnet", "MPNetModel", relative_attention_num_buckets=n) for n in (6, 16, 32, 40)
        }
    }


def electra_experiments() -> dict[str, Any]:
    model = build("ElectraForSequenceClassification", make_config("electra", hidden_act="relu"))
    head = model.classifier
    return {
        "classification_head_with_hidden_act_relu": {
            name or "(self)": type(sub).__name__ for name, sub in head.named_modules() if is_activation(sub)
        },
        "classification_head_activation_repr": repr(getattr(head, "activation", None)),
        "encoder_intermediate_activation_with_relu": type(
            model.electra.encoder.layer[0].intermediate.intermediate_act_fn
        ).__name__,
    }


def main() -> None:
    record = {
        "versions": {"transformers": transformers.__version__, "torch": torch.__version__.split("+")[0]},
        "input_ids": INPUT_IDS,
        "families": {model_type: family_record(model_type) for model_type in MODULES},
        "experiments": {
            "deberta-v2": deberta_experiments(
                "deberta-v2", ["DebertaV2Model", "DebertaV2ForSequenceClassification", "DebertaV2ForMultipleChoice"]
            ),
            # DeBERTa (v1) has no multiple-choice class (families.json).
            "deberta": deberta_experiments("deberta", ["DebertaModel", "DebertaForSequenceClassification"]),
            "modernbert": modernbert_experiments(),
            "electra": electra_experiments(),
            "mpnet": mpnet_experiments(),
        },
    }
    path = Path(sys.argv[1])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


if __name__ == "__main__":
    main()
