"""S101: the project's own JSON Schema (``extend-schema`` in ``[tool.configlint]``)."""

from __future__ import annotations

from collections.abc import Iterator

from configlint.context import LintContext
from configlint.diagnostics import Severity
from configlint.rules.base import Finding, Rule, rule


@rule(
    "S101",
    "extend-schema",
    Severity.ERROR,
    summary="The config breaks a rule of the project's own JSON Schema (extend-schema)",
    explanation="""An organisation can require more of its configs than transformers does: that every
    config states dtype, that none carries auto_map (custom code that runs only with
    trust_remote_code), that architectures names one class. Written as a JSON Schema and named in
    [tool.configlint] extend-schema, each violation is reported here at the offending key. The rule
    does nothing when no schema is set.""",
    bad='{"model_type": "bert", "auto_map": {"AutoModel": "modeling.MyBert"}}  (with a schema that forbids auto_map)',
    good='{"model_type": "bert", "dtype": "float32"}',
    needs="object",
    evidence="the project's schema, checked against its own metaschema by jsonschema",
)
def extend_schema(ctx: LintContext) -> Iterator[Finding]:
    schema = ctx.extend_schema
    if schema is None:
        return
    for pointer, message in schema.violations(ctx.document.data):
        yield Finding(pointer, f"{message} ({schema.path.name})")


RULES: tuple[Rule, ...] = (extend_schema,)
