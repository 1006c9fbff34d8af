"""Drive `pulumi preview|up|destroy` for several stacks side by side.

Each stack runs in its own thread (the Automation API runs the Pulumi CLI as
a subprocess, so the threads only wait); its output is streamed line by line,
prefixed with the stack's name, and a summary follows once all are done.
Needs the Pulumi CLI on PATH; `pulumi_missing` says what to install.
"""

from __future__ import annotations

import shutil
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TextIO

from drspec.deploy.stacks import StackTarget

ACTIONS = ("preview", "up", "destroy")


def pulumi_missing() -> str | None:
    """Why stacks cannot run here, or None."""
    if shutil.which("pulumi") is None:
        return ("the Pulumi CLI is not installed (it is not a Python package): see "
                "https://www.pulumi.com/docs/iac/download-install/ (for example "
                "`curl -fsSL https://get.pulumi.com | sh`), then run this again")
    try:
        import pulumi.automation  # noqa: F401
    except ImportError:
        return "drspec's Pulumi extra is not installed: pip install 'drspec[pulumi]'"
    return None


@dataclass(frozen=True)
class Outcome:
    stack: str
    spec: str
    ok: bool
    seconds: float
    detail: str


class PrefixedWriter:
    """Lines of one stack's output, each prefixed with `[stack]`, whole lines at a time."""

    def __init__(self, stack: str, out: TextIO, lock: threading.Lock) -> None:
        self.prefix, self.out, self.lock = f"[{stack}] ", out, lock

    def __call__(self, text: str) -> None:
        with self.lock:
            for line in text.rstrip("\n").splitlines():
                self.out.write(self.prefix + line + "\n")
            self.out.flush()


def run_all(action: str, targets: Sequence[StackTarget], out: TextIO = sys.stdout,
            runner: Callable[[str, StackTarget, PrefixedWriter], str] | None = None,
            ) -> list[Outcome]:
    """Run `action` on every stack side by side; the outcomes in the targets' order."""
    lock = threading.Lock()
    run_one = runner or run_stack

    def one(target: StackTarget) -> Outcome:
        writer = PrefixedWriter(target.stack, out, lock)
        start = time.perf_counter()
        try:
            detail = run_one(action, target, writer)
        except Exception as exc:  # a failed stack is reported; the others go on
            writer(f"error: {_first_line(exc)}")
            return Outcome(target.stack, target.spec, False, time.perf_counter() - start,
                           f"failed: {_first_line(exc)}")
        return Outcome(target.stack, target.spec, True, time.perf_counter() - start, detail)

    with ThreadPoolExecutor(max_workers=max(1, len(targets))) as pool:
        return list(pool.map(one, targets))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[-1] if text else type(exc).__name__


def run_stack(action: str, target: StackTarget, writer: PrefixedWriter) -> str:
    """One stack: select or create it, set its config, run the action."""
    from pulumi import automation as auto

    stack = auto.create_or_select_stack(stack_name=target.stack, work_dir=str(target.work_dir))
    stack.set_all_config({key: auto.ConfigValue(value) for key, value in target.config.items()})
    if action == "preview":
        preview = stack.preview(on_output=writer, color="never")
        return _changes(preview.change_summary)
    if action == "up":
        up = stack.up(on_output=writer, color="never")
        return _changes(up.summary.resource_changes or {})
    destroy = stack.destroy(on_output=writer, color="never")
    return _changes(destroy.summary.resource_changes or {})


def _changes(summary: Any) -> str:
    counts = {str(getattr(k, "value", k)): int(v) for k, v in dict(summary).items() if v}
    return ", ".join(f"{n} {op}" for op, n in sorted(counts.items())) or "no changes"


def render_summary(action: str, outcomes: Sequence[Outcome]) -> str:
    rows = [("stack", "spec", "result", "time"),
            *((o.stack, o.spec, o.detail, f"{o.seconds:.0f}s")
              for o in outcomes)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip()
             for r in rows]
    failed = sum(not o.ok for o in outcomes)
    tail = f"{len(outcomes) - failed} of {len(outcomes)} stacks: {action} succeeded"
    return "\n".join(["", *lines, tail]) + "\n"
