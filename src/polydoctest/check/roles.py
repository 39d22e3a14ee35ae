"""What a printed value, or a place in it, stands for: the knowledge behind the comparison.

Exact mode (the value cannot depend on weights nor fixture text; fixtures keep the page's
features, label names and label maps):
- the step's last expression reads a schema or label set: it ends in `.features`,
  `.feature`, `.names`, `.column_names`, `.id2label`, `.label2id`, `.num_labels` (possibly
  subscripted with a constant: `ds.features["label"]`), or is a name that says it holds a
  label set (`label_list`, `label_names`, `class_names`, `id2label`, `label2id`);
- or the printed value is a `datasets` feature type (`Features({...})`, `ClassLabel(...)`,
  `Value(...)`, `Sequence(...)` ...).
Inside any value, a feature type, an `id2label`/`label2id` entry and the `features` of a
`Dataset(...)` repr are compared exactly too. A whole config is not: tiny fixtures keep the
label maps but not the sizes. `model.config.id2label[i]` with a computed `i` is a predicted
label, so it is compared as a label, not exactly.

Labels (compared against the page's label vocabulary, see `labels`): strings under a
`label`/`labels`/`entity`/`entity_group`/`tag(s)` key; strings of a list whose step reads a
label-named thing (`predicted_token_class`, `id2label[...]`, `result['label']`); strings of a
list that holds BIO tags.

Probabilities (stay in [0, 1]): floats under a score-like key (`score`, `probability`,
`accuracy`, `precision`, `recall`, `f1`), in a tensor whose `grad_fn` is a softmax or
sigmoid, in a step that reads `softmax`/`sigmoid`/`probs`, or after a score-like word in a
text line. Rows of a softmax tensor also sum to 1.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from polydoctest.check.values import Call, Const, Map, Num, Value

EXACT_ATTRIBUTES = frozenset(
    {"features", "feature", "names", "column_names", "id2label", "label2id", "num_labels"}
)
LABEL_SET_NAME_RE = re.compile(r"id2label|label2id|\w*(label|class|tag)s?_(list|names|set)")
EXACT_KEYS = frozenset({"id2label", "label2id"})
FEATURE_TYPES = frozenset(
    {"Features", "Value", "ClassLabel", "Sequence", "List", "LargeList", "Audio", "Image",
     "Video", "Translation", "TranslationVariableLanguages", "Array2D", "Array3D", "Array4D",
     "Array5D"}
)
DATASET_REPRS = frozenset({"Dataset", "IterableDataset"})
LABEL_KEYS = frozenset(
    {"label", "labels", "entity", "entity_group", "predicted_label", "tag", "tags"}
)
LABEL_WORDS = frozenset(
    {"label", "labels", "class", "classes", "tag", "tags", "entity", "entities", "names",
     "id2label"}
)
PROBABILITY_WORDS = frozenset({"softmax", "sigmoid", "probs", "probabilities"})
SCORE_KEY_RE = re.compile(r"score|prob|accuracy|precision|recall|f1|confidence", re.I)
PROBABILITY_GRAD_RE = re.compile(r"Softmax|Sigmoid")
SOFTMAX_GRAD_RE = re.compile(r"Softmax")


@dataclass(frozen=True)
class Reading:
    """What a step's source tells about its output."""

    exact: bool = False  # reads a schema or a label set
    labels: bool = False  # reads something label-named: its strings are labels
    probabilities: bool = False  # reads softmax/sigmoid output
    softmax: bool = False


def read_source(source: str) -> Reading:
    """What the last statement of a step reads, if it is an expression Python can parse."""
    expression = _last_expression(source)
    if expression is None:
        return Reading()
    words = {part.lower() for name in _names_in(expression)
             for part in re.split(r"[_\W]+", name) if part}
    return Reading(
        exact=_reads_exact_thing(expression),
        labels=bool(words & LABEL_WORDS),
        probabilities=bool(words & PROBABILITY_WORDS),
        softmax="softmax" in words,
    )


def is_exact_value(value: Value) -> bool:
    """A feature type, or a dict of them (`ds.features` prints as a plain dict)."""
    if isinstance(value, Map):
        return bool(value.entries) and all(is_exact_value(v) for _, v in value.entries)
    return isinstance(value, Call) and value.name.rsplit(".", 1)[-1] in FEATURE_TYPES


def canonical_feature(call: Call) -> Call:
    """A feature type as `datasets` 4 prints it, whatever version printed it.

    Older versions print defaults (`Value(dtype='string', id=None)`,
    `Sequence(feature=..., length=-1, id=None)`, `ClassLabel(num_classes=2, names=[...])`);
    the page may come from any of them, and they mean the same feature.
    """
    name = call.name.rsplit(".", 1)[-1]
    kwargs = {key: value for key, value in call.kwargs if not _is_default(key, value)}
    args = call.args
    positional = {"Value": "dtype", "Sequence": "feature", "List": "feature"}.get(name)
    if positional and not args and positional in kwargs:
        args = (kwargs.pop(positional),)
    if name == "ClassLabel" and "names" in kwargs:
        kwargs.pop("num_classes", None)
    return Call("List" if name == "Sequence" else name, args, tuple(sorted(kwargs.items())))


def is_label_key(key: str) -> bool:
    return key.lower() in LABEL_KEYS


def is_score_key(key: str) -> bool:
    return SCORE_KEY_RE.search(key) is not None


def _is_default(key: str, value: Value) -> bool:
    if isinstance(value, Const) and value.value is None:
        return True
    return key == "length" and isinstance(value, Num) and value.value == -1


def _last_expression(source: str) -> ast.expr | None:
    try:
        module = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    statements = module.body
    # a loop or block printing in its last line: `for r in results: print(...)`
    while statements and isinstance(statements[-1], (ast.For, ast.While, ast.With, ast.If)):
        statements = statements[-1].body
    if not statements or not isinstance(statements[-1], ast.Expr):
        return None
    expression = statements[-1].value
    # `print(x)` shows x
    if (isinstance(expression, ast.Call) and isinstance(expression.func, ast.Name)
            and expression.func.id in ("print", "display") and len(expression.args) == 1):
        expression = expression.args[0]
    return expression


def _names_in(expression: ast.expr) -> list[str]:
    """Names, attributes and constant subscripts (`result['label']`) the expression reads."""
    names = []
    for node in ast.walk(expression):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.Subscript) and _constant_text(node.slice) is not None:
            names.append(_constant_text(node.slice))
    return names


def _reads_exact_thing(expression: ast.expr) -> bool:
    while isinstance(expression, ast.Subscript) and _constant_text(expression.slice) is not None:
        expression = expression.value
    if isinstance(expression, ast.Attribute):
        return expression.attr in EXACT_ATTRIBUTES
    if isinstance(expression, ast.Name):
        return LABEL_SET_NAME_RE.fullmatch(expression.id) is not None
    return False


def _constant_text(node: ast.expr) -> str | None:
    """The text of a literal, or of an f-string without placeholders (`f"ner_tags"`)."""
    if isinstance(node, ast.Constant):
        return str(node.value)
    if isinstance(node, ast.JoinedStr) and all(isinstance(p, ast.Constant) for p in node.values):
        return "".join(str(part.value) for part in node.values)  # type: ignore[attr-defined]
    return None
