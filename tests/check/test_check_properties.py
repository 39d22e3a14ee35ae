"""Properties: nothing crashes, equal text is exact, a printed value parses back to itself."""

from __future__ import annotations

import math
import pprint

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from polydoctest.check import check_output, parse_value
from polydoctest.check.values import Const, Lines, Map, Num, Seq, Str, Value

DIRECTIVES = st.frozensets(st.sampled_from(
    ["+ELLIPSIS", "+NORMALIZE_WHITESPACE", "+NUMBER", "-ELLIPSIS", "+IGNORE_EXCEPTION_DETAIL"]))
# text with the characters printouts are made of, so that the parser gets far
REPR_CHARS = st.text(alphabet=st.sampled_from(list("[]{}()<>'\",:.=-+_ \n0123456789eEaxLABEL…🤗"))
                     | st.characters(), max_size=80)
SOURCES = st.sampled_from(["", "label_list", "classifier(text)", "x.features", "print(p)",
                           "model.config.id2label[i]", "def f(:"])

scalars = (st.none() | st.booleans() | st.integers(-10**20, 10**20)
           | st.floats(allow_nan=False) | st.text(max_size=12))
python_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.lists(inner, max_size=3).map(tuple)
    | st.dictionaries(st.text(max_size=6) | st.integers(-5, 5), inner, max_size=4),
    max_leaves=20,
)


def as_python(value: Value) -> object:
    if isinstance(value, Num):
        return value.value
    if isinstance(value, (Str, Const)):
        return value.value
    if isinstance(value, Seq):
        items = [as_python(item) for item in value.items]
        return tuple(items) if value.kind == "tuple" else items
    if isinstance(value, Map):
        return {as_python(k): as_python(v) for k, v in value.entries}
    raise AssertionError(f"not a literal: {value}")


@given(REPR_CHARS)
def test_parse_value_never_raises(text):
    parse_value(text)


@given(REPR_CHARS, REPR_CHARS, SOURCES, DIRECTIVES)
def test_check_output_never_raises(expected, got, source, directives):
    result = check_output(expected, got, source=source, directives=directives)
    assert result.status in ("exact", "structural", "mismatch", "ignored", "no-output")
    assert bool(result.problems) == (result.status in ("mismatch", "no-output"))


@given(REPR_CHARS.filter(str.strip), SOURCES, DIRECTIVES)
def test_same_text_is_exact(text, source, directives):
    assert check_output(text, text, source=source, directives=directives).status == "exact"


@given(python_values)
@settings(suppress_health_check=[HealthCheck.too_slow])
def test_printed_value_parses_back(value):
    for printed in (repr(value), pprint.pformat(value, width=30)):
        parsed = parse_value(printed)
        assert not isinstance(parsed, Lines)
        assert as_python(parsed) == value


def _with_other_floats(value: object) -> object:
    """What another set of weights prints: every float changed, the structure kept."""
    if isinstance(value, float):
        return -value * 3.5 + 1.25 if math.isfinite(value) else 0.5
    if isinstance(value, list):
        return [_with_other_floats(item) for item in value]
    if isinstance(value, tuple):
        return tuple(_with_other_floats(item) for item in value)
    if isinstance(value, dict):
        return {key: _with_other_floats(item) for key, item in value.items()}
    return value


neutral_values = st.recursive(
    st.integers(0, 10**6) | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, min_size=1, max_size=4)
    | st.dictionaries(st.sampled_from(["a", "input_ids", "logits", "text"]), inner,
                      min_size=1, max_size=3),
    max_leaves=12,
)


@given(neutral_values)
def test_other_weights_never_make_a_mismatch(value):
    result = check_output(repr(value) + "\n", repr(_with_other_floats(value)) + "\n")
    assert result.status in ("exact", "structural"), result.problems
