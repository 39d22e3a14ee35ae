from __future__ import annotations

from matrix_runs import DEMO, QUICKTOUR

from polydoctest.matrix.diff import diff


def changes_between(matrix, old, new):
    return {(c.row.page, c.row.index): c for c in diff(matrix, matrix.column(old), matrix.column(new))}


def test_the_diff_names_exactly_the_steps_whose_verdict_changed(matrix):
    changes = changes_between(matrix, "4.57", "5.23")
    assert list(changes) == [(DEMO, 2), (DEMO, 3), (DEMO, 4), (DEMO, 6), (QUICKTOUR, 1)]
    assert (changes[(DEMO, 2)].old.verdict, changes[(DEMO, 2)].new.verdict) == ("passed", "passed-after-rewrite")


def test_a_rule_reported_on_one_version_and_rewritten_on_the_other_explains_the_change(matrix):
    change = changes_between(matrix, "4.57", "5.23")[(DEMO, 2)]
    assert [cause.rule for cause in change.causes] == ["transformers.trainer-tokenizer"]
    assert "reported on 4.57.6, rewritten on 5.23.0" in change.causes[0].text
    assert change.explained and not change.regression


def test_a_rule_present_on_one_version_only_explains_the_change(matrix):
    change = changes_between(matrix, "4.57", "5.23")[(DEMO, 3)]
    assert [cause.rule for cause in change.causes] == ["transformers.pipeline-question-answering"]
    assert change.causes[0].text.startswith("reported on 5.23.0 only")


def test_a_blocked_step_is_explained_by_what_changed_its_blocker(matrix):
    change = changes_between(matrix, "4.57", "5.23")[(DEMO, 4)]
    assert change.new.verdict == "blocked"
    assert [cause.rule for cause in change.causes] == ["transformers.pipeline-question-answering"]
    assert change.causes[0].text.startswith("blocked by step 3 (line 40)")


def test_a_failure_no_rule_explains_is_a_regression_shown_with_its_error(matrix):
    changes = changes_between(matrix, "4.57", "5.23")
    for key in ((DEMO, 6), (QUICKTOUR, 1)):
        change = changes[key]
        assert change.regression and not change.explained
        assert [cause.rule for cause in change.causes] == [None]
    assert "TypeError" in changes[(DEMO, 6)].causes[0].text


def test_from_4_46_to_4_57_only_the_removed_evaluation_strategy_changes(matrix):
    changes = changes_between(matrix, "4.46", "4.57")
    assert list(changes) == [(DEMO, 1)]
    (cause,) = changes[(DEMO, 1)].causes
    assert cause.rule == "transformers.eval-strategy"
    assert "reported on 4.46.3, rewritten on 4.57.6" in cause.text


def test_a_rule_that_differs_without_changing_the_verdict_is_not_a_change(matrix):
    # transformers.report-to-none rewrites on 4.57 and not on 5.23, but step 1 is rewritten on both.
    assert (DEMO, 1) not in changes_between(matrix, "4.57", "5.23")


def test_no_changes_between_a_version_and_itself(matrix):
    assert changes_between(matrix, "5.23", "5.23") == {}


def test_a_harness_rewrite_explains_a_change_only_when_no_page_rule_does(matrix):
    # 4.46 -> 5.23, step 1: report_to="none" is added on 4.46 only (a harness rule), and
    # evaluation_strategy is reported on 4.46 and rewritten on 5.23: the page's rule is the cause.
    (cause,) = changes_between(matrix, "4.46", "5.23")[(DEMO, 1)].causes
    assert cause.rule == "transformers.eval-strategy"
