"""Bounds on the work one paper may cost, and what was given up when one was reached.

Every stage is linear in the text's length (sentences are cut at ``textnorm.MAX_SENTENCE``),
so these bounds are the last line of defence: a paper that still costs too much yields what was
found before the bound, and a note says so; the run goes on with the next paper.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from time import perf_counter, thread_time

PAPER_SECONDS = 0.5  # CPU time one paper may take (its thread's: waiting is not charged); a normal abstract takes about a millisecond
PAPER_CLAIMS = 256  # claims one paper may yield; the most any of 125,000 real abstracts holds is 39
# In worker processes a timer interrupts a paper that overruns its budget this many times over,
# even inside one long call the budget's own checks cannot see into.
WATCHDOG_FACTOR = 10


class PaperTimeout(Exception):
    """Raised in a worker by the watchdog timer: the paper took far longer than its budget."""


@dataclass(slots=True)
class Note:
    """Something extraction gave up or changed on one paper (becomes an ``ExtractionIssue``)."""

    code: str
    message: str


@dataclass(slots=True)
class Budget:
    """The work left for one paper, and the notes on what was given up."""

    seconds: float | None = PAPER_SECONDS
    claims: int = PAPER_CLAIMS
    notes: list[Note] = field(default_factory=list)
    _wall_deadline: float = 0.0
    _cpu_deadline: float = 0.0
    _spent: bool = False

    def start(self) -> "Budget":
        limit = self.seconds if self.seconds is not None else float("inf")
        self._wall_deadline = perf_counter() + limit
        self._cpu_deadline = thread_time() + limit
        return self

    def out_of_time(self) -> bool:
        """Whether the thread's CPU time is up; the first time it is, a note records where it ran
        out. A thread's CPU time never runs ahead of the wall clock, so the CPU clock (a system
        call, checked many times a paper) is read only once the cheap wall clock has run out."""
        if self._spent:
            return True
        if perf_counter() > self._wall_deadline and thread_time() > self._cpu_deadline:
            self._spent = True
            self.notes.append(Note("time-budget", f"extraction stopped after {self.seconds:g} s; claims found until then are kept"))
        return self._spent

    def note(self, code: str, message: str) -> None:
        self.notes.append(Note(code, message))


class Watchdog:
    """In a worker process, a real-time timer that interrupts a paper overrunning its budget
    ``WATCHDOG_FACTOR`` times over, even inside one long call. Only workers install it (a pool
    initializer): a library caller's process keeps its own signals."""

    seconds: float = PAPER_SECONDS * WATCHDOG_FACTOR
    installed: bool = False

    @classmethod
    def install(cls) -> None:
        import signal

        def _overrun(signum, frame):
            raise PaperTimeout(f"interrupted after {cls.seconds:g} s")

        signal.signal(signal.SIGALRM, _overrun)
        cls.installed = True

    @classmethod
    def arm(cls) -> None:
        if cls.installed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, cls.seconds)

    @classmethod
    def disarm(cls) -> None:
        if cls.installed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0.0)
