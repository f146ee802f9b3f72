"""Y rules for ELECTRA: the multiple-choice head's ``summary_*`` keys are real.

ElectraForMultipleChoice reads the first token through ``sequence_summary``, built from
ElectraConfig's ``summary_type``, ``summary_use_proj``, ``summary_activation`` and
``summary_last_dropout`` (recorded: families.json ``config_keys_read`` of the class). One value
refuses to build: recorded with transformers 5.23 (load-report case electra-summary-type-attn),
``summary_type`` "attn" raises NotImplementedError when the class is built.
"""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import Finding, Rule, rule

SUMMARY_CLASS = "ElectraForMultipleChoice"


@rule(
    "Y004",
    "electra-summary-attn",
    Severity.ERROR,
    summary='summary_type "attn": ElectraForMultipleChoice refuses to be built',
    explanation="""summary_type picks the token ElectraForMultipleChoice's sequence_summary reads ("first"
    is ElectraConfig's default). The value "attn" is accepted by ElectraConfig but
    not implemented: recorded with transformers 5.23, building ElectraForMultipleChoice from such a
    config raises NotImplementedError, so from_pretrained fails. Other ELECTRA classes do not read the
    key (an error on the multiple-choice class or a config without architectures, a warning otherwise).""",
    bad='{"model_type": "electra", "architectures": ["ElectraForMultipleChoice"], "summary_type": "attn"}',
    good='{"model_type": "electra", "architectures": ["ElectraForMultipleChoice"], "summary_type": "first"}',
    families=("electra",),
    evidence="load-report case electra-summary-type-attn (NotImplementedError at build, 5.23.0)",
)
def summary_attn(ctx: LintContext) -> Iterator[Finding]:
    if ctx.config.get("summary_type") != "attn":
        return
    declared = ctx.architectures[0] if ctx.architectures else None
    if declared in (None, SUMMARY_CLASS):
        yield Finding(
            "/summary_type", f'summary_type "attn" is not implemented: building {SUMMARY_CLASS} raises NotImplementedError'
        )
    else:
        yield Finding(
            "/summary_type",
            f'summary_type "attn" is not implemented: {declared} does not read it, but {SUMMARY_CLASS} built from this '
            "config raises NotImplementedError",
            severity=Severity.WARNING,
        )


RULES: tuple[Rule, ...] = (summary_attn,)
