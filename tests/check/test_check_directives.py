"""Doctest option directives, as a page writes them in `# doctest:` comments."""

from __future__ import annotations

import pytest

from polydoctest.check import check_output
from polydoctest.check.textual import Options, agrees_to_precision


def status(expected: str, got: str, *directives: str, source: str = "") -> str:
    return check_output(expected, got, source=source, directives=frozenset(directives)).status


def test_ellipsis_matches_anything_textually():
    page = "[{'label': 'POSITIVE', 'score': ...}]\n"
    assert status(page, "[{'label': 'POSITIVE', 'score': 0.51}]\n", "+ELLIPSIS") == "exact"


def test_ellipsis_in_a_printed_line():
    page = "label: POSITIVE, with score: ...\nlabel: NEGATIVE, with score: ...\n"
    got = "label: NEGATIVE, with score: 0.5081\nlabel: NEGATIVE, with score: 0.5012\n"
    assert status(page, got, "+ELLIPSIS") == "structural"
    bad = "label: LABEL_0, with score: 0.5081\nlabel: NEGATIVE, with score: 0.5012\n"
    result = check_output(page, bad, directives={"+ELLIPSIS"})
    assert result.status == "mismatch"
    assert result.problems[0].startswith("line 1: 'label : LABEL_0")


def test_ellipsis_in_a_value_leaves_a_list_open():
    page = "{'input_ids': [101, ...], 'attention_mask': [1, ...]}\n"
    got = "{'input_ids': [2, 41, 57, 3], 'attention_mask': [1, 1, 1, 1]}\n"
    assert status(page, got, "+ELLIPSIS") == "structural"
    assert status(page, "{'input_ids': [2, 41, 57, 3]}\n", "+ELLIPSIS") == "mismatch"


def test_ellipsis_as_dict_entry_admits_other_keys():
    page = "{'input_ids': [101, 102], ...}\n"
    got = "{'input_ids': [2, 3], 'attention_mask': [1, 1]}\n"
    assert status(page, got, "+ELLIPSIS") == "structural"


def test_minus_disables_an_option():
    page = "[{'label': 'POSITIVE', 'score': ...}]\n"
    got = "[{'label': 'POSITIVE', 'score': 0.51}]\n"
    assert status(page, got, "+ELLIPSIS", "-ELLIPSIS") != "exact"


def test_normalize_whitespace():
    page = "label: POSITIVE,   with score: 0.9998\n"
    got = "label: POSITIVE, with score: 0.9998\n"
    assert status(page, got, "+NORMALIZE_WHITESPACE") == "exact"
    assert status(page, got) == "structural"  # same tokens, not the same text


def test_number_matches_to_the_precision_written():
    page = "[{'label': 'POSITIVE', 'score': 0.9998}]\n"
    assert status(page, "[{'label': 'POSITIVE', 'score': 0.99981234}]\n", "+NUMBER") == "exact"
    assert status(page, "[{'label': 'POSITIVE', 'score': 0.9990}]\n", "+NUMBER") == "structural"
    assert status(page, "[{'label': 'POSITIVE', 'score': 0.99981234}]\n") == "structural"


def test_number_in_exact_mode():
    page = "{'accuracy': 0.5, 'f1': 0.33}\n"
    got = "{'accuracy': 0.5000001, 'f1': 0.3333333}\n"
    source = "model.config.label2id"  # any exact-mode step
    assert status(page, got, "+NUMBER", source=source) == "exact"
    result = check_output(page, got, source=source)
    assert result.status == "mismatch"
    assert result.problems[0] == "['accuracy']: 0.5000001 where the page shows 0.5"


@pytest.mark.parametrize(
    ("written", "value", "agrees"),
    [("0.9998", 0.99984, True), ("0.9998", 0.9996, False), ("1e-3", 0.0014, True),
     ("1.5e-3", 0.00159, True), ("1.5e-3", 0.0017, False), ("3.", 3.4, True)],
)
def test_precision(written, value, agrees):
    assert agrees_to_precision(written, value) is agrees


@pytest.mark.parametrize("directive", ["+IGNORE_RESULT", "+SKIP", "IGNORE_RESULT"])
def test_ignored(directive):
    result = check_output("<Dataset>\n", "Traceback (most recent call last):\nKeyError: 1\n",
                          directives={directive})
    assert (result.status, result.problems, result.diff) == ("ignored", (), "")


def test_options_from_directives():
    options = Options.from_directives(frozenset({"+ELLIPSIS", "+NUMBER", "+FOO"}))
    assert options.ellipsis and options.number and not options.skip


def test_trailing_spaces_and_line_endings_do_not_matter():
    assert status("[1, 2]  \r\n", "[1, 2]\n") == "exact"
