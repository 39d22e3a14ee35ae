"""The warm parent's process: `python -m polydoctest.run.server`, driven by `remote.Runner`.

Protocol, one JSON object per line: the first line in is {workers, warm_imports, sys_path},
answered by {warm: report}; each further line {jobs: [...]} is answered by {event: ...} lines
and then {outcomes: [...]}. End of input ends the process at once. Standard output carries only the
protocol: anything else written to it (a library's print at import) goes to standard error.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict

from polydoctest.run.job import PageJob
from polydoctest.run.pidns import enter_runner_namespaces
from polydoctest.run.pool import ForkingRunner
from polydoctest.run.remote import event_to_dict


def main() -> None:
    enter_runner_namespaces()  # before any import starts a thread
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)

    def send(message: dict) -> None:
        protocol.write(json.dumps(message) + "\n")
        protocol.flush()

    header = json.loads(sys.stdin.readline())
    sys.path[:] = header["sys_path"]
    with ForkingRunner(workers=header["workers"], warm_imports=header["warm_imports"]) as runner:
        send({"warm": asdict(runner.warm_report)})
        for line in sys.stdin:
            jobs = [PageJob.from_dict(job) for job in json.loads(line)["jobs"]]
            outcomes = runner.run(jobs, on_event=lambda event: send({"event": event_to_dict(event)}))
            send({"outcomes": [outcome.to_dict() for outcome in outcomes]})
    # Nothing is left to clean up, and the interpreter's teardown of the imported libraries
    # takes seconds that the caller would spend waiting in `Runner.close`.
    protocol.close()
    os._exit(0)


if __name__ == "__main__":
    main()
