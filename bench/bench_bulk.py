"""Many specs in one call, against one call per spec and against check-jsonschema.

    python3 bench/bench_bulk.py [--plan-specs 8] [--validate-files 1000] [--runs 3]

`--plan-specs 0` or `--validate-files 0` leaves that measurement out.

Prints numbers, asserts nothing. Three measurements:

1. `drspec plan` of N specs in one call (a process pool, Pulumi imported once
   per worker) against N separate `drspec plan SPEC` processes.
   Target: the one call takes at most 0.35x the time of the separate runs.
2. `drspec validate DIR` over M generated specs against `check-jsonschema
   --schemafile schemas/drspec-v1.schema.json` on the same files.
   Target: at most 0.3x check-jsonschema's time.
3. Memory kept per file by the validate run (tracemalloc, in one process, the
   pool off so that every file's work is traced): what is still allocated after
   M files, minus after M/4 files, per extra file. Target: flat (not growing
   with the number of files).
4. CPU time per file of the same checks in one process: the work per file,
   which the machine's load changes far less than it changes wall times.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schemas" / "drspec-v1.schema.json"
FLAT = REPO / "tests" / "data" / "flat"  # each shipped environment in one file


def make_specs(root: Path, count: int) -> list[Path]:
    """`count` complete specs: the shipped environments renamed g0000, g0001, ..."""
    sources = sorted(FLAT.glob("*.yaml"))
    files = []
    for i in range(count):
        text = sources[i % len(sources)].read_text(encoding="utf-8")
        env = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                   if line.startswith("environment:"))
        target = root / f"g{i:04d}.yaml"
        target.write_text(text.replace(f"environment: {env}", f"environment: g{i:04d}", 1),
                          encoding="utf-8")
        files.append(target)
    return files


def timed(cmd: Sequence[str], runs: int) -> float:
    """Median seconds of `cmd` over `runs` runs."""
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False, env={**os.environ, "PYTHONPATH": str(REPO)})
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def bench_plan(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="drspec-bench-") as tmp:
        specs = [str(p) for p in make_specs(Path(tmp), count)]
        drspec = [sys.executable, "-m", "drspec", "plan"]
        start = time.perf_counter()
        for _ in range(runs):
            for spec in specs:
                subprocess.run([*drspec, spec], stdout=subprocess.DEVNULL, check=True,
                               env={**os.environ, "PYTHONPATH": str(REPO)})
        separate = (time.perf_counter() - start) / runs
        together = timed([*drspec, tmp], runs)
    print(f"plan: {count} specs, {runs} runs (median / mean), {_cores()} cores")
    print(f"  {count} separate `drspec plan SPEC`   {separate:8.2f} s")
    print(f"  one `drspec plan DIR`            {together:8.2f} s   "
          f"ratio {together / separate:.2f} (target <= 0.35)")


def bench_validate(count: int, runs: int) -> None:
    with tempfile.TemporaryDirectory(prefix="drspec-bench-") as tmp:
        make_specs(Path(tmp), count)
        ours = [sys.executable, "-m", "drspec", "validate", tmp]
        cjs = shutil.which("check-jsonschema")
        print(f"validate: {count} files, {runs} runs (median; the two alternate, so a "
              "change in the machine's load weighs on both)")
        if cjs is None:
            print(f"  drspec validate DIR              {timed(ours, runs):8.2f} s")
            print("  check-jsonschema                 not installed")
        else:
            files = sorted(str(p) for p in Path(tmp).glob("*.yaml"))
            theirs = [cjs, "--schemafile", str(SCHEMA), *files]
            pairs = [(timed(ours, 1), timed(theirs, 1)) for _ in range(runs)]
            drspec = statistics.median(a for a, _ in pairs)
            base = statistics.median(b for _, b in pairs)
            ratio = statistics.median(a / b for a, b in pairs)
            print(f"  drspec validate DIR              {drspec:8.2f} s")
            print(f"  check-jsonschema                 {base:8.2f} s   "
                  f"ratio {ratio:.2f} (median of the runs' ratios; target <= 0.30)")
        print(f"  memory kept per file             {_kept_per_file(Path(tmp), count):8.0f} bytes")
        print(f"  CPU per file, one process        {_cpu_per_file(Path(tmp)) * 1000:8.2f} ms")


def _kept_per_file(root: Path, count: int) -> float:
    """Bytes still allocated per extra file after validating `count` vs `count // 4` files."""
    sys.path.insert(0, str(REPO))
    import drspec.batch as batch
    from drspec.load.discover import collect_files

    batch.MIN_FILES_FOR_POOL = 1 << 30  # in this process, so tracemalloc sees the work
    targets, _ = collect_files([str(root)])
    few = targets[: count // 4]
    batch.check_files(few[:3])  # imports and the compiled schema, before measuring

    def kept(subset: list) -> int:  # type: ignore[type-arg]
        tracemalloc.start()
        results = batch.check_files(subset)
        current, _ = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        del results
        return current

    small, large = kept(few), kept(targets)
    return (large - small) / max(1, len(targets) - len(few))


def _cpu_per_file(root: Path) -> float:
    """CPU seconds per file of checking every file in this process (after `_kept_per_file`
    has imported and compiled everything): the work itself, whatever the machine's load."""
    import drspec.batch as batch
    from drspec.load.discover import collect_files

    targets, _ = collect_files([str(root)])
    start = time.process_time()
    batch.check_files(targets)
    return (time.process_time() - start) / max(1, len(targets))


def _cores() -> int:
    counter = getattr(os, "process_cpu_count", None) or os.cpu_count
    return counter() or 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--plan-specs", type=int, default=8)
    parser.add_argument("--validate-files", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]} on {sys.platform}")
    if args.plan_specs > 0:
        bench_plan(args.plan_specs, args.runs)
    if args.validate_files > 0:
        bench_validate(args.validate_files, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
