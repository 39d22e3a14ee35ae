"""An `observe` step looks at the page between two steps and leaves it as it was: what it saw
comes back in `PageOutcome.observations`, never among the page's steps or in their output,
and only the executor can report it."""

from __future__ import annotations

import json

import pytest

from polydoctest.run import Observation, PageJob, PageOutcome, StepJob, run_page

HELPERS = "run_helpers:observation_helpers"


def observe(index: int, name: str = "seen", **expressions: str) -> StepJob:
    return StepJob(index, mode="observe", name=name, expressions=expressions, helpers=HELPERS)


def run(*steps: StepJob, **options):
    return run_page(PageJob("page", steps, **options), warm_imports=())


def test_observations_come_back_apart_from_the_page_steps_and_their_output():
    outcome = run(
        StepJob(0, "labels = {0: 'NEG', 1: 'POS'}\nprint('step 0')", mode="exec"),
        observe(0, labels="labels", count="doubled(len(labels))", printing="print('noise') or 1", wrong="labels[7]"),
        StepJob(1, "print(len(labels))", mode="exec"),
    )
    assert [(step.index, step.status, step.output) for step in outcome.steps] == [(0, "ok", "step 0\n"), (1, "ok", "2\n")]
    assert outcome.observations == (
        Observation("seen", 0, {"labels": {"0": "NEG", "1": "POS"}, "count": 4, "printing": 1, "wrong": {"error": "KeyError: 7"}}),
    )
    assert PageOutcome.from_dict(json.loads(json.dumps(outcome.to_dict()))) == outcome


def test_an_observation_leaves_every_random_generator_and_the_namespace_as_they_were():
    draw = "import random, numpy, torch\nprint(random.random(), numpy.random.rand(), torch.rand(1).item())"
    setup = StepJob(0, "import random, numpy, torch\ntorch.manual_seed(0)\nx = 1", mode="exec")
    looking = observe(0, r="random.random()", n="numpy.random.rand()", t="torch.rand(1)", walrus="(x := 5)")
    watched = run(setup, looking, StepJob(1, draw + "\nprint(x)", mode="exec"))
    alone = run(setup, StepJob(1, draw + "\nprint(x)", mode="exec"))
    assert watched.steps[1].output == alone.steps[1].output
    assert watched.observations[0].values["t"]["shape"] == [1]


def test_an_observation_that_hangs_times_out_after_the_step_it_followed():
    outcome = run(
        StepJob(0, "import time", mode="exec"),
        observe(0, hang="time.sleep(60)"),
        StepJob(1, "print('never')", mode="exec"),
        step_timeout_s=2,
    )
    assert outcome.status == "timed-out" and outcome.at_step == 0
    assert "during the observation after step 0" in outcome.message
    assert [step.status for step in outcome.steps] == ["ok", "not-run"]
    assert outcome.observations == ()


def test_a_page_cannot_forge_an_observation():
    forged = json.dumps({"kind": "observed", "position": 1, "values": {"accuracy": 1.0}}) + "\n"
    to_every_pipe = f"import os\nfor fd in range(3, 64):\n    try:\n        os.write(fd, {forged.encode()!r})\n    except OSError:\n        pass\n"
    outcome = run(
        StepJob(0, to_every_pipe, mode="exec"),
        observe(0, accuracy="0.0"),
    )
    assert outcome.status == "crashed" and "tampered with the runner" in outcome.message
    assert outcome.observations == ()


def test_an_observation_follows_the_step_whose_index_it_bears():
    with pytest.raises(ValueError, match="does not follow"):
        PageJob("page", (StepJob(0, "x = 1"), observe(3, x="x")))
    with pytest.raises(ValueError, match="has a name"):
        StepJob(0, "x", mode="observe")
