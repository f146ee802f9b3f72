"""P rules: what the pooler really is, and the keys that pretend to configure it.

Facts (recorded by scripts/record_claims.py, cases pooler-keys-bert, pooler-type-mean,
use-pooler-on-masked-lm: same outputs as the baselines in 5.23 and 4.57): no BERT-family class reads
``use_pooler``, ``pooler_type``, ``pooler_fc_size``, ``pooler_num_attention_heads``,
``pooler_num_fc_layers``, ``pooler_size_per_head`` or ``directionality``. Whether a pooler
exists is decided by the model class (``add_pooling_layer``), and when it exists it is always
``dense(hidden_size, hidden_size)`` + tanh on the first token. ``hidden_act`` sets the
feed-forward activation of every encoder layer. Mean pooling lives in a sentence-transformers
``1_Pooling/config.json``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from configlint.context import LintContext
from configlint.diagnostics import Applicability, Edit, Fix, Severity
from configlint.document import join_pointer
from configlint.family_table import ACTIVATIONS, FAMILIES, families_with
from configlint.rules.base import Finding, Rule, rule
from configlint.rules.legacy import migration_drops
from configlint.schema import POOLER_CLASSES, POOLER_KEYS

POOLING_INTENTS = frozenset({"mean", "avg", "average", "max", "mean_tokens", "max_tokens", "mean_pooling"})
"""``pooler_type`` values that ask for a pooling transformers never performs."""

KNOWN_ACTIVATIONS = frozenset(ACTIVATIONS)
_POOLER_KEY_SET = frozenset(POOLER_KEYS)


def what_decides_the_pooler(ctx: LintContext) -> str:
    """One sentence on the pooler the declared architecture really has (from the family table)."""
    entry = ctx.family_entry
    if entry is not None and not entry.pooler_classes:
        return entry.no_pooler
    if not ctx.architectures:
        if entry is None:
            return "the model class decides whether a pooler is built"
        builders = ", ".join(sorted(entry.pooler_classes))
        return f"the model class decides: {builders} build dense + tanh on the first token; {entry.no_pooler}"
    name = ctx.architectures[0]
    if name in POOLER_CLASSES:
        size = ctx.int("hidden_size") or "hidden_size"
        return f"{name} builds the standard pooler: dense({size}, {size}) + tanh on the first token"
    if name == "RobertaForSequenceClassification":
        return "RobertaForSequenceClassification builds no pooler; its classification head applies its own dense + tanh to <s>"
    return f"{name} builds no pooler at all"


def _remove_all(keys: list[str]) -> Fix:
    return Fix(
        f"Remove {', '.join(keys)} (transformers reads none of them)",
        tuple(Edit("remove", join_pointer("", key)) for key in keys),
    )


def _dead_key_findings(ctx: LintContext, why: Callable[[], str]) -> Iterator[Finding]:
    """One finding for all dead pooler keys of a file, at the first one, with a fix removing them all.

    ``why`` is called only when there are such keys: most configs have none, and the sentence costs."""
    keys = _dead_keys(ctx)
    if keys:
        yield Finding(
            join_pointer("", keys[0]), f"{', '.join(keys)} {'is' if len(keys) == 1 else 'are'} {why()}", fix=_remove_all(keys)
        )


def _dead_keys(ctx: LintContext) -> list[str]:
    """Pooler keys present, except a pooler_type that states a pooling intent (P002's business)."""
    if _POOLER_KEY_SET.isdisjoint(ctx.config):
        return []
    folded = migration_drops(ctx)  # a TF-era file's F002 finding names them
    keys = [key for key in ctx.config if key in POOLER_KEYS and key not in folded]  # in the file's order
    intent = ctx.config.get("pooler_type")
    if isinstance(intent, str) and intent.lower() in POOLING_INTENTS:
        keys.remove("pooler_type")
    return keys


@rule(
    "P001",
    "dead-pooler-keys",
    Severity.INFO,
    summary="Pooler keys that no BERT-family class reads",
    explanation="""use_pooler, pooler_type, pooler_fc_size, pooler_num_attention_heads,
    pooler_num_fc_layers, pooler_size_per_head and directionality are leftovers of Google's original
    BERT export (or wishful thinking). transformers keeps them as attributes and never reads them: the
    model class alone decides whether a pooler exists (BertModel and AlbertModel build one;
    *ForMaskedLM, token classification and QA classes do not), and a pooler is always
    dense(hidden_size, hidden_size) + tanh on the first token. Removing them changes nothing
    (recorded: the same outputs with and without them). A pooler_fc_size that differs from
    hidden_size is named in the same finding (it was P004). Opt-in: the keys are harmless.""",
    bad='{"model_type": "bert", "pooler_type": "first_token_transform", "pooler_fc_size": 768, "directionality": "bidi"}',
    good='{"model_type": "bert"}',
    fix="Remove the keys (safe: transformers builds the same model)",
    families=families_with("tf-pooler-keys-unread", "bert-names"),
    evidence="case pooler-keys-bert (same digest as baseline-bert-BertModel in 5.23.0 and 4.57.6)",
    requires=POOLER_KEYS,
)
def dead_pooler_keys(ctx: LintContext) -> Iterator[Finding]:
    return _dead_key_findings(ctx, lambda: f"ignored by transformers; {what_decides_the_pooler(ctx)}{_size_note(ctx)}")


def _size_note(ctx: LintContext) -> str:
    """The pooler_fc_size mismatch, said inside the one dead-keys finding (formerly P004's own)."""
    size = ctx.config.get("pooler_fc_size")
    hidden = ctx.int("dim") if ctx.family.family == "distilbert" else ctx.int("hidden_size")
    if isinstance(size, int) and not isinstance(size, bool) and hidden is not None and size != hidden:
        return f" (pooler_fc_size says {size}, but a pooler is {hidden} × {hidden})"
    return ""


@rule(
    "P002",
    "pooling-intent-ignored",
    Severity.WARNING,
    summary="pooler_type asks for mean/max pooling that transformers never performs",
    explanation="""A pooler_type of "mean", "avg" or "max" says the author wants sentence embeddings by
    mean (or max) pooling. transformers ignores the key: pooler_output is CLS + dense + tanh (or does
    not exist, for classes without a pooler), so embeddings taken from it are not what the config
    promises. Mean pooling is configured in a sentence-transformers 1_Pooling/config.json, which
    `configlint migrate pooling-to-sentence-transformers` writes. When such a file beside the config
    already does mean pooling, the key is merely dead and this is reported as info.""",
    bad='{"model_type": "bert", "architectures": ["BertModel"], "pooler_type": "mean"}',
    good='{"model_type": "bert", "architectures": ["BertModel"]}  plus 1_Pooling/config.json {"pooling_mode": "mean"}',
    fix="Remove pooler_type (safe); configure pooling in a sentence-transformers module",
    families=families_with("tf-pooler-keys-unread"),
    evidence="case pooler-type-mean (same digest as baseline-bert-BertModel in 5.23.0 and 4.57.6)",
    requires=("pooler_type",),
)
def pooling_intent_ignored(ctx: LintContext) -> Iterator[Finding]:
    intent = ctx.config.get("pooler_type")
    if not (isinstance(intent, str) and intent.lower() in POOLING_INTENTS):
        return
    from configlint.rules.sentence_transformers import pooling_documents, pooling_modes

    modes = {mode for document in pooling_documents(ctx) for mode in pooling_modes(document.mapping)}
    fix = Fix("Remove pooler_type (transformers ignores it)", (Edit("remove", "/pooler_type"),))
    wanted = "mean" if intent.lower() in {"mean", "avg", "average", "mean_tokens", "mean_pooling"} else "max"
    if wanted in modes:
        yield Finding(
            "/pooler_type",
            f'pooler_type "{intent}" is ignored by transformers; the sentence-transformers Pooling module beside it already does {wanted} pooling',
            fix=fix,
            severity=Severity.INFO,
        )
        return
    yield Finding(
        "/pooler_type",
        f'pooler_type "{intent}" is ignored: {what_decides_the_pooler(ctx)}; {wanted} pooling needs a sentence-transformers Pooling module '
        "(configlint migrate pooling-to-sentence-transformers)",
        fix=fix,
    )


@rule(
    "P003",
    "use-pooler-ignored",
    Severity.WARNING,
    summary="use_pooler contradicts the pooler the model class builds",
    explanation="""use_pooler is read by no BERT-family class. With use_pooler: false on a class that
    builds a pooler (BertModel, *ForSequenceClassification of BERT/ALBERT, *ForPreTraining,
    *ForMultipleChoice, NSP), transformers builds it anyway and, if the checkpoint has no pooler
    weights, initialises it randomly. With use_pooler: true on a class that builds none (*ForMaskedLM,
    token classification, QA, RobertaForSequenceClassification), there is no pooler_output at all.""",
    bad='{"model_type": "bert", "architectures": ["BertForMaskedLM"], "use_pooler": true}',
    good='{"model_type": "bert", "architectures": ["BertModel"]}',
    fix="Remove use_pooler (safe); choose the model class that has (or lacks) a pooler",
    # A family whose heads build a pooler of their own (DeBERTa's ContextPooler) is not described by POOLER_CLASSES.
    families=families_with("tf-pooler-keys-unread", lacking=("head-pooler",)),
    evidence="cases use-pooler-on-masked-lm (has_pooler false, same digest as baseline-bert-BertForMaskedLM), pooler-keys-bert (use_pooler false, has_pooler true)",
    requires=("use_pooler",),
)
def use_pooler_ignored(ctx: LintContext) -> Iterator[Finding]:
    wanted = ctx.config.get("use_pooler")
    if not isinstance(wanted, bool) or not ctx.architectures:
        return
    name = ctx.architectures[0]
    builds = name in POOLER_CLASSES
    if wanted != builds:
        fix = Fix("Remove use_pooler (transformers ignores it)", (Edit("remove", "/use_pooler"),))
        if wanted:
            message = (
                f"use_pooler is true but {name} builds no pooler: there is no pooler_output ({what_decides_the_pooler(ctx)})"
            )
        else:
            message = f"use_pooler is false but {name} builds a pooler anyway (dense + tanh); without pooler weights in the checkpoint it is randomly initialised"
        yield Finding("/use_pooler", message, fix=fix)


@rule(
    "P004",
    "pooler-size-mismatch",
    Severity.WARNING,
    summary="Merged into P001: pooler_fc_size differing from hidden_size",
    explanation="""A pooler_fc_size that differs from hidden_size is one of the dead pooler keys; it is
    named in P001's single finding for the file, so the same key is not reported twice. The code is
    kept so that configurations selecting or ignoring it stay valid; it reports nothing.""",
    bad='{"model_type": "bert", "hidden_size": 1024, "pooler_fc_size": 768}  (reported by P001)',
    good='{"model_type": "bert", "hidden_size": 1024}',
    families=families_with("tf-pooler-keys-unread"),
    default=False,
    evidence="case pooler-keys-bert",
)
def pooler_size_mismatch(ctx: LintContext) -> Iterator[Finding]:
    return iter(())


@rule(
    "P005",
    "activation-misread",
    Severity.WARNING,
    summary="hidden_act is unknown, or tanh (which does not set the pooler's activation)",
    explanation="""hidden_act (DistilBERT: activation) is the activation of every encoder layer's
    feed-forward block, not of the pooler. Setting it to "tanh" to "configure the pooler" changes all
    layers (recorded: other outputs than the same weights with gelu), so pretrained weights compute
    something else. A name transformers does not know loads as a config and raises KeyError when the
    model is built (recorded in 5.23 and 4.57).""",
    bad='{"model_type": "bert", "hidden_act": "tanh"}',
    good='{"model_type": "bert", "hidden_act": "gelu"}',
    families=families_with("tf-pooler-keys-unread"),
    evidence="cases hidden-act-unknown (KeyError at build in 5.23.0 and 4.57.6), hidden-act-tanh (digest differs from baseline-bert-BertModel)",
)
def activation_misread(ctx: LintContext) -> Iterator[Finding]:
    entry = ctx.family_entry
    key = entry.activation_field if entry is not None else "hidden_act"
    value = ctx.config.get(key)
    if not isinstance(value, str):
        return
    if value not in KNOWN_ACTIVATIONS:
        yield Finding(
            f"/{key}",
            f'{key} "{value}" is not an activation transformers knows; building the model raises KeyError',
            severity=Severity.ERROR,
        )
    elif value == "tanh":
        yield Finding(
            f"/{key}",
            f'{key} "tanh" makes every encoder layer\'s feed-forward block use tanh (the outputs change); it does not configure the pooler',
        )


@rule(
    "P006",
    "pooler-keys-on-distilbert",
    Severity.WARNING,
    summary="Pooler keys on DistilBERT, which has no pooler",
    explanation="""DistilBERT has no pooler of any kind: DistilBertModel returns hidden states only and
    DistilBertForSequenceClassification classifies the first token through pre_classifier + ReLU.
    Pooler keys on a DistilBERT config suggest a copied BERT config or a wrong expectation.""",
    bad='{"model_type": "distilbert", "pooler_type": "first_token_transform", "pooler_fc_size": 768}',
    good='{"model_type": "distilbert"}',
    fix="Remove the keys (safe)",
    families=("distilbert",),
    evidence="case baseline-distilbert-DistilBertModel (has_pooler false in 5.23.0 and 4.57.6)",
    requires=POOLER_KEYS,
)
def pooler_keys_on_distilbert(ctx: LintContext) -> Iterator[Finding]:
    return _dead_key_findings(ctx, lambda: "set on a DistilBERT config, which has no pooler at all; transformers ignores them")


@rule(
    "P007",
    "classifier-dropout-ignored",
    Severity.WARNING,
    summary="classifier_dropout on a family that reads another key",
    explanation="""BERT and RoBERTa read classifier_dropout. DistilBERT's heads read seq_classif_dropout
    (sequence classification, multiple choice) and qa_dropout; ALBERT's read classifier_dropout_prob.
    Recorded: classifier_dropout on those families leaves every dropout probability of the built
    model unchanged, so the head keeps the dropout of the key its family reads. MPNet's
    classification head uses hidden_dropout_prob, the dropout of every encoder layer too (no MPNet
    class reads classifier_dropout, recorded in families.json), so no rename is offered there. DeBERTa's and
    DeBERTa-v2's ContextPooler classes read cls_dropout (else hidden_dropout_prob); their token classifiers
    keep hidden_dropout_prob whatever cls_dropout says (recorded).""",
    bad='{"model_type": "distilbert", "classifier_dropout": 0.3}',
    good='{"model_type": "distilbert", "seq_classif_dropout": 0.3}',
    fix="Rename to the key the family reads (unsafe: changes the head's dropout)",
    families=tuple(name for name, entry in FAMILIES.items() if entry.classifier_dropout_key != "classifier_dropout"),
    evidence="cases classifier-dropout-distilbert, classifier-dropout-albert (dropout probabilities as the baselines), classifier-dropout-bert (0.37 applied); "
    "DeBERTa-v2 and DeBERTa: tests/fixtures/transformers/deberta-v2-dropouts-5.23.0.json, deberta-dropouts-5.23.0.json and "
    "their -4.57.6.json (cls_dropout applied to the pooled classes only, classifier_dropout to none)",
    requires=("classifier_dropout",),
)
def classifier_dropout_ignored(ctx: LintContext) -> Iterator[Finding]:
    if "classifier_dropout" not in ctx.config or ctx.config["classifier_dropout"] is None:
        return
    entry = FAMILIES[ctx.family.family or ""]
    target = entry.classifier_dropout_key
    fix = None
    # MPNet's head reads hidden_dropout_prob, every encoder layer's dropout: renaming would change them all.
    if target not in ctx.config and target not in entry.encoder_dropouts:
        fix = Fix(
            f"Rename classifier_dropout to {target}", (Edit("rename", "/classifier_dropout", target),), Applicability.UNSAFE
        )
    current = ctx.value(target)
    if current is None:  # DeBERTa's cls_dropout: unset, every head's dropout is hidden_dropout_prob
        uses = f"its heads use {target}, which is unset, so hidden_dropout_prob is used"
    elif entry.head_pooler_classes:
        # DeBERTa: only the ContextPooler classes read cls_dropout; recorded, cls_dropout 0.3 leaves the token
        # classifier's dropout at hidden_dropout_prob (deberta-dropouts-*.json, deberta-v2-dropouts-*.json).
        readers = sorted(entry.head_pooler_classes)
        verb = "use" if len(readers) > 1 else "uses"
        uses = (
            f"{' and '.join(readers)} {verb} {target}, which is {current}; the token-classification head uses hidden_dropout_prob"
        )
    else:
        uses = f"its heads use {target}, which is {current}"
    yield Finding("/classifier_dropout", f"{ctx.family.family} ignores classifier_dropout (recorded); {uses}", fix=fix)


RULES: tuple[Rule, ...] = (
    dead_pooler_keys,
    pooling_intent_ignored,
    use_pooler_ignored,
    pooler_size_mismatch,
    activation_misread,
    pooler_keys_on_distilbert,
    classifier_dropout_ignored,
)
