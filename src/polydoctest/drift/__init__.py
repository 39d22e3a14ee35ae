"""drift: version-aware rewrites of a step's code, each one a recorded finding.

The guides were written against older releases. For the installed versions this stage keeps
what still runs, rewrites what no longer does (with libcst, keeping layout and comments), and
reports both, so translators learn what to update and the runner runs code that can work.
Code that no release accepted is no drift but a bug of the page: its rule is a `doc-defect.*`
one, and its rewrite is the remedy the step runs with.
"""

from .catalog import BY_LIBRARY, CATALOG
from .findings import Action, DriftResult, Finding
from .rewrite import newest_form, rewrite
from .rules import Rule
from .tensorflow import tensorflow_reason, tensorflow_runnable
from .versions import installed_versions

__all__ = [
    "BY_LIBRARY",
    "CATALOG",
    "Action",
    "DriftResult",
    "Finding",
    "Rule",
    "installed_versions",
    "newest_form",
    "rewrite",
    "tensorflow_reason",
    "tensorflow_runnable",
]
