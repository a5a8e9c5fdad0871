"""The driver's worker processes: results in the order given, a worker's exception raised in the
caller, a worker that dies reported instead of waited for, and no process left behind."""

from __future__ import annotations

import multiprocessing as mp
import os

import pytest

from extractor.workers import Workers

CTX = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else mp.get_context()


def square_or_fail(x: int) -> int:
    if x < 0:
        raise ValueError(f"negative: {x}")
    if x == 999:
        os._exit(3)  # a worker that dies mid-job
    return x * x


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle")


def raise_unpicklable(x: int) -> int:
    raise Unpicklable("boom")


def test_results_come_back_per_worker_in_order() -> None:
    pool = Workers(CTX, 2, square_or_fail)
    try:
        for i in range(10):
            pool.submit(i % 2, (i,))
        assert [pool.result(i % 2) for i in range(10)] == [i * i for i in range(10)]
    finally:
        pool.close()
    assert all(p.exitcode == 0 for p in pool._procs)


def test_a_workers_exception_is_raised_in_the_caller() -> None:
    pool = Workers(CTX, 1, square_or_fail)
    try:
        pool.submit(0, (-2,))
        pool.submit(0, (3,))
        with pytest.raises(ValueError, match="negative: -2"):
            pool.result(0)
        assert pool.result(0) == 9  # the worker goes on with its next job
        pool.submit(0, (1,))
    finally:
        pool.close(wait=False)
    pool2 = Workers(CTX, 1, raise_unpicklable)
    try:
        pool2.submit(0, (1,))
        with pytest.raises(RuntimeError, match="boom"):
            pool2.result(0)
    finally:
        pool2.close()


def test_a_worker_that_dies_is_reported() -> None:
    pool = Workers(CTX, 2, square_or_fail)
    try:
        pool.submit(0, (999,))
        with pytest.raises(RuntimeError, match="exit code 3"):
            pool.result(0)
        pool.submit(1, (4,))
        assert pool.result(1) == 16
    finally:
        pool.close(wait=False)
    assert not any(p.is_alive() for p in pool._procs)


_LOADED: list[int] = []


def load_once() -> None:
    _LOADED.append(os.getpid())


def loaded_where(x: int) -> tuple[int, list[int]]:
    """The worker's process and where what it shares was loaded."""
    if x == 999:
        os._exit(3)
    return os.getpid(), list(_LOADED)


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_shared_is_loaded_once_by_the_first_worker_and_the_others_fork_from_it() -> None:
    pool = Workers(CTX, 3, loaded_where, shared=load_once)
    try:
        for i in range(6):
            pool.submit(i % 3, (i,))
        answers = [pool.result(i % 3) for i in range(6)]
    finally:
        pool.close()
    pids = [pid for pid, _ in answers[:3]]
    assert len(set(pids)) == 3 and os.getpid() not in pids and not _LOADED  # never loaded in this process
    assert all(loaded == [pids[0]] for _, loaded in answers)  # once, in the first worker, before it forked
    assert pool._procs[0].exitcode == 0 and all(_gone(pid) for pid in pids)


def test_a_shared_worker_that_dies_is_reported_and_ending_them_ends_all() -> None:
    pool = Workers(CTX, 2, loaded_where, shared=load_once)
    try:
        pool.submit(0, (1,))
        pool.submit(1, (2,))
        pids = [pool.result(0)[0], pool.result(1)[0]]
        pool.submit(1, (999,))
        with pytest.raises(RuntimeError, match="ended before returning its work"):
            pool.result(1)
        pool.submit(0, (3,))
        assert pool.result(0)[0] == pids[0]
        pool.submit(0, (4,))  # still at work when the pool is ended
    finally:
        pool.close(wait=False)
    assert all(_gone(pid) for pid in pids)
