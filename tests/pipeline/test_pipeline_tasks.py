"""`pipeline(model=...)` without a task: transformers asks the Hub for the repo's task, and the
in-process Hub answers with the task of the architecture the repo's config names, offline."""

from __future__ import annotations

import pytest

from polydoctest.pipeline import RunReport
from polydoctest.run import Runner

from pipeline_pages import fence, run_pages, write_page

PAGE = fence(
    ">>> from transformers import pipeline",
    '>>> unmasker = pipeline(model="google-bert/bert-base-uncased")',
    ">>> unmasker.task",
    "'fill-mask'",
    '>>> pipeline(model="someone/no-such-repo")',
)


@pytest.fixture(scope="module")
def report(runner: Runner, tmp_path_factory: pytest.TempPathFactory) -> RunReport:
    folder = tmp_path_factory.mktemp("tasks")
    return run_pages(runner, write_page(folder, "task.md", "# Page\n\n" + PAGE))


def test_a_pipeline_without_a_task_gets_the_task_of_its_repos_architecture(report):
    load, made, task, _ = report.pages[0].results
    assert (load.verdict, made.verdict, task.verdict) == ("passed", "passed", "passed")


def test_a_repo_without_a_stand_in_is_still_unsupported_rather_than_failed(report):
    unknown = report.pages[0].results[-1]
    assert unknown.verdict == "unsupported" and "someone/no-such-repo" in unknown.reason
