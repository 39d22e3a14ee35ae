"""Suite-wide test settings and the shared run of the bundled guides.

Hypothesis runs derandomised with no per-example deadline: CI shares two cores with model
training, and a property test must fail because of its property, not because of the clock.

The five bundled guides run once per session, verified against their reference guides, in a
warm runner; tests that read this run are in the `seeds` xdist group so one worker does it.
"""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "polydoctest",
    derandomize=True,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("polydoctest")

DOCS = Path(__file__).resolve().parent / "docs"


@pytest.fixture(scope="session")
def runner():
    from polydoctest.run import Runner

    with Runner(workers=2) as warm:
        yield warm


@pytest.fixture(scope="session")
def seed_report(runner):
    from polydoctest.load import find_pages, load_page
    from polydoctest.pipeline import run_loaded

    pages = [load_page(path) for path in find_pages([DOCS])]
    return run_loaded(pages, runner=runner, reference=True)
