"""The figures table: every number has a source, and the values the verdicts rest on."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from drspec import figures as fig

DRSPEC = Path(fig.__file__).parent
#: The modules that judge a design: every duration they use comes from drspec/figures.py.
ASSESS = DRSPEC / "assess"
ASSESS_MODULES = tuple(sorted(p.name for p in ASSESS.glob("*.py") if p.name != "__init__.py"))


@pytest.mark.parametrize("name", sorted(fig.FIGURES))
def test_every_figure_cites_a_source(name: str) -> None:
    figure = fig.FIGURES[name]
    assert figure.source.startswith("https://"), name
    assert " " not in figure.source, name
    assert len(figure.says) > 20, name
    assert figure.seconds >= 0, name
    if figure.assumption is not None:
        assert len(figure.assumption) > 20, f"{name}: say what the assumption is"


def test_aws_statements_come_from_aws_pages() -> None:
    """Figures that are AWS's own numbers cite AWS documentation or SLAs."""
    for name, figure in fig.FIGURES.items():
        if figure.documented:
            assert figure.source.startswith(("https://docs.aws.amazon.com/",
                                             "https://aws.amazon.com/")), name


def test_the_table_lists_every_figure_of_the_module() -> None:
    declared = {n for n, v in vars(fig).items() if isinstance(v, fig.Figure)}
    assert set(fig.FIGURES) == declared
    assert len(fig.FIGURES) >= 15


def test_documented_values() -> None:
    assert fig.PITR_GRANULARITY.seconds == 1
    assert fig.PITR_WINDOW.seconds == 35 * 24 * 3600
    assert fig.PITR_LATEST_RESTORABLE_LAG.seconds == 5 * 60
    assert fig.DELETED_TABLE_SYSTEM_BACKUP.seconds == 35 * 24 * 3600
    assert fig.S3_RTC.seconds == 15 * 60
    assert fig.ROUTE53_FASTEST_INTERVAL.seconds == 10
    assert fig.BACKUP_START_WINDOW.seconds == 3600  # the minimum; the factory sets it
    assert fig.MRSC_RPO.seconds == 0
    for figure in (fig.PITR_GRANULARITY, fig.PITR_WINDOW, fig.S3_RTC,
                   fig.DELETED_TABLE_SYSTEM_BACKUP, fig.ROUTE53_FASTEST_INTERVAL, fig.MRSC_RPO):
        assert figure.documented


def test_assumptions_are_marked_as_such() -> None:
    """No SLA or published number backs these: they must say they are assumptions."""
    for figure in (fig.GLOBAL_TABLES_LAG, fig.S3_REPLICATION, fig.TABLE_RESTORE,
                   fig.BACKUP_RESTORE, fig.OBJECT_VERSION_RESTORE, fig.STACK_REDEPLOY,
                   fig.ROLLBACK_DEPLOY, fig.MANUAL_FAILOVER, fig.REGION_REBUILD,
                   fig.ROUTE53_ALIAS_TTL, fig.RESOLVER_CACHING, fig.BUCKET_REFILL,
                   fig.BACKUP_START_WINDOW):
        assert not figure.documented


def test_conservative_readings() -> None:
    """Where AWS gives a typical value without a commitment, drspec assumes worse."""
    assert fig.GLOBAL_TABLES_LAG.seconds > 1  # "typically within one second"
    assert fig.S3_REPLICATION.seconds > fig.S3_RTC.seconds  # "up to several hours"
    assert fig.S3_REPLICATION.seconds >= 3 * 3600
    assert fig.REGION_REBUILD.seconds > fig.STACK_REDEPLOY.seconds


def test_route53_failover_time() -> None:
    # interval x threshold, then the alias TTL and resolver caching run out
    assert fig.failover_seconds(10, 3) == 30 + 60 + 60
    assert fig.failover_seconds(30, 3) == 90 + 60 + 60


def test_every_assess_module_is_held_to_the_figures() -> None:
    """Every module of the assess package is read by the next test."""
    assert {"engine.py", "factors.py", "scenarios.py", "verdicts.py"} <= set(ASSESS_MODULES)


@pytest.mark.parametrize("module", ASSESS_MODULES)
def test_assess_takes_every_number_from_the_figures(module: str) -> None:
    """The assess modules hold no durations of their own: their only integer literals
    are 0, 1, 2."""
    tree = ast.parse((ASSESS / module).read_text(encoding="utf-8"))
    numbers = {node.value for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and type(node.value) in (int, float)}
    assert numbers <= {0, 1, 2}, (module, numbers)
