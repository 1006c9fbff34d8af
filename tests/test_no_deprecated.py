"""No plan uses a deprecated pulumi-aws resource or argument.

Three nets: an explicit deny list (the `*V2` S3 resources the seed used, and
EventBridge rules for schedules, which the contract builds with EventBridge
Scheduler); the SDK's own marking of deprecated resource classes (a
`... has been deprecated` warning in the class body); and the arguments the
SDK marks `@deprecated`, found by walking every captured input along the
SDK's own input types (a deprecated `rules[].prefix` is caught, the valid
`rules[].filter.prefix` is not).
"""

from __future__ import annotations

import inspect
import re
import sys
from typing import Any

from plan_support import SHIPPED, sdk_class, shipped_plan

DENIED: dict[str, str] = {
    **{
        f"aws:s3/{name[0].lower()}{name[1:]}:{name}": "deprecated; use the name without V2"
        for name in (
            "BucketV2", "BucketVersioningV2", "BucketServerSideEncryptionConfigurationV2",
            "BucketLifecycleConfigurationV2", "BucketAclV2", "BucketLoggingV2",
            "BucketCorsConfigurationV2", "BucketWebsiteConfigurationV2",
            "BucketAccelerateConfigurationV2", "BucketObjectLockConfigurationV2",
            "BucketRequestPaymentConfigurationV2", "BucketObjectv2",
        )
    },
}


def deprecated_class(type_token: str) -> bool:
    """Whether pulumi_aws marks the resource class itself as deprecated."""
    source = inspect.getsource(sdk_class(type_token))
    header = source.split("def __init__", 1)[0]
    return "has been deprecated" in header


def all_types() -> set[str]:
    return {r.type for name in SHIPPED for r in shipped_plan(name).resources
            if r.type.startswith("aws:")}


def test_no_denied_type_is_registered() -> None:
    found = {t: DENIED[t] for t in all_types() if t in DENIED}
    assert found == {}


def test_no_scheduled_eventbridge_rule() -> None:
    """Schedules are EventBridge Scheduler schedules: "Scheduled rules are a legacy
    feature of EventBridge" (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html).
    Rules on event patterns (AWS Backup job failures) are not."""
    scheduled = [f"{name}: {r.name}" for name in SHIPPED for r in shipped_plan(name).resources
                 if r.type == "aws:cloudwatch/eventRule:EventRule"
                 and ("scheduleExpression" in r.inputs or "eventPattern" not in r.inputs)]
    assert scheduled == []


def test_no_registered_type_is_marked_deprecated_by_the_sdk() -> None:
    assert sorted(t for t in all_types() if deprecated_class(t)) == []


def test_the_sdk_marking_is_detected() -> None:
    assert deprecated_class("aws:s3/bucketV2:BucketV2")
    assert not deprecated_class("aws:s3/bucket:Bucket")


_NESTED = re.compile(r"ForwardRef\('(\w+Args)'\)")


def argument_types(args_class: type) -> dict[str, tuple[bool, str | None]]:
    """Per wire name: whether pulumi_aws marks it `@deprecated`, and the input
    type of its nested value (`BucketReplicationConfigRuleFilterArgs`), if any."""
    out: dict[str, tuple[bool, str | None]] = {}
    for name, attr in vars(args_class).items():
        if not isinstance(attr, property) or attr.fget is None:
            continue
        fget = attr.fget
        wire = str(vars(fget).get("_pulumi_name", name))
        nested = _NESTED.search(repr(getattr(fget, "__annotations__", {}).get("return")))
        out[wire] = ("_pulumi_deprecated_callable" in vars(fget),
                     nested.group(1) if nested else None)
    return out


def deprecated_inputs(type_token: str, inputs: dict[str, Any]) -> list[str]:
    """Paths of every deprecated argument in a resource's captured inputs."""
    cls = sdk_class(type_token)
    module = sys.modules[cls.__module__]
    # Where `<Name>Args` names an inline type, the resource's own are `<Name>InitArgs`.
    top = getattr(module, f"{cls.__name__}InitArgs", None) or getattr(module, f"{cls.__name__}Args")
    nested_types = sys.modules[cls.__module__.rsplit(".", 1)[0] + "._inputs"]
    found: list[str] = []

    def walk(args_class: type, value: dict[str, Any], path: str) -> None:
        types = argument_types(args_class)
        for key, inner in value.items():
            deprecated, nested = types.get(key, (False, None))
            if deprecated:
                found.append(f"{path}{key}")
            inner_class = getattr(nested_types, nested, None) if nested else None
            if inner_class is None:
                continue
            items = inner if isinstance(inner, list) else [inner]
            for item in items:
                if isinstance(item, dict):
                    walk(inner_class, item, f"{path}{key}.")

    walk(top, inputs, "")
    return found


def test_no_deprecated_argument_is_passed() -> None:
    found = [
        f"{name}: {r.name}: {path}"
        for name in SHIPPED for r in shipped_plan(name).resources if r.type.startswith("aws:")
        for path in deprecated_inputs(r.type, r.inputs)
    ]
    assert found == []


def test_deprecated_arguments_are_detected_at_any_depth() -> None:
    rule = "aws:cloudwatch/eventRule:EventRule"
    assert deprecated_inputs(rule, {"isEnabled": True, "state": "ENABLED"}) == ["isEnabled"]
    replication = "aws:s3/bucketReplicationConfig:BucketReplicationConfig"
    rules = {"rules": [{"id": "a", "prefix": "", "filter": {"prefix": ""}}]}
    assert deprecated_inputs(replication, rules) == ["rules.prefix"]  # not filter.prefix
