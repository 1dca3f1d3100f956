"""Progress of long loads and publishes, phase by phase: a bar on a terminal, a log line per
tenth of each phase otherwise."""

import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import click

# One phase's progress: (done, total).
Progress = Callable[[int, int], None]
# Any phase's: (phase, done, total). Phases come one after another, each from 0 to its total;
# the first call of a phase (done 0, as it starts) starts its clock.
PhasedProgress = Callable[[str, int, int], None]


class _Reporter:
    def __init__(self, terminal: bool) -> None:
        self._terminal = terminal
        self._phase: str | None = None
        self._bar: Any = None
        self._shown = 0
        self._tenth = 0
        self._started = 0.0

    def __call__(self, phase: str, done: int, total: int) -> None:
        if phase != self._phase:
            self.close()
            self._phase, self._shown, self._tenth = phase, 0, 0
            self._started = time.monotonic()
            if self._terminal:
                self._bar = click.progressbar(length=max(total, 1), label=phase, file=sys.stderr)
                self._bar.__enter__()
        if self._bar is not None:
            self._bar.update(done - self._shown)
            self._shown = done
            return
        reached = done * 10 // max(total, 1)
        if reached > self._tenth:
            self._tenth = reached
            seconds = time.monotonic() - self._started
            click.echo(f"{phase}: {done}/{total} ({seconds:.1f} s)", err=True)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None


@contextlib.contextmanager
def phased_progress() -> Iterator[PhasedProgress]:
    """Report every phase of a load and publish on stderr."""
    reporter = _Reporter(sys.stderr.isatty())
    try:
        yield reporter
    finally:
        reporter.close()


def one_phase(progress: PhasedProgress | None, phase: str) -> Progress | None:
    """The (done, total) form of one phase, for code that has only one."""
    if progress is None:
        return None
    return lambda done, total: progress(phase, done, total)
