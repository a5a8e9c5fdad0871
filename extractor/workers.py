"""Worker processes fed over pipes, for the extraction driver: jobs go out to a chosen worker and
the results come back from it in the order it was given them.

Each worker has a pipe for jobs and one for results. A thread of the caller's process writes each
worker's jobs (a worker may be busy writing a result while a job waits for it: writing both from
one thread could leave each side waiting on the other, and one thread for all workers would keep
the others waiting while one is busy), and the caller's own thread reads the results; nothing polls. (``multiprocessing.Pool`` keeps a thread that wakes whenever a result is waiting to
be read, and it wakes again and again until it is: on large results that spinning cost a tenth of
the main process's time.)

Workers may share what one loads (``shared``): the first loads it and forks the others from itself,
so it is loaded once, and the caller's process, which an ingest goes on to write the store with,
holds none of it.
"""

from __future__ import annotations

import os
import queue
import signal
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


def _serve_shared(ends: list, callers: list, work: Callable[..., Any], initializer: Callable[[], None] | None,
                  shared: Callable[[], None]) -> None:
    """The first worker's life when the workers share what ``shared()`` loads: it runs it, forks the
    other workers from itself (each keeps only its own ends of the pipes, ``ends[i]``; the caller's,
    ``callers``, are closed first), serves its own jobs, and waits for them; ended early
    (terminate), it ends them too."""
    for pair in callers:
        for conn in pair:
            conn.close()
    shared()
    children: list[int] = []
    for i in range(1, len(ends)):
        pid = os.fork()
        if pid == 0:  # worker i
            code = 1
            try:
                for j, (job_r, res_w) in enumerate(ends):
                    if j != i:
                        job_r.close()
                        res_w.close()
                _serve(*ends[i], work, initializer)
                code = 0
            finally:
                os._exit(code)
        children.append(pid)
        for conn in ends[i]:
            conn.close()

    def end_all(signum: int, frame: object) -> None:
        for pid in children:
            os.kill(pid, signal.SIGTERM)
        for pid in children:
            os.waitpid(pid, 0)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, end_all)
    try:
        _serve(*ends[0], work, initializer)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        for pid in children:
            os.waitpid(pid, 0)


class Workers:
    """``n`` worker processes, each running ``work`` on the jobs it is sent (``initializer`` first).

    With ``shared``, the first worker runs ``shared()`` and then forks the others from itself: what
    it loads (an ingest's rules) is loaded once for all of them, and never in the caller's process."""

    def __init__(self, ctx, n: int, work: Callable[..., Any], initializer: Callable[[], None] | None = None,
                 shared: Callable[[], None] | None = None) -> None:
        self._procs, self._jobs, self._results = [], [], []
        ends = []
        for _ in range(n):
            job_r, job_w = ctx.Pipe(duplex=False)
            res_r, res_w = ctx.Pipe(duplex=False)
            ends.append((job_r, res_w))
            self._jobs.append(job_w)
            self._results.append(res_r)
            if shared is None:
                self._start(ctx, _serve, (job_r, res_w, work, initializer), ends[-1:])
        if shared is not None:
            callers = list(zip(self._jobs, self._results))
            self._start(ctx, _serve_shared, (ends, callers, work, initializer, shared), ends)
        self._n = n
        # One sender a worker: a sender waits while its worker is busy, and must not hold up the others.
        self._outboxes: list[queue.SimpleQueue] = [queue.SimpleQueue() for _ in range(n)]
        self._senders = [threading.Thread(target=self._send_all, args=(conn, box), name="lbx-job-sender",
                                          daemon=True) for conn, box in zip(self._jobs, self._outboxes)]
        for sender in self._senders:
            sender.start()

    def _start(self, ctx, target: Callable[..., None], args: tuple, ends: list) -> None:
        """Start a worker process, then close this process's copies of the pipe ends it was given."""
        proc = ctx.Process(target=target, args=args, daemon=True)
        proc.start()
        for pair in ends:
            for conn in pair:
                conn.close()
        self._procs.append(proc)

    def __len__(self) -> int:
        return self._n

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
            if worker >= len(self._procs):  # forked by the first worker: not this process's child
                raise RuntimeError(f"worker process {worker} ended before returning its work") from None
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
