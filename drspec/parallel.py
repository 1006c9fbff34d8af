"""Work over many specs on every core: a process pool, in order, with a progress bar.

`run_in_order` maps a function over items in worker processes (one per core,
each set up once by `initializer`, so heavy imports such as Pulumi's happen
once per worker, not once per item) and returns the results in the items'
order, whatever order they finish in. Few items run in this process: a pool
costs a process start and the imports per worker.

Workers are started with `forkserver` where the platform has it (else
`spawn`), never by forking this process: it may hold threads (Pulumi's
runtime, a test runner), which `fork` does not copy.

`Progress` draws a bar on standard error while it is a terminal, and nothing
otherwise (CI logs, pipes).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TextIO, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

#: below this many items the work runs in this process
MIN_ITEMS_FOR_POOL = 2


def cores() -> int:
    """The cores this process may use (`os.process_cpu_count` from Python 3.13 on)."""
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return max(1, counter() or 1)


def run_in_order(fn: Callable[[Item], Result], items: Sequence[Item], *,
                 initializer: Callable[[], None] | None = None,
                 progress: Progress | None = None,
                 min_items: int = MIN_ITEMS_FOR_POOL) -> list[Result]:
    """`[fn(item) for item in items]`, over a process pool when it pays."""
    workers = min(cores(), len(items))
    if workers < 2 or len(items) < min_items:
        if initializer is not None and items:
            initializer()
        return list(_tracked((fn(item) for item in items), progress))
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    chunk = max(1, len(items) // (workers * 8))
    with ProcessPoolExecutor(workers, mp_context=context, initializer=initializer) as pool:
        return list(_tracked(pool.map(fn, items, chunksize=chunk), progress))


def _tracked(results: Iterable[Result], progress: Progress | None) -> Iterable[Result]:
    for result in results:
        if progress is not None:
            progress.advance()
        yield result
    if progress is not None:
        progress.close()


class Progress:
    """`label [#######.......] 7/16` on one line of standard error, while it is a terminal."""

    WIDTH = 30

    def __init__(self, total: int, label: str, stream: TextIO | None = None) -> None:
        self.total, self.label, self.done = total, label, 0
        self.stream = stream if stream is not None else sys.stderr
        self.active = total > 1 and self.stream.isatty()
        self._draw()

    def advance(self) -> None:
        self.done += 1
        self._draw()

    def _draw(self) -> None:
        if not self.active:
            return
        filled = self.WIDTH * self.done // max(1, self.total)
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r\x1b[K")  # clear the line for what follows
            self.stream.flush()
            self.active = False
