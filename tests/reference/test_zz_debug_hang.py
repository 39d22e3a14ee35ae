import pytest
pytestmark = pytest.mark.xdist_group("seeds")

def test_dump(seed_report):
    import os
    with open("/tmp/ref/hang.txt", "w") as out:
        out.write(f"pid {os.getpid()} env OMP={os.environ.get('OMP_NUM_THREADS')}\n")
        for run in (*seed_report.pages,):
            for s in run.outcome.steps:
                if s.status not in ("ok", "skipped"):
                    out.write(f"{run.loaded.path} {s.index} {s.status}\n{s.error and s.error.traceback}\n")
            out.write(f"{run.loaded.path} {run.outcome.message}\n")
        for ref in seed_report.references:
            for s in ref.outcome.steps:
                if s.status not in ("ok", "skipped"):
                    out.write(f"REF {ref.guide.id} {s.index} {s.status}\n{s.error and s.error.traceback}\n")
