"""configlint: lint, migrate and audit the config.json of BERT-family models.

The Python API mirrors ``configlint check``::

    >>> import configlint
    >>> [d.code for d in configlint.lint_mapping({"model_type": "bert", "hidden_size": "768"})]
    ['S001']
"""

from configlint.diagnostics import Diagnostic, Fix, Severity
from configlint.engine import lint_file, lint_mapping

__version__ = "0.1.0"

__all__ = ["Diagnostic", "Fix", "Severity", "__version__", "lint_file", "lint_mapping"]
