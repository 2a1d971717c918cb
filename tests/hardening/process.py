"""Versus as its operator runs it: `python -m bot …` in a process of its own.

Output goes to a file rather than a pipe, so a long or chatty run can never block on a full
pipe, and every line stays available for the token scan and for failure messages.
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import re
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import psutil

from tests.e2e.conftest import spawn_versus

EXIT_TIMEOUT = 20.0
PR_CAPBSET_DROP, CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 24, 1, 2  # <linux/prctl.h>, capability.h
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")  # discord.py colours its log lines inside Docker


@dataclass
class BotProcess:
    """A running `python -m bot run` whose stdout and stderr go to `log_path`."""

    process: asyncio.subprocess.Process
    log_path: Path

    @property
    def rss(self) -> int:
        """Resident memory of the process, in bytes."""
        return psutil.Process(self.process.pid).memory_info().rss

    def log(self) -> str:
        """Everything the process printed so far, without colour codes."""
        return ANSI_COLOUR.sub("", self.log_path.read_text(encoding="utf-8", errors="replace"))

    async def wait(self, timeout: float = EXIT_TIMEOUT) -> int:
        """The exit code, once the process has ended by itself."""
        return await asyncio.wait_for(self.process.wait(), timeout)

    async def stop(self) -> int:
        """SIGTERM (what `docker stop` or systemd sends), then the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
        return await self.wait()

    async def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine's OOM killer strikes."""
        self.process.kill()
        await self.wait()


def _obey_file_modes() -> None:
    """In the child, before exec: give up root's right to ignore file permissions."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


async def start_bot_process(
    env: dict[str, str], log_path: Path, *, obey_file_modes: bool = False
) -> BotProcess:
    """Start `python -m bot run`. `obey_file_modes` makes a process of root respect
    read-only files and folders, as every other user must."""
    drop_override = obey_file_modes and os.geteuid() == 0
    with log_path.open("ab") as log:
        process = await spawn_versus(
            env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=log,
            preexec_fn=_obey_file_modes if drop_override else None,
        )
    return BotProcess(process, log_path)


LaunchBot = Callable[..., Awaitable[BotProcess]]
"""The `launch_bot` fixture: `start_bot_process` whose processes end with the test."""
