"""The offline plan: capture under mocks, its determinism, the `plan` command and
the Pulumi program entry."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pulumi
import pulumi_aws as aws
import pytest
from conftest import SPEC_HEADER
from plan_support import REPO, accepts, shipped_plan

from drspec import program
from drspec.cli import main
from drspec.model import build_model
from drspec.pipeline import check
from drspec.plan import capture as plan_module
from drspec.plan.capture import capture
from drspec.plan.errors import PlanError, UnknownCallError
from drspec.plan.wire import ARCHIVE_SIG, ASSET_SIG, SIG_KEY, wire_value

DEV = "specs/dev.yaml"


@pytest.fixture
def dev_spec(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(REPO)
    result = check(DEV)
    assert result.spec is not None
    return result.spec


# -- capture ----------------------------------------------------------------------


def test_capture_records_every_resource_sorted_and_parented() -> None:
    plan = shipped_plan("dev")
    urns = [r.urn for r in plan.resources]
    assert urns == sorted(urns)
    assert len(set(urns)) == len(urns)
    component = [r for r in plan.resources if r.type == "drspec:index:Environment"]
    assert [c.name for c in component] == ["orders-dev"]
    for r in plan.resources:
        if r is not component[0]:
            assert r.parent is not None, r.name
            plan.by_urn(r.parent)  # the parent is itself in the plan


def test_plan_json_is_sorted_indented_and_ends_with_newline() -> None:
    text = shipped_plan("dev").to_json()
    assert text.endswith("}\n")
    data = json.loads(text)
    assert list(data) == ["outputs", "resources", "spec"]
    assert data["spec"] == {
        "environment": "dev", "file": DEV, "name": "orders",
        "region": "us-east-1", "regions": ["us-east-1"],
    }
    assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def test_inputs_are_the_wire_form(dev_spec) -> None:  # type: ignore[no-untyped-def]
    fn = shipped_plan("dev").named("functions-processor-fn")
    assert fn.inputs["memorySize"] == 256.0  # camelCase keys, numbers as floats
    assert fn.inputs["code"]["archive"].startswith("sha256:")  # an archive is its content hash


def test_two_captures_in_one_process_are_identical(dev_spec) -> None:  # type: ignore[no-untyped-def]
    first = capture(dev_spec, REPO / "specs").to_json()
    second = capture(dev_spec, REPO / "specs").to_json()
    assert first == second
    assert first == shipped_plan("dev").to_json()


def test_captures_in_separate_processes_are_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"plan-{seed}.json"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "drspec", "plan", DEV, "--format", "json", "-o", str(out)],
            cwd=REPO, env=env, check=True, capture_output=True,
        )
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].decode() == shipped_plan("dev").to_json()


def test_duplicate_urns_are_rejected(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def twice(spec, spec_dir):  # type: ignore[no-untyped-def]
        aws.sns.Topic("same")
        aws.sns.Topic("same")

    with pytest.raises(PlanError, match=r"duplicate resource URNs.*Topic::same"):
        capture(dev_spec, REPO, program=twice)


def test_unknown_provider_function_raises(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def asks_for_zones(spec, spec_dir):  # type: ignore[no-untyped-def]
        aws.get_availability_zones_output()

    with pytest.raises(UnknownCallError, match="getAvailabilityZones"):
        capture(dev_spec, REPO, program=asks_for_zones)
    # A failed capture leaves nothing behind for the next one.
    assert capture(dev_spec, REPO, program=lambda s, d: aws.sns.Topic("t")).resources


def test_known_provider_functions_answer_in_camel_case(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def uses_calls(spec, spec_dir):  # type: ignore[no-untyped-def]
        ident = aws.get_caller_identity_output()
        region = aws.get_region_output()
        part = aws.get_partition_output()
        aws.sns.Topic("t", name=pulumi.Output.concat(
            part.partition, "-", region.region, "-", ident.account_id))

    plan = capture(dev_spec, REPO, program=uses_calls)
    assert plan.named("t").inputs["name"] == "aws-us-east-1-123456789012"


def test_mock_outputs_carry_arns_in_the_right_format(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def program_(spec, spec_dir):  # type: ignore[no-untyped-def]
        table = aws.dynamodb.Table("t", name="tbl", hash_key="k", region="eu-west-1",
                                   attributes=[{"name": "k", "type": "S"}],
                                   stream_enabled=True, stream_view_type="KEYS_ONLY")
        pulumi.export("arn", table.arn)
        pulumi.export("stream", table.stream_arn)
        pulumi.export("id", table.id)

    outputs = capture(dev_spec, REPO, program=program_).outputs
    assert outputs["arn"] == "arn:aws:dynamodb:eu-west-1:123456789012:table/tbl"
    assert outputs["stream"].startswith(outputs["arn"] + "/stream/")
    assert outputs["id"] == "tbl"


def test_arns_use_the_partition_of_the_region(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def program_(spec, spec_dir):  # type: ignore[no-untyped-def]
        bucket = aws.s3.Bucket("b", bucket="data", region="cn-north-1")
        topic = aws.sns.Topic("t", name="alerts", region="us-gov-west-1")
        pulumi.export("bucket", bucket.arn)
        pulumi.export("domain", bucket.bucket_regional_domain_name)
        pulumi.export("topic", topic.arn)

    outputs = capture(dev_spec, REPO, program=program_).outputs
    assert outputs == {
        "bucket": "arn:aws-cn:s3:::data",
        "domain": "data.s3.cn-north-1.amazonaws.com.cn",
        "topic": "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts",
    }


def test_secrets_are_marked_and_dependencies_recorded(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def program_(spec, spec_dir):  # type: ignore[no-untyped-def]
        first = aws.sns.Topic("first")
        aws.sns.Topic("second", display_name=pulumi.Output.secret("hush"),
                      opts=pulumi.ResourceOptions(depends_on=[first], protect=True,
                                                  retain_on_delete=True))

    plan = capture(dev_spec, REPO, program=program_)
    second = plan.named("second")
    assert second.inputs["displayName"] == {"secret": "hush"}
    assert second.depends_on == (plan.named("first").urn,)
    assert (second.protect, second.retain_on_delete) == (True, True)
    assert (plan.named("first").protect, plan.named("first").retain_on_delete) == (False, False)


def test_ignore_changes_are_recorded(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def program_(spec, spec_dir):  # type: ignore[no-untyped-def]
        aws.dynamodb.Table("kept", hash_key="id", attributes=[{"name": "id", "type": "S"}],
                           opts=pulumi.ResourceOptions(ignore_changes=["replicas"]))
        aws.sns.Topic("plain")

    plan = capture(dev_spec, REPO, program=program_)
    assert plan.named("kept").ignore_changes == ("replicas",)
    assert plan.named("kept").to_dict()["ignore_changes"] == ["replicas"]
    assert plan.named("plain").ignore_changes == ()


def test_a_table_replica_has_the_table_arn_in_its_own_region(dev_spec) -> None:  # type: ignore[no-untyped-def]
    def program_(spec, spec_dir):  # type: ignore[no-untyped-def]
        table = aws.dynamodb.Table("t", name="tbl", hash_key="id", region="eu-west-1",
                                   attributes=[{"name": "id", "type": "S"}])
        replica = aws.dynamodb.TableReplica("r", global_table_arn=table.arn,
                                            region="eu-central-1")
        pulumi.export("replica", replica.arn)

    outputs = capture(dev_spec, REPO, program=program_).outputs
    assert outputs["replica"] == "arn:aws:dynamodb:eu-central-1:123456789012:table/tbl"


def test_archives_hash_their_content_not_their_path(tmp_path: Path) -> None:
    one, two, other = (tmp_path / n for n in ("one", "two", "other"))
    for directory, body in ((one, "x = 1\n"), (two, "x = 1\n"), (other, "x = 2\n")):
        directory.mkdir()
        (directory / "index.py").write_text(body)

    sig, archive = SIG_KEY, ARCHIVE_SIG
    digest = [wire_value({sig: archive, "path": str(d)})["archive"] for d in (one, two, other)]
    assert digest[0] == digest[1] != digest[2]
    assets = {sig: archive, "assets": {"a.txt": {sig: ASSET_SIG, "text": "hi"}}}
    assert wire_value(assets) == wire_value(json.loads(json.dumps(assets)))


# -- the command ---------------------------------------------------------------------


def test_plan_command_prints_a_table_grouped_by_section(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    assert main(["plan", DEV]) == 0
    out = capsys.readouterr().out
    headings = [line.split(" (")[0] for line in out.splitlines() if line and line[0] != " "]
    sections = headings[1:-3]
    assert sections == ["environment", "network", "alerts", "tables", "buckets", "functions",
                        "api", "schedules", "alarms", "dashboard"]
    table_line = next(line for line in out.splitlines() if "tables-orders-table" in line)
    assert "on-demand" in table_line and "PITR on" in table_line
    assert "stream NEW_AND_OLD_IMAGES" in table_line
    total = len(shipped_plan("dev").resources)
    assert f"\n{total} resources: environment 1, network " in out


def test_table_shows_replicas_and_write_scaling_of_provisioned_global_tables() -> None:
    from drspec.plan.table import render

    lines = render(shipped_plan("staging")).splitlines()
    replica = next(line for line in lines if "tables-customers-replica" in line)
    assert "replica of orders-staging-customers-table, PITR on" in replica
    assert "us-west-2" in replica and "[protected]" in replica
    target = next(line for line in lines if "tables-customers-write-scaling-target" in line)
    assert "table/orders-staging-customers-table, WriteCapacityUnits, 5..5" in target


def test_plan_command_json_output_file(monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    monkeypatch.chdir(REPO)
    target = tmp_path / "plan.json"
    assert main(["plan", DEV, "--format", "json", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text() == shipped_plan("dev").to_json()


INVALID = """\
version: 1
name: shop
environment: dev
region: us-east-1
network:
  cidr: 10.0.0.0/33
  availability_zones: [us-east-1a]
"""


def test_invalid_spec_exits_1_with_diagnostics_and_writes_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = tmp_path / "bad.yaml"
    spec.write_text(INVALID)
    target = tmp_path / "plan.json"
    assert main(["plan", str(spec), "--format", "json", "-o", str(target)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert f"{spec}:6:9: error[" in captured.err
    assert not target.exists()


def test_a_failing_program_is_one_line_not_a_traceback(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("DRSPEC_DEBUG", raising=False)

    def broken(spec, spec_dir):  # type: ignore[no-untyped-def]
        raise TypeError("Table._internal_init() got an unexpected keyword argument 'x'")

    monkeypatch.setattr(plan_module, "_default_program", broken)
    assert main(["plan", DEV]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("drspec plan: internal error on specs/dev.yaml: TypeError: "
                          "Table._internal_init()")
    assert "this is a bug in drspec" in err
    assert "Traceback" not in err

    assert main(["--debug", "plan", DEV]) == 3
    assert "Traceback" in capsys.readouterr().err


# -- the Pulumi program ------------------------------------------------------------------


def test_program_builds_the_configured_spec(dev_spec) -> None:  # type: ignore[no-untyped-def]
    via_program = capture(dev_spec, REPO / "specs", program=lambda s, d: program.main())
    assert via_program.to_json() == shipped_plan("dev").to_json()


def test_program_registers_nothing_for_an_invalid_spec(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: drspec\nruntime: python\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "bad.yaml").write_text(INVALID)
    monkeypatch.chdir(tmp_path)
    # Any spec will do for capture's own settings; the program reads drspec:spec.
    stub = build_model(_minimal(), "specs/bad.yaml")
    errors: list[program.SpecError] = []

    def run(spec, spec_dir):  # type: ignore[no-untyped-def]
        try:
            program.main()
        except program.SpecError as exc:  # kept, so the plan shows what was registered
            errors.append(exc)

    plan = capture(stub, tmp_path, program=run)
    assert plan.resources == []
    message = str(errors[0])
    assert message.startswith("specs/bad.yaml is not a valid drspec spec; nothing was deployed.")
    assert "specs/bad.yaml:6:9: error[" in message
    assert isinstance(errors[0], pulumi.RunError)  # the CLI shows it without a traceback


SOURCE_SPEC = SPEC_HEADER + """\
functions:
  job:
    source: ../handlers/job
    vpc: false
"""


def _project_with_a_handler_missing(tmp_path: Path) -> Path:
    """A project whose one function's source lacks `index.py` (its handler module)."""
    (tmp_path / "Pulumi.yaml").write_text("name: drspec\nruntime: python\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "handlers" / "job").mkdir(parents=True)
    (tmp_path / "handlers" / "job" / "main.py").write_text("def handler(e, c):\n    pass\n")
    spec = tmp_path / "specs" / "dev.yaml"
    spec.write_text(SOURCE_SPEC)
    return spec


def test_program_registers_nothing_when_function_code_cannot_deploy(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _project_with_a_handler_missing(tmp_path)
    monkeypatch.chdir(tmp_path)
    stub = build_model(_minimal(), "specs/dev.yaml")
    errors: list[program.SpecError] = []

    def run(spec, spec_dir):  # type: ignore[no-untyped-def]
        try:
            program.main()
        except program.SpecError as exc:
            errors.append(exc)

    plan = capture(stub, tmp_path, program=run)
    assert plan.resources == []  # not even the network
    message = str(errors[0])
    # validate finds it first (E430), so the program stops as for any invalid spec.
    assert message.startswith("specs/dev.yaml is not a valid drspec spec; nothing was deployed.")
    assert "error[E430] function 'job': handler 'index.handler' needs module 'index'" in message


def test_plan_command_reports_undeployable_code_as_the_users_error(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    spec = _project_with_a_handler_missing(tmp_path)
    assert main(["plan", str(spec)]) == 1
    err = capsys.readouterr().err
    assert f"{spec}:10:5: error[E430] function 'job': handler 'index.handler' needs" in err
    assert "bug" not in err


def _minimal() -> dict[str, object]:
    return {
        "version": 1, "name": "shop", "environment": "dev", "region": "us-east-1",
        "network": {"cidr": "10.0.0.0/16", "availability_zones": ["us-east-1a"]},
    }


def test_spec_path_resolves_against_the_project_directory(tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: drspec\nruntime: python\n")
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert program.find_project_dir(deep) == tmp_path.resolve()
    assert program.resolve_spec("specs/x.yaml", "dev", deep) == tmp_path.resolve() / "specs/x.yaml"
    assert program.resolve_spec("/abs/x.yaml", "dev", deep) == Path("/abs/x.yaml")
    with pytest.raises(program.SpecError, match=r"pulumi config set drspec:spec specs/dev\.yaml"):
        program.resolve_spec(None, "dev", deep)


# -- cross-cutting ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["dev", "staging", "prod"])
def test_every_taggable_resource_carries_the_spec_tags(name: str) -> None:
    plan = shipped_plan(name)
    spec_tags = check(REPO / "specs" / f"{name}.yaml").spec.tags  # type: ignore[union-attr]
    expected = {**dict(spec_tags), "drspec:app": "orders", "drspec:environment": name}
    taggable = [r for r in plan.resources if r.type.startswith("aws:") and accepts(r.type, "tags")]
    assert len(taggable) > 10
    for r in taggable:
        tags = r.inputs.get("tags") or {}
        assert {k: tags.get(k) for k in expected} == expected, r.name


def test_urns_carry_the_whole_parent_type_chain_like_the_engine() -> None:
    """The engine qualifies a type with every ancestor's type but the root stack's."""
    dev = shipped_plan("dev")
    env = next(r for r in dev.resources if r.type == "drspec:index:Environment")
    assert env.urn == "urn:pulumi:dev::drspec::drspec:index:Environment::orders-dev"
    attachment = next(r for r in dev.resources
                      if r.type == "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
    assert "::drspec:index:Environment$aws:iam/role:Role$aws:iam/rolePolicyAttachment:" \
        in attachment.urn
    assert all(r.parent is None or r.urn.split("::")[2].startswith(
        dev.by_urn(r.parent).urn.split("::")[2] + "$") for r in dev.resources)
