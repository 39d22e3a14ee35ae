"""What the sandbox adds to each page: the kernel work between the warm fork and the first step.

    .venv/bin/python benchmarks/sandbox.py [--pages 20] [--light]

In one process that has imported the warm libraries (as the runner's warm parent has), each
round forks a page the way the runner did before the sandbox (fork, exit, reap) and the way it
does now (a PID namespace with its init, the fork, in which the page unshares its namespaces,
mounts /proc, /tmp and /dev/shm, brings up loopback, applies Landlock and drops its
capabilities; exit, reap, end the namespace). The difference of the medians is the sandbox's
cost per page. The figure beside it
is the runner's own wall time per one-step page, sandbox included. The machine's load is
printed with the figures.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import tempfile
import time
from pathlib import Path

from polydoctest.run import DEFAULT_WARM_IMPORTS, PageJob, Runner, StepJob
from polydoctest.run import kernel, pidns, sandbox


def plain_fork() -> None:
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)


def sandboxed_fork(folder: Path) -> None:
    def page(in_namespace: bool, problem: str | None) -> None:
        view = sandbox.enter_page_namespaces([folder], in_namespace)
        sandbox.lock_down([folder], view.tmp)
        os._exit(0)

    pid, namespace = pidns.fork_into_new_namespace(page)
    os.waitpid(pid, 0)
    if namespace is not None:
        namespace.close()


def timed(action, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=20, help="rounds of each (default 20)")
    parser.add_argument("--light", action="store_true", help="skip the warm imports (a small parent)")
    args = parser.parse_args()
    warm = () if args.light else DEFAULT_WARM_IMPORTS
    for name in warm:
        module, _, attribute = name.rpartition(".")
        try:
            importlib.import_module(name)
        except ModuleNotFoundError:
            getattr(importlib.import_module(module), attribute)
    with tempfile.TemporaryDirectory() as folder:
        plain = timed(plain_fork, args.pages)
        boxed = timed(lambda: sandboxed_fork(Path(folder)), args.pages)
    with Runner(warm_imports=warm) as runner:
        runner.run([PageJob("warm-up", (StepJob(0, "x = 1"),))])
        started = time.perf_counter()
        for index in range(args.pages):
            runner.run([PageJob(f"page {index}", (StepJob(0, "x = 1"),))])
        per_page = (time.perf_counter() - started) / args.pages
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; warm imports: {', '.join(warm) or 'none'}")
    print(f"Landlock ABI {kernel.landlock_abi()}; running as uid {os.geteuid()}")
    print(f"fork, exit, reap:                       {plain * 1000:7.1f} ms (median of {args.pages})")
    print(f"the same, sandboxed:                    {boxed * 1000:7.1f} ms")
    print(f"sandbox cost per page:                  {(boxed - plain) * 1000:7.1f} ms")
    print(f"runner wall time per one-step page:     {per_page * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
