"""Time `drspec validate` against `check-jsonschema` on the shipped specs and a large corpus.

    python3 bench/bench_validate.py [--runs 5] [--copies 300] [--wide 200]

Prints numbers, asserts nothing. Three ways of running drspec are timed:

- in-process: `drspec.pipeline.check` over every file, in one interpreter
  (the first pass is reported separately: over the shipped specs, it includes
  compiling the schema);
- subprocess: `python -m drspec validate FILES...`, as pre-commit runs it;
- check-jsonschema: `check-jsonschema --schemafile schemas/drspec-v1.schema.json FILES...`,
  which checks the JSON Schema only (no semantic checks, no positions), as a baseline.

The corpus: the shipped specs; `--copies` copies of them with distinct
environment names; and one wide spec with `--wide` tables and buckets.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SCHEMA = REPO / "schemas" / "drspec-v1.schema.json"
SHIPPED = sorted((REPO / "specs").glob("*.yaml"))


def make_corpus(root: Path, copies: int, wide: int) -> list[Path]:
    """`copies` renamed copies of the shipped specs plus one spec with `wide` tables and buckets."""
    files: list[Path] = []
    for i in range(copies):
        source = SHIPPED[i % len(SHIPPED)]
        text = source.read_text(encoding="utf-8")
        env = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                   if line.startswith("environment:"))
        target = root / f"{env}-{i:04d}.yaml"
        target.write_text(text.replace(f"environment: {env}", f"environment: g{i:04d}", 1),
                          encoding="utf-8")
        files.append(target)
    if wide:
        files.append(_wide_spec(root / "wide.yaml", wide))
    return files


def _wide_spec(path: Path, n: int) -> Path:
    base = (REPO / "specs" / "dev.yaml").read_text(encoding="utf-8")
    tables = "".join(f"  t{i:04d}:\n    partition_key: {{name: id, type: S}}\n" for i in range(n))
    buckets = "".join(f"  b{i:04d}:\n    versioning: true\n" for i in range(n))
    text = base.replace("tables:\n", "tables:\n" + tables, 1)
    text = text.replace("buckets:\n", "buckets:\n" + buckets, 1)
    path.write_text(text, encoding="utf-8")
    return path


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def run_quiet(cmd: Sequence[str]) -> int:
    return subprocess.run(cmd, cwd=REPO, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL, check=False).returncode


def report(label: str, files: int, seconds: list[float], note: str = "") -> None:
    best, median = min(seconds), statistics.median(seconds)
    per_file = median / files * 1000 if files else 0.0
    print(f"  {label:<28} best {best:8.3f} s   median {median:8.3f} s   "
          f"{per_file:7.2f} ms/file  {note}")


def bench(name: str, files: list[Path], runs: int) -> None:
    from drspec.pipeline import check

    names = [str(f) for f in files]
    print(f"\n{name}: {len(files)} files, {runs} runs")

    def in_process() -> int:
        return sum(len(check(f).diagnostics) for f in names)

    first = timed(in_process, 1)
    findings = in_process()
    report("drspec in-process (first)", len(files), first)
    report("drspec in-process (warm)", len(files), timed(in_process, runs),
           f"({findings} findings)")

    drspec_cmd = [sys.executable, "-m", "drspec", "validate", *names]
    code = run_quiet(drspec_cmd)
    report("drspec validate (process)", len(files), timed(lambda: run_quiet(drspec_cmd), runs),
           f"(exit {code})")

    cjs = shutil.which("check-jsonschema")
    if cjs is None:
        print("  check-jsonschema             not installed (pip install check-jsonschema)")
        return
    cjs_cmd = [cjs, "--schemafile", str(SCHEMA), *names]
    code = run_quiet(cjs_cmd)
    report("check-jsonschema (process)", len(files), timed(lambda: run_quiet(cjs_cmd), runs),
           f"(exit {code})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per measurement")
    parser.add_argument("--copies", type=int, default=300, help="renamed copies of the specs")
    parser.add_argument("--wide", type=int, default=200, help="tables and buckets in wide.yaml")
    args = parser.parse_args(argv)

    print(f"python {sys.version.split()[0]} on {sys.platform}; schema {SCHEMA.relative_to(REPO)}")
    bench("shipped specs", SHIPPED, args.runs)
    with tempfile.TemporaryDirectory(prefix="drspec-bench-") as tmp:
        corpus = make_corpus(Path(tmp), args.copies, args.wide)
        bench("generated corpus", corpus, args.runs)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
