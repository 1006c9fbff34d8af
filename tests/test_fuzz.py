"""Fuzzing the gate: a spec `validate` accepts must plan, assess and render a runbook.

Structure-aware mutants of the seed specs (`fuzz_support`) under a fixed,
derandomised budget: many mutants are only validated (a rejection must be
located findings, never E000), fewer are also planned. Every mutant that ever
crashed is kept in `tests/fuzz_corpus/` and replayed here. Larger campaigns:
`tests/fuzz_campaign.py`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import fuzz_oracle
import pytest
from fuzz_oracle import dump, judge, run_spec
from fuzz_support import CORPUS, MUTATIONS, REPO, Seed, load_seeds, mutate
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SEEDS = load_seeds()


class Draws:
    """Hypothesis data as a chooser, so that failing mutants shrink."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def choice(self, options: Any) -> Any:
        return self.data.draw(st.sampled_from(list(options)))


def _mutant(data: st.DataObject, steps: int) -> tuple[Seed, str]:
    pick = Draws(data)
    seed = pick.choice(SEEDS)
    mutated, done = mutate(seed, pick, SEEDS, data.draw(st.integers(1, steps)))
    return seed, dump(mutated, [f"from {seed.name}: {'; '.join(done)}"])


def test_every_kind_of_seed_and_mutation_is_there() -> None:
    names = {s.name for s in SEEDS}
    assert {"specs/dev.yaml", "specs/staging.yaml", "specs/prod.yaml"} <= names
    assert "tests/specs/valid/function-source/spec.yaml" in names
    assert len(MUTATIONS) >= 8


@settings(max_examples=250, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.data())
def test_a_mutant_is_accepted_or_rejected_with_located_findings(data: st.DataObject) -> None:
    seed, text = _mutant(data, steps=3)
    outcome = run_spec(text, seed.sources, plan=False)
    assert outcome.crash is None, f"{outcome.crash}\n{outcome.detail}\n{text}"


@settings(max_examples=8, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.filter_too_much])
@given(st.data())
def test_a_mutant_validate_accepts_plans_assesses_and_renders(data: st.DataObject) -> None:
    seed, text = _mutant(data, steps=1)
    checked = run_spec(text, seed.sources, plan=False)
    assert checked.crash is None, f"{checked.crash}\n{checked.detail}\n{text}"
    if not checked.valid:
        return  # plans only what validate accepts; rejections are the property above
    outcome = run_spec(text, seed.sources)
    assert outcome.crash is None, f"{outcome.crash}\n{outcome.detail}\n{text}"
    assert outcome.planned


def corpus() -> list[Path]:
    return sorted(CORPUS.glob("*.yaml"))


def test_the_corpus_is_kept() -> None:
    assert len(corpus()) >= 8


@pytest.mark.parametrize("path", corpus(), ids=lambda p: p.stem)
def test_a_mutant_that_once_crashed_no_longer_does(path: Path) -> None:
    outcome = judge(path)
    assert outcome.crash is None, f"{outcome.crash}\n{outcome.detail}"


def test_the_oracle_catches_a_crash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A spec that validates but whose plan raises is reported, with where it raised."""
    def broken(spec: Any, spec_dir: Path) -> None:
        raise KeyError("us-west-2")

    monkeypatch.setattr(fuzz_oracle, "_plan_assess_render", broken)
    spec = tmp_path / "spec.yaml"
    spec.write_text((REPO / "tests/specs/valid/minimal.yaml").read_text(), encoding="utf-8")
    outcome = judge(spec)
    assert outcome.valid and not outcome.planned
    assert outcome.crash == "KeyError in 'us-west-2'"
    rejected = run_spec("version: 1\nname: shop\n")
    assert not rejected.valid and rejected.crash is None


def test_the_oracle_catches_two_resources_of_one_name() -> None:
    """A plan that would make AWS refuse a name, or replace one alarm by another, is a
    finding like a crash: validate must reject the spec instead."""
    def alarm(logical: str, name: str, region: str | None = None) -> dict[str, Any]:
        inputs = {"name": name, **({"region": region} if region else {})}
        return {"type": "aws:cloudwatch/metricAlarm:MetricAlarm", "name": logical,
                "inputs": inputs}

    plan = {"spec": {"region": "us-east-1"}, "resources": [
        alarm("a", "shop-dev-x-alarm"), alarm("b", "shop-dev-x-alarm", "us-east-1"),
        alarm("c", "shop-dev-x-alarm", "us-west-2"),
        {"type": "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
         "name": "lc", "inputs": {"rules": [{"id": "r"}, {"id": "r"}, {"id": "s"}]}}]}
    assert fuzz_oracle.name_clashes(plan) == [
        "a and b are both 'shop-dev-x-alarm'", "lc: lifecycle rule id 'r' twice"]
