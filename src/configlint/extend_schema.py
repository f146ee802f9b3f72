"""``extend-schema``: a project's own JSON Schema that every model config must also satisfy.

An organisation has rules of its own beyond what transformers needs: every config states
``dtype``, no config carries ``auto_map`` (custom code), ``architectures`` has one entry. They
write them as a JSON Schema, name it in ``[tool.configlint] extend-schema``, and configlint
reports each violation as finding S101 with the line and column of the offending key, like
every other finding.

The schema comes from the project's settings, never from the checked tree. It is read and
checked against its own metaschema once per run (a broken schema is a usage error, exit code
2); ``jsonschema`` is imported only when a project sets one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from configlint.document import join_pointer
from configlint.errors import UsageError

MAX_SCHEMA_BYTES = 4 * 1024 * 1024
MAX_ERRORS = 100
"""At most this many violations per config: one broken config must not flood a report."""
MAX_MESSAGE = 300
"""jsonschema quotes the whole failing value; a finding's message keeps this many characters of it."""


@dataclass(frozen=True, eq=False)
class ExtendSchema:
    path: Path
    validator: Any
    """A ``jsonschema`` validator for the schema's own draft."""

    def violations(self, config: Any) -> Iterator[tuple[str, str]]:
        """(JSON pointer of the offending value, message), in document order, at most :data:`MAX_ERRORS`.

        A ``$ref`` the schema cannot resolve (jsonschema never fetches remote references) is one
        violation at the top that says so, not a crash."""
        try:
            errors = sorted(self.validator.iter_errors(config), key=lambda e: [str(token) for token in e.absolute_path])
        except Exception as failure:
            yield "", f"the schema could not be applied: {type(failure).__name__}: {failure}"
            return
        for error in errors[:MAX_ERRORS]:
            pointer = ""
            for token in error.absolute_path:
                pointer = join_pointer(pointer, token)
            message = error.message
            yield pointer, message if len(message) <= MAX_MESSAGE else message[: MAX_MESSAGE - 1] + "…"


def load_extend_schema(path: Path, source: str) -> ExtendSchema:
    """Read and check ``path`` (named in the settings file ``source``); every problem is a UsageError."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_SCHEMA_BYTES + 1)
    except OSError as error:
        raise UsageError(f"{source}: extend-schema {path}: cannot read: {error.strerror or error}") from None
    if len(raw) > MAX_SCHEMA_BYTES:
        raise UsageError(f"{source}: extend-schema {path}: larger than {MAX_SCHEMA_BYTES} bytes")
    try:
        schema = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise UsageError(f"{source}: extend-schema {path}: not a JSON document ({error})") from None
    import jsonschema

    if not isinstance(schema, dict):
        raise UsageError(f"{source}: extend-schema {path}: the schema must be a JSON object")
    cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft202012Validator)
    try:
        cls.check_schema(schema)
    except jsonschema.SchemaError as error:
        raise UsageError(f"{source}: extend-schema {path}: not a valid JSON Schema: {error.message}") from None
    return ExtendSchema(path, cls(schema))
