"""configlint: lint, migrate and audit the config.json of BERT-family models.

The Python API mirrors ``configlint check``::

    >>> import configlint
    >>> [d.code for d in configlint.lint_mapping({"model_type": "bert", "hidden_size": "768"})]
    ['S001']

The names are imported on first use (PEP 562): every ``configlint`` command imports this package,
and most need neither the engine nor the rules.
"""

from typing import TYPE_CHECKING

from configlint._lazy import lazy_exports

if TYPE_CHECKING:
    from configlint.diagnostics import Diagnostic, Fix, Severity
    from configlint.engine import lint_file, lint_mapping

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Fix", "Severity", "__version__", "lint_file", "lint_mapping"]
__getattr__ = lazy_exports(
    __name__,
    {
        "Diagnostic": "configlint.diagnostics",
        "Fix": "configlint.diagnostics",
        "Severity": "configlint.diagnostics",
        "lint_file": "configlint.engine",
        "lint_mapping": "configlint.engine",
    },
)
