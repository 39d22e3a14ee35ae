"""Observation steps go into a page's job after the steps they observe and come out of its
outcome again, leaving the page's own outcome as if they had never been there."""

from __future__ import annotations

import json

from polydoctest.drift import installed_versions
from polydoctest.reference.guides import SUMMARIZATION, TEXT_CLASSIFICATION
from polydoctest.reference.jobs import (
    OBSERVATION_INDEX,
    left_out,
    observation_job,
    reference_steps,
    split_observations,
    with_observations,
)
from polydoctest.reference.observe import MARKER
from polydoctest.run import PageOutcome, StepJob, StepOutcome


def test_the_reference_runs_each_step_then_its_observations():
    steps = reference_steps(TEXT_CLASSIFICATION, installed_versions())
    assert [s.index for s in steps[:4]] == [0, OBSERVATION_INDEX, 1, OBSERVATION_INDEX + 1]
    assert all(s.mode == "exec" for s in steps)
    assert len(steps) == 2 * len(TEXT_CLASSIFICATION.steps)


def test_on_an_older_release_the_reference_gets_what_protects_a_run_there():
    position = TEXT_CLASSIFICATION.position("training-args")
    old = reference_steps(TEXT_CLASSIFICATION, {"transformers": "4.57.6"})
    new = reference_steps(TEXT_CLASSIFICATION, {"transformers": "5.23.0"})
    assert 'report_to="none"' in next(s.source for s in old if s.index == position)
    assert next(s.source for s in new if s.index == position) == TEXT_CLASSIFICATION.step("training-args").code


def test_observations_are_spliced_after_their_page_step_and_split_off_again():
    page = [StepJob(0, "a = 1\n"), StepJob(1, "b = 2\n"), StepJob(2, "c = 3\n")]
    observe = observation_job(TEXT_CLASSIFICATION, TEXT_CLASSIFICATION.step("labels"), {})
    job = with_observations(page, {1: (observe,)})
    assert [s.index for s in job] == [0, 1, observe.index, 2]

    values = {"id2label": {"0": "NEGATIVE"}}
    printed = MARKER + json.dumps({"step": "labels", "values": values}) + "\n"
    outcome = PageOutcome(
        "page",
        (
            StepOutcome(0, "ok"),
            StepOutcome(1, "ok"),
            StepOutcome(observe.index, "crashed", output=printed),
            StepOutcome(2, "not-run"),
        ),
        status="crashed",
        peak_rss_mb=1.0,
        duration_s=1.0,
        at_step=observe.index,
    )
    own, observed = split_observations(outcome)
    assert [s.index for s in own.steps] == [0, 1, 2]
    assert own.at_step == 1  # the page died while observing after step 1
    assert observed.values == {}  # a crashed observation step observed nothing

    fine = PageOutcome("page", (StepOutcome(1, "ok"), StepOutcome(observe.index, "ok", output=printed)), "ok", 1.0, 1.0)
    assert split_observations(fine)[1].values == {"labels": values}


def test_a_step_whose_api_a_line_removed_is_left_out_there_with_the_reason_and_runs_elsewhere():
    position = SUMMARIZATION.position("pipeline-inference")
    old = reference_steps(SUMMARIZATION, {"transformers": "4.57.6"})
    new = reference_steps(SUMMARIZATION, {"transformers": "5.23.0"})
    assert position in [s.index for s in old] and position not in [s.index for s in new]
    assert left_out(SUMMARIZATION, {"transformers": "4.57.6"}) == {}
    (reason,) = left_out(SUMMARIZATION, {"transformers": "5.23.0"}).items()
    assert reason[0] == "pipeline-inference" and 'pipeline("summarization")` was removed in transformers 5.0' in reason[1]
