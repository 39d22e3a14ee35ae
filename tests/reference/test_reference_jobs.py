"""Observations go into a page's job after the steps they observe, as the runner's `observe`
steps, and what they saw comes back per reference step, apart from the page's own outcome."""

from __future__ import annotations

from polydoctest.drift import installed_versions
from polydoctest.reference.guides import SUMMARIZATION, TEXT_CLASSIFICATION
from polydoctest.reference.jobs import (
    left_out,
    observation_job,
    reference_steps,
    split_observations,
    with_observations,
)
from polydoctest.run import Observation, PageOutcome, StepJob, StepOutcome


def test_the_reference_runs_each_step_then_its_observations():
    steps = reference_steps(TEXT_CLASSIFICATION, installed_versions())
    assert [(s.index, s.mode) for s in steps[:4]] == [(0, "exec"), (0, "observe"), (1, "exec"), (1, "observe")]
    assert [s.name for s in steps if s.mode == "observe"] == [s.id for s in TEXT_CLASSIFICATION.steps]
    assert len(steps) == 2 * len(TEXT_CLASSIFICATION.steps)


def test_on_an_older_release_the_reference_gets_what_protects_a_run_there():
    position = TEXT_CLASSIFICATION.position("training-args")
    old = reference_steps(TEXT_CLASSIFICATION, {"transformers": "4.57.6"})
    new = reference_steps(TEXT_CLASSIFICATION, {"transformers": "5.23.0"})
    assert 'report_to="none"' in next(s.source for s in old if s.index == position)
    assert next(s.source for s in new if s.index == position) == TEXT_CLASSIFICATION.step("training-args").code


def test_observations_go_after_their_page_step_and_come_back_apart_per_reference_step():
    page = [StepJob(0, "a = 1\n"), StepJob(1, "b = 2\n"), StepJob(2, "c = 3\n")]
    observe = observation_job(TEXT_CLASSIFICATION, TEXT_CLASSIFICATION.step("labels"), {})
    job = with_observations(page, {1: (observe,)})
    assert [(s.index, s.mode) for s in job] == [(0, "doctest"), (1, "doctest"), (1, "observe"), (2, "doctest")]

    values = {"id2label": {"0": "NEGATIVE"}}
    outcome = PageOutcome(
        "page",
        (StepOutcome(0, "ok"), StepOutcome(1, "ok"), StepOutcome(2, "ok")),
        status="ok",
        peak_rss_mb=1.0,
        duration_s=1.0,
        observations=(Observation("labels", 1, values),),
    )
    own, observed = split_observations(outcome)
    assert own.steps == outcome.steps and own.observations == ()
    assert observed.values == {"labels": values}


def test_a_step_whose_api_a_line_removed_is_left_out_there_with_the_reason_and_runs_elsewhere():
    position = SUMMARIZATION.position("pipeline-inference")
    old = reference_steps(SUMMARIZATION, {"transformers": "4.57.6"})
    new = reference_steps(SUMMARIZATION, {"transformers": "5.23.0"})
    assert position in [s.index for s in old] and position not in [s.index for s in new]
    assert left_out(SUMMARIZATION, {"transformers": "4.57.6"}) == {}
    (reason,) = left_out(SUMMARIZATION, {"transformers": "5.23.0"}).items()
    assert reason[0] == "pipeline-inference" and 'pipeline("summarization")` was removed in transformers 5.0' in reason[1]
