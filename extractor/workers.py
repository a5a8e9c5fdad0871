"""Worker processes fed over pipes, for the extraction driver: jobs go out to a chosen worker and
the results come back from it in the order it was given them.

Each worker has a pipe for jobs and one for results. A thread of the caller's process writes each
worker's jobs (a worker may be busy writing a result while a job waits for it: writing both from
one thread could leave each side waiting on the other, and one thread for all workers would keep
the others waiting while one is busy), and the caller's own thread reads the results; nothing polls. (``multiprocessing.Pool`` keeps a thread that wakes whenever a result is waiting to
be read, and it wakes again and again until it is: on large results that spinning cost a tenth of
the main process's time.)
"""

from __future__ import annotations

import queue
import threading
import traceback
from collections.abc import Callable
from typing import Any


def _serve(jobs, results, work: Callable[..., Any], initializer: Callable[[], None] | None) -> None:
    """A worker's life: run ``work(*job)`` for each job until told to stop (None) or the pipe closes."""
    if initializer is not None:
        initializer()
    while True:
        try:
            job = jobs.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            out = (True, work(*job))
        except BaseException as exc:  # noqa: BLE001 - handed to the caller, who raises it
            out = (False, exc)
        try:
            results.send(out)
        except Exception:  # noqa: BLE001 - what cannot be pickled goes back as text
            text = "".join(traceback.format_exception(out[1])) if not out[0] else "a result that cannot be sent back"
            results.send((False, RuntimeError(text)))


class Workers:
    """``n`` worker processes, each running ``work`` on the jobs it is sent (``initializer`` first)."""

    def __init__(self, ctx, n: int, work: Callable[..., Any], initializer: Callable[[], None] | None = None) -> None:
        self._procs, self._jobs, self._results = [], [], []
        for _ in range(n):
            job_r, job_w = ctx.Pipe(duplex=False)
            res_r, res_w = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_serve, args=(job_r, res_w, work, initializer), daemon=True)
            proc.start()
            job_r.close()
            res_w.close()
            self._procs.append(proc)
            self._jobs.append(job_w)
            self._results.append(res_r)
        # One sender a worker: a sender waits while its worker is busy, and must not hold up the others.
        self._outboxes: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in range(n)]
        self._senders = [threading.Thread(target=self._send_all, args=(conn, box), name="lbx-job-sender",
                                          daemon=True) for conn, box in zip(self._jobs, self._outboxes)]
        for sender in self._senders:
            sender.start()

    def __len__(self) -> int:
        return len(self._procs)

    @staticmethod
    def _send_all(conn, outbox: queue.SimpleQueue) -> None:
        while True:
            job = outbox.get()
            try:
                conn.send(job)
            except OSError:  # the worker is gone: reading its result says so
                return
            if job is None:
                return

    def submit(self, worker: int, job: tuple) -> None:
        """Give ``job`` (the arguments of ``work``) to worker number ``worker``."""
        self._outboxes[worker].put(job)

    def result(self, worker: int) -> Any:
        """The result of the oldest job of ``worker`` not yet collected (its exception is raised)."""
        try:
            ok, value = self._results[worker].recv()
        except (EOFError, OSError):
            proc = self._procs[worker]
            proc.join(1)
            raise RuntimeError(f"worker process {proc.pid} ended (exit code {proc.exitcode}) before "
                               "returning its work") from None
        if not ok:
            raise value
        return value

    def close(self, wait: bool = True) -> None:
        """Stop the workers: let them finish (``wait``) or end them now."""
        for box in self._outboxes:
            box.put(None)  # the worker's last job: stop
        if wait:
            for sender in self._senders:
                sender.join()
            for proc in self._procs:
                proc.join()
        else:
            for proc in self._procs:
                proc.terminate()
            for proc in self._procs:
                proc.join()
        for conn in (*self._jobs, *self._results):
            conn.close()
