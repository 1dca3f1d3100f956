"""Progress of long publishes: a bar on a terminal, a log line per tenth otherwise."""

import contextlib
import sys
from collections.abc import Callable, Iterator

import click

Progress = Callable[[int, int], None]


@contextlib.contextmanager
def publish_progress(total: int) -> Iterator[Progress]:
    if sys.stderr.isatty():
        with click.progressbar(length=total, label="publishing", file=sys.stderr) as bar:
            shown = 0

            def advance(done: int, _: int) -> None:
                nonlocal shown
                bar.update(done - shown)
                shown = done

            yield advance
        return
    tenth = 0

    def log_line(done: int, all_items: int) -> None:
        nonlocal tenth
        reached = done * 10 // max(all_items, 1)
        if reached > tenth:
            tenth = reached
            click.echo(f"publishing: {done}/{all_items} items", err=True)

    yield log_line
