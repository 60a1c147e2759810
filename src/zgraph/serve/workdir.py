"""The front's private folder (the Oxigraph database and the children's logs), which never outlives the front.

Two guards, so that neither ``kill -9`` of the front nor of everything it started leaves anything behind:

- **A janitor process.** The front starts a small stdlib-only Python process (its own session, so a Ctrl-C or
  a closed terminal does not reach it) that reads a pipe only the front holds. The front writes the pid of
  each Oxigraph child it starts into it. When the front ends in any way, even SIGKILL, the pipe reaches its
  end: the janitor kills the listed children that still run on this folder and removes the folder.
- **A lock, and a sweep at start.** The front holds an exclusive ``flock`` on ``FOLDER/lock`` while it lives
  (the kernel drops it when the process dies). Every start first removes the ``zgraph-serve-*`` folders in the
  temporary directory whose lock nobody holds: the leftovers of a front whose janitor was killed too.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

PREFIX = "zgraph-serve-"

#: The janitor: waits for the end of stdin (the front's end), then kills the children and removes the folder.
JANITOR = r"""
import os, shutil, signal, sys, time
folder = sys.argv[1]
for s in (signal.SIGINT, signal.SIGHUP, signal.SIGTERM):
    signal.signal(s, signal.SIG_IGN)
pids = [int(line) for line in sys.stdin.buffer if line.strip().isdigit()]
def ours(pid):
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return folder.encode() in f.read()
    except OSError:
        return False
for pid in pids:
    if ours(pid):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
deadline = time.monotonic() + 10
while any(ours(pid) for pid in pids) and time.monotonic() < deadline:
    time.sleep(0.02)
shutil.rmtree(folder, ignore_errors=True)
"""


def sweep(parent: Path | None = None) -> list[Path]:
    """Remove the folders of fronts that are gone (their lock is free); return them."""
    removed = []
    for folder in Path(parent or tempfile.gettempdir()).glob(f"{PREFIX}*"):
        lock = folder / "lock"
        try:
            fd = os.open(lock, os.O_RDWR)
        except OSError:
            continue  # not ours, or being created right now (the lock file comes first)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # its front is alive
        finally:
            os.close(fd)
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


class Workdir:
    """A fresh ``zgraph-serve-*`` folder in the temporary directory, locked, with its janitor running."""

    def __init__(self, parent: Path | None = None) -> None:
        sweep(parent)
        self.path = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
        self.lock = os.open(self.path / "lock", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(self.lock, fcntl.LOCK_EX)
        self.janitor: subprocess.Popen[bytes] | None = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", JANITOR, str(self.path)], stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)

    def watch(self, pid: int) -> None:
        """Tell the janitor about a child to kill if the front dies."""
        if self.janitor is not None and self.janitor.stdin is not None:
            try:
                self.janitor.stdin.write(f"{pid}\n".encode())
                self.janitor.stdin.flush()
            except OSError:
                pass

    def remove(self) -> None:
        """Remove the folder now and let the janitor go (the children must have been stopped already)."""
        shutil.rmtree(self.path, ignore_errors=True)
        if self.lock >= 0:
            os.close(self.lock)
            self.lock = -1
        if self.janitor is not None:
            if self.janitor.stdin is not None:
                self.janitor.stdin.close()
            self.janitor.wait()
            self.janitor = None
