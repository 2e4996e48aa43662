"""Worker pools whose processes end with the process that started them, however it ends."""

from __future__ import annotations

import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _end_with_parent(parent_pid: int) -> None:
    """Worker initializer: ask the kernel for SIGTERM when the parent dies (Linux), and leave at once if it
    already has (the request only covers a parent that dies after it is made)."""
    if sys.platform.startswith("linux"):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """A process pool for rendering; leave its ``with`` block on any exception and the queued work is dropped."""
    return ProcessPoolExecutor(max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),))


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """End a pool now: drop queued work and terminate running workers (on an error or an interrupt)."""
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        if process.is_alive():
            process.terminate()
