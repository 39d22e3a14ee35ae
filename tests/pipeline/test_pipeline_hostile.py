"""Pages written to do harm, run in one `polydoctest run` with an honest page, as docs CI runs
an outside contributor's pages: the honest page passes, every hostile step is failed, crashed or
timed out and never passed, nothing is written outside the pages' scratch folders, a loopback
server hears nothing, no process of the run survives it, the stand-in homes are intact, the
caller's secrets stay out of reach and the JUnit report parses."""

from __future__ import annotations

import http.server
import json
import os
import subprocess
import sys
import threading
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import psutil
import pytest

import polydoctest
from polydoctest.fixtures.files import home_digest
from polydoctest.fixtures.home import fixtures_root

SECRET = "hf_polydoctest_test_secret_value"
BAD = ("failed", "crashed", "timed-out")

# Finds the pipe to the runner the way a page would, and writes `lines` to every descriptor.
WRITE_TO_RUNNER = """
import os
def to_runner(*lines):
    for fd in range(3, 64):
        for line in lines:
            try:
                os.write(fd, line.encode() + b"\\n")
            except OSError:
                pass
"""

# The executor's messages for this page's own later steps, all passed, and its `done`, built
# and numbered exactly as the executor builds them (the setup and step 0's start went before),
# signed with the only key page code has: one it made itself.
FORGE_SIGNED = WRITE_TO_RUNNER + """
from polydoctest.run import wire
from polydoctest.run.outcome import StepOutcome
key = wire.new_key()
lines = [wire.message_line(key, 2, 'step', position=0, outcome=StepOutcome(index=0, status='ok').to_dict(), peak_rss_mb=1.0)]
for position in (1, 2):
    lines.append(wire.message_line(key, 2 * position + 1, 'start', position=position))
    lines.append(wire.message_line(key, 2 * position + 2, 'step', position=position, outcome=StepOutcome(index=position, status='ok').to_dict(), peak_rss_mb=1.0))
lines.append(wire.message_line(key, 7, 'done', teardown_error=None))
to_runner(*(line.decode().rstrip('\\n') for line in lines))
"""


def code(*blocks: str) -> str:
    return "".join(f"```py\n{block.strip()}\n```\n\n" for block in blocks)


def hostile_pages(port: int, sentinels: dict[str, Path], private_tmp: Path, marker: str) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}/"
    step = lambda position, status: json.dumps(  # noqa: E731
        {"kind": "step", "position": position, "outcome": {"index": position, "status": status}, "peak_rss_mb": 1}
    )
    # Every step's result forged as the executor's JSON without its signature, then the page
    # ends before the executor can speak.
    forged = [step(0, "ok"), json.dumps({"kind": "start", "position": 1}), step(1, "ok"),
              json.dumps({"kind": "start", "position": 2}), step(2, "ok")]
    return {
        "honest.md": code("words = ['ok'] * 3\nassert len(words) == 3", "print(' '.join(words))"),
        "forges_its_verdict.md": code(
            WRITE_TO_RUNNER + f"to_runner(*{forged!r})\nos._exit(0)",
            "raise RuntimeError('step 1 never ran')",
            "raise RuntimeError('step 2 never ran')",
        ),
        "forges_signed_results_and_exits.md": code(
            FORGE_SIGNED + "os._exit(0)",
            "raise RuntimeError('step 1 never ran')",
            "raise RuntimeError('step 2 never ran')",
        ),
        "forges_signed_results_and_stays.md": code(
            FORGE_SIGNED + "import time\nwhile time.time() > 0:\n    time.sleep(1)",
            "raise RuntimeError('step 1 never ran')",
            "raise RuntimeError('step 2 never ran')",
        ),
        "restarts_its_clock.md": code(
            WRITE_TO_RUNNER + "import time\nfor _ in range(30):\n    to_runner('{\"kind\": \"start\", \"position\": 0}')\n    time.sleep(0.5)"
        ),
        "garbles_the_channel.md": code(WRITE_TO_RUNNER + "to_runner('not json')", "'after'"),
        "kills_its_parent.md": code("import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"),
        "kills_init.md": code("import os, signal\nos.kill(1, signal.SIGKILL)"),
        "kills_everything.md": code("import os, signal\nos.kill(-1, signal.SIGKILL)"),
        "poisons_stand_ins.md": code(
            "import pathlib, huggingface_hub.constants as c\n"
            "config = next(pathlib.Path(c.HF_HUB_CACHE).rglob('config.json'))\n"
            "with open(config, 'r+b') as file:\n    file.write(b'X')"
        ),
        "reaches_the_network.md": code(
            f"import subprocess, sys\nsubprocess.run([sys.executable, '-c', 'import urllib.request; urllib.request.urlopen({url!r}, timeout=3)'], check=True)",
            f"import os\nassert os.system('curl -sf -m 3 {url} > /dev/null') == 0",
            f"import _socket\ns = _socket.socket()\ns.settimeout(3)\ns.connect(('127.0.0.1', {port}))",
            f"from polydoctest.fixtures import guard\nguard.uninstall()\nimport urllib.request\nurllib.request.urlopen({url!r}, timeout=3)",
        ),
        # A checkout or cache under /tmp is inside the page's own /tmp overlay: a write there
        # succeeds in the page's view and never reaches the real file (the sentinel check says so).
        "writes_outside.md": code(*(f"open({str(path)!r}, 'w').write('x')" for path in sentinels.values()
                                    if not path.is_relative_to("/tmp"))),
        "writes_to_tmp.md": code(f"open({str(private_tmp)!r}, 'w').write('x')"),
        "reads_secrets.md": code(
            f"import os\nassert any({SECRET!r} in value for value in os.environ.values())",
            f"assert {SECRET!r}.encode() in open('/proc/self/environ', 'rb').read()",
            f"import glob\nassert any({SECRET!r}.encode() in open(p, 'rb').read() for p in glob.glob('/proc/[0-9]*/environ'))",
        ),
        "leaves_processes.md": code(
            "import subprocess\n"
            f"_ = subprocess.Popen(['sh', '-c', 'exec -a {marker} sleep 300'], start_new_session=True)\n"
            "raise RuntimeError('left a process behind \\x1b[31m in red \\x00 \\x07')"
        ),
    }


class Recorder(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("hostile")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    package = Path(polydoctest.__file__).parent
    sentinels = {
        "home": Path.home() / f".polydoctest-hostile-{os.getpid()}",
        "package": package / f"hostile-{os.getpid()}.py",
        "fixtures": fixtures_root() / f"hostile-{os.getpid()}",
    }
    private_tmp = folder / "written-to-tmp-by-a-page"  # /tmp is the page's own overlay: allowed
    marker = f"polydoctest-hostile-{os.getpid()}"
    before = {home: home_digest(home) for home in _homes()}
    pages = folder / "source" / "en"
    pages.mkdir(parents=True)
    for name, body in hostile_pages(server.server_address[1], sentinels, private_tmp, marker).items():
        (pages / name).write_text(f"# {name}\n\n{body}", encoding="utf-8")
    environment = {**os.environ, "HF_TOKEN": SECRET, "AWS_SECRET_ACCESS_KEY": SECRET}
    command = [str(Path(sys.executable).parent / "polydoctest"), "run", str(pages), "-j", "2", "--step-timeout", "20",
               "--json", str(folder / "run.json"), "--junit", str(folder / "run.xml")]
    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=600)
    time.sleep(0.5)
    survivors = [p for p in psutil.process_iter(["cmdline", "status"])
                 if marker in " ".join(p.info["cmdline"] or ()) and p.info["status"] != psutil.STATUS_ZOMBIE]
    server.shutdown()
    yield {
        "run": json.loads((folder / "run.json").read_text()),
        "junit": folder / "run.xml",
        "finished": finished,
        "sentinels": {**sentinels, "tmp": private_tmp},
        "homes": (before, {home: home_digest(home) for home in _homes()}),
        "survivors": survivors,
        "requests": list(Recorder.requests),
    }
    for path in sentinels.values():
        path.unlink(missing_ok=True)


def verdicts(run: dict, name: str) -> list[str]:
    [page] = [page for page in run["pages"] if page["path"].endswith("/" + name)]
    return [step["verdict"] for step in page["steps"]]


def test_the_honest_page_passes_beside_the_hostile_ones(hostile_run):
    assert verdicts(hostile_run["run"], "honest.md") == ["passed", "passed"]
    assert hostile_run["finished"].returncode == 1  # the hostile pages fail the run


@pytest.mark.parametrize("name", [
    "forges_its_verdict.md", "forges_signed_results_and_exits.md", "forges_signed_results_and_stays.md",
    "restarts_its_clock.md", "garbles_the_channel.md", "kills_its_parent.md",
    "kills_init.md", "kills_everything.md",
    "poisons_stand_ins.md", "reaches_the_network.md", "writes_outside.md", "reads_secrets.md",
])
def test_no_hostile_step_passes(hostile_run, name):
    found = verdicts(hostile_run["run"], name)
    assert found and all(verdict in BAD for verdict in found), found


def test_a_page_that_tampers_with_the_runner_is_crashed_whole(hostile_run):
    tampering = ("forges_its_verdict.md", "forges_signed_results_and_exits.md", "forges_signed_results_and_stays.md",
                 "restarts_its_clock.md", "garbles_the_channel.md")
    for name in tampering:
        [page] = [page for page in hostile_run["run"]["pages"] if page["path"].endswith("/" + name)]
        assert page["status"] == "crashed" and "tampered with the runner" in page["message"]
        assert set(verdicts(hostile_run["run"], name)) == {"crashed"}


def test_nothing_is_written_outside_the_pages_folders(hostile_run):
    assert [name for name, path in hostile_run["sentinels"].items() if path.exists()] == []


def test_the_loopback_server_hears_nothing(hostile_run):
    assert hostile_run["requests"] == []


def test_no_process_of_the_run_survives_it(hostile_run):
    assert hostile_run["survivors"] == []


def test_the_stand_in_homes_are_unchanged(hostile_run):
    before, after = hostile_run["homes"]
    kept = before.keys() & after.keys()  # another process may build or prune homes meanwhile
    assert kept and {home: after[home] for home in kept} == {home: before[home] for home in kept}


def _homes() -> list[Path]:
    """Every fixture home under the fixtures root (the catalog's and those with stand-ins)."""
    return [path.parent for path in fixtures_root().rglob("manifest.json") if not path.parent.name.startswith(".")]


def test_the_junit_report_parses_with_the_control_characters_escaped(hostile_run):
    root = ElementTree.parse(hostile_run["junit"]).getroot()
    messages = " ".join(element.get("message", "") + (element.text or "") for element in root.iter())
    assert "left a process behind" in messages and "\x1b" not in messages


def test_every_page_says_which_sandbox_it_had(hostile_run):
    isolation = {json.dumps(page["isolation"], sort_keys=True) for page in hostile_run["run"]["pages"]}
    [one] = isolation
    assert json.loads(one)["processes"] and json.loads(one)["network"] and json.loads(one)["filesystem"]
