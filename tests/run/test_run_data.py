"""Jobs and outcomes are plain data that survive a JSON round trip."""

from __future__ import annotations

import json

import pytest
from run_helpers import page

from polydoctest.run import PageJob, PageOutcome, SetupRef, StepJob, run_page


def test_a_page_job_round_trips_through_json():
    job = PageJob(
        "docs/source/ar/quicktour.md",
        [StepJob(3, "1 + 1"), StepJob(4, "x", mode="skip", skip_reason="TensorFlow", timeout_s=5.0)],
        setup=SetupRef("polydoctest.fixtures:offline_session", {"home": "/tmp/home", "user": "stevhliu"}),
        seed=3,
    )
    assert PageJob.from_dict(json.loads(json.dumps(job.to_dict()))) == job


def test_a_page_outcome_round_trips_through_json():
    outcome = run_page(page("1", "json.dumps(1)", "1 / 0", "import os\nos._exit(4)", "2"), warm_imports=())
    assert PageOutcome.from_dict(json.loads(json.dumps(outcome.to_dict()))) == outcome


def test_invalid_jobs_are_refused():
    with pytest.raises(ValueError, match="unknown mode"):
        StepJob(0, "1", mode="pycon")
    with pytest.raises(ValueError, match="module:function"):
        SetupRef("polydoctest.fixtures.activate")
