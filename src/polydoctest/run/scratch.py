"""The directories of one page run, made by the parent before the fork and removed after it.

The scratch directory holds what must outlive a dead page process (its captured output and
faulthandler dump) and its TMPDIR. The working directory is separate so that it can be kept;
it starts with the files the job gives.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from polydoctest.run.job import PageJob


@dataclass(frozen=True)
class PageDirs:
    scratch: Path
    workdir: Path
    remove_workdir: bool

    @classmethod
    def create(cls, job: PageJob) -> PageDirs:
        scratch = Path(tempfile.mkdtemp(prefix="polydoctest-page-"))
        (scratch / "tmp").mkdir()
        if job.workdir is None:
            workdir = Path(tempfile.mkdtemp(prefix="polydoctest-work-"))
        else:
            workdir = Path(job.workdir)
            workdir.mkdir(parents=True, exist_ok=True)
        for path, text in job.files.items():
            (workdir / path).parent.mkdir(parents=True, exist_ok=True)
            (workdir / path).write_text(text, encoding="utf-8")
        return cls(scratch, workdir, remove_workdir=job.workdir is None and not job.keep_workdir)

    @property
    def tmp(self) -> Path:
        return self.scratch / "tmp"

    @property
    def home(self) -> Path:
        """The page's HOME: what a library writes under `~` stays in the scratch directory."""
        return self.scratch / "home"

    @property
    def dump_file(self) -> Path:
        return self.scratch / "faulthandler.txt"

    @property
    def kept_workdir(self) -> str | None:
        return None if self.remove_workdir else str(self.workdir)

    def remove(self) -> None:
        shutil.rmtree(self.scratch, ignore_errors=True)
        if self.remove_workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
