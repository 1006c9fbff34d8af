"""A larger fuzz campaign than CI runs: `PYTHONPATH=. python3 tests/fuzz_campaign.py`.

Mutates the seed specs (`tests/fuzz_support.py`) with a seeded `random.Random`,
validates every mutant, plans, assesses and renders every `--plan-every`-th
valid one, and prints the counts and one line per distinct crash. The first
mutant of each crash is written to `--out` (default: a temporary directory);
copy the ones you fix into `tests/fuzz_corpus/` so the suite replays them.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from fuzz_oracle import dump, run_spec
from fuzz_support import load_seeds, mutate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mutants", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--steps", type=int, default=3, help="mutations per mutant (1..N)")
    parser.add_argument("--plan-every", type=int, default=4,
                        help="plan every N-th valid mutant (1: all)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args(argv)
    out = args.out or Path(tempfile.mkdtemp(prefix="drspec-fuzz-"))
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(args.seed)
    seeds = load_seeds()
    counts: Counter[str] = Counter()
    crashes: dict[str, int] = {}
    started = time.perf_counter()
    valid_seen = 0
    for n in range(args.mutants):
        seed = rng.choice(seeds)
        data, done = mutate(seed, rng, seeds, rng.randint(1, args.steps))
        text = dump(data, [f"from {seed.name}: {'; '.join(done)}"])
        outcome = run_spec(text, seed.sources, plan=False)
        if outcome.valid and outcome.crash is None:
            valid_seen += 1
            if valid_seen % args.plan_every == 0:
                outcome = run_spec(text, seed.sources)
        counts["valid" if outcome.valid else "rejected"] += 1
        counts["planned"] += outcome.planned
        if outcome.crash is not None:
            counts["crashed"] += 1
            first = outcome.crash not in crashes
            crashes[outcome.crash] = crashes.get(outcome.crash, 0) + 1
            if first:
                (out / f"crash-{len(crashes):03d}.yaml").write_text(
                    dump(data, [f"crash: {outcome.crash}", f"from {seed.name}: "
                                f"{'; '.join(done)}"]), encoding="utf-8")
                (out / f"crash-{len(crashes):03d}.txt").write_text(outcome.detail,
                                                                   encoding="utf-8")
        if (n + 1) % 250 == 0:
            print(f"{n + 1} mutants, {dict(counts)}, {time.perf_counter() - started:.0f} s",
                  file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"mutants: {args.mutants}  valid: {counts['valid']}  rejected: {counts['rejected']}"
          f"  planned: {counts['planned']}  crashed: {counts['crashed']}"
          f"  distinct crashes: {len(crashes)}  ({elapsed:.0f} s)")
    for signature, times in sorted(crashes.items(), key=lambda kv: -kv[1]):
        print(f"  {times:5d}  {signature}")
    print(f"first mutant of each crash: {out}")
    return 1 if crashes else 0


if __name__ == "__main__":
    raise SystemExit(main())
