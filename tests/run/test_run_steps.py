"""Steps run like a notebook: one namespace per page, REPL display, faithful output capture."""

from __future__ import annotations

import logging
import warnings

import pytest

from run_helpers import page

from polydoctest.run import PageJob, StepJob, run_page


def run(*sources: str, **options):
    return run_page(page(*sources, **options), warm_imports=())


def test_steps_share_one_namespace_in_order():
    outcome = run("x = 20", "y = x + 1", "x + y")
    assert [step.status for step in outcome.steps] == ["ok", "ok", "ok"]
    assert outcome.steps[2].output == "41\n"
    assert outcome.status == "ok"


def test_doctest_mode_displays_values_like_the_interactive_interpreter():
    outcome = run("1 + 1", "None", "print('hello')", "'text'")
    assert [step.output for step in outcome.steps] == ["2\n", "", "hello\n", "'text'\n"]


def test_a_multi_statement_example_displays_each_expression_in_order():
    outcome = run("values = [3, 1, 2]\nsorted(values)\nprint(len(values))\nvalues.sort()\nvalues")
    assert outcome.steps[0].output == "[1, 2, 3]\n3\n[1, 2, 3]\n"


def test_exec_mode_shows_only_what_the_code_prints():
    outcome = run("x = 5\nx\nprint(x * 2)", mode="exec")
    assert outcome.steps[0].output == "10\n"


def test_skipped_steps_do_not_run():
    job = PageJob(
        "page",
        (
            StepJob(0, "x = 1"),
            StepJob(1, "x = 2", mode="skip", skip_reason="TensorFlow tab"),
            StepJob(2, "x"),
        ),
    )
    outcome = run_page(job, warm_imports=())
    assert [step.status for step in outcome.steps] == ["ok", "skipped", "ok"]
    assert outcome.steps[2].output == "1\n"


def test_an_exception_traceback_points_at_the_step_line():
    outcome = run("a = 1", "def divide():\n    return a / 0\n\nresult = divide()")
    step = outcome.steps[1]
    assert step.status == "error"
    assert step.error.type == "ZeroDivisionError"
    assert step.error.lineno == 2
    assert 'File "<step 1>", line 4, in <module>' in step.error.traceback
    assert 'File "<step 1>", line 2, in divide' in step.error.traceback
    assert "return a / 0" in step.error.traceback
    assert "execute.py" not in step.error.traceback


def test_a_failing_statement_stops_the_step_but_keeps_earlier_output_and_the_page_goes_on():
    outcome = run("print('before')\n{}['missing']\nprint('after')", "'next step'")
    assert outcome.steps[0].status == "error"
    assert outcome.steps[0].output == "before\n"
    assert outcome.steps[0].error.type == "KeyError"
    assert outcome.steps[1].output == "'next step'\n"


def test_a_syntax_error_runs_nothing_of_the_step():
    outcome = run("print('never')\nx = (1,\n")
    step = outcome.steps[0]
    assert (step.status, step.output, step.error.type, step.error.lineno) == (
        "error", "", "SyntaxError", 2
    )
    assert '<step 0>", line 2' in step.error.traceback


def test_classes_defined_in_steps_pickle_and_work_as_dataclasses():
    outcome = run(
        "from __future__ import annotations\nfrom dataclasses import dataclass",
        "@dataclass\nclass Point:\n    x: int",
        "import pickle\npickle.loads(pickle.dumps(Point(3)))",
        "Point.__annotations__",
    )
    assert [step.output for step in outcome.steps[2:]] == ["Point(x=3)\n", "{'x': 'int'}\n"]


def test_stdout_and_stderr_are_captured_apart_at_the_file_descriptor_level():
    outcome = run(
        "import logging, os, subprocess, sys\n"
        "print('printed')\n"
        "os.write(1, b'raw fd\\n')\n"
        "subprocess.run(['echo', 'from a subprocess'])\n"
        "logging.getLogger('library').warning('a log line')\n"
        "print('progress', file=sys.stderr)",
        mode="exec",
    )
    step = outcome.steps[0]
    assert step.status == "ok"
    assert step.output == "printed\nraw fd\nfrom a subprocess\n"
    assert step.stderr == "a log line\nprogress\n"


def test_output_is_utf8_whatever_the_locale():
    outcome = run("print('مرحبا 안녕하세요 你好')")
    assert outcome.steps[0].output == "مرحبا 안녕하세요 你好\n"


def test_input_fails_at_once_instead_of_blocking():
    outcome = run("input('token: ')")
    assert outcome.steps[0].error.type == "EOFError"


def test_sys_exit_in_a_step_is_an_error_of_that_step():
    outcome = run("import sys\nsys.exit(2)", "'still running'")
    assert outcome.steps[0].error.type == "SystemExit"
    assert outcome.steps[1].output == "'still running'\n"


def test_library_log_handlers_made_before_the_fork_write_to_the_page_stderr():
    # A library configures its handler at import, in the warm parent, on the parent's stream.
    logger = logging.getLogger("polydoctest-test-library")
    handler = logging.StreamHandler()
    logger.addHandler(handler)
    logger.propagate = False
    try:
        outcome = run(
            "import logging\nlogging.getLogger('polydoctest-test-library').warning('from the library')"
        )
    finally:
        logger.removeHandler(handler)
    assert outcome.steps[0].stderr == "from the library\n"


def test_pages_start_without_the_callers_warning_filters_and_command_line():
    with warnings.catch_warnings(record=True):
        warnings.simplefilter("error")  # as under pytest's `filterwarnings = error`
        outcome = run(
            "import sys, warnings\nwarnings.warn('careful', FutureWarning)\nsys.argv"
        )
    step = outcome.steps[0]
    assert (step.status, step.output) == ("ok", "['']\n")
    assert "FutureWarning: careful" in step.stderr


def test_the_files_a_job_gives_are_in_the_working_directory_and_import_from_it():
    files = {"shapes/__init__.py": "", "shapes/square.py": "def area(side):\n    return side * side\n"}
    outcome = run("from shapes.square import area", "area(3)", "open('shapes/square.py').readline()", files=files)
    assert [step.output for step in outcome.steps] == ["", "9\n", "'def area(side):\\n'\n"]


def test_a_file_outside_the_working_directory_is_refused():
    with pytest.raises(ValueError, match="not inside the working directory"):
        page("1", files={"../escape.py": ""})
