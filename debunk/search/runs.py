"""Pagefind processes in the background: one run, or one shard's run after another."""

from __future__ import annotations

import subprocess
import tempfile
import threading
from pathlib import Path


class Run:
    """Pagefind running in the background, its messages kept in a file (a pipe
    nobody reads while it runs could fill and stop it)."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.messages = tempfile.TemporaryFile()  # noqa: SIM115 - closed by `wait`
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=self.messages,
            stderr=subprocess.STDOUT,
        )

    def wait(self) -> None:
        try:
            code = self.process.wait()
            self.messages.seek(0)
            said = self.messages.read().decode("utf-8", errors="replace").strip()
        finally:
            self.messages.close()
        if code != 0:
            raise RuntimeError(f"pagefind failed ({code}): {said}")

    def stop(self) -> None:
        self.process.kill()
        self.process.wait()
        self.messages.close()


class Runs:
    """Pagefind over each shard in turn, in a thread: the memory of one shard's run at a time."""

    def __init__(self, jobs: list[list[str]], cwd: Path) -> None:
        self.jobs, self.cwd = jobs, cwd
        self.error: BaseException | None = None
        self.current: Run | None = None
        self.stopped = False
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._work, name="pagefind", daemon=True)
        self.thread.start()

    def _work(self) -> None:
        try:
            for command in self.jobs:
                with self.lock:
                    if self.stopped:
                        return
                    self.current = run = Run(command, self.cwd)
                run.wait()
        except BaseException as exc:  # raised again by `wait`, in the build's thread
            self.error = exc

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error

    def stop(self) -> None:
        with self.lock:
            self.stopped = True
            if self.current is not None:
                self.current.stop()
        self.thread.join()
