"""The JSON Schema of spec format v1 and the diagnostics its errors become."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import SPEC_HEADER
from jsonschema import Draft202012Validator

from drspec.codes import RULES
from drspec.diagnostics import Diagnostic
from drspec.load.reader import load_file, load_text
from drspec.resources import schema_path
from drspec.schema import codes as schema_codes
from drspec.schema import diagnose as schema
from drspec.schema import validator as schema_validator

REPO = Path(__file__).resolve().parent.parent
SPECS = sorted((REPO / "specs").glob("*.yaml"))

BASE = SPEC_HEADER + """\
tables:
  orders:
    partition_key: {name: id, type: S}
functions:
  api:
    template: processor
    memory: 256
schedules:
  probe:
    rate: 5 minutes
    function: api
"""


def diagnose(text: str) -> list[Diagnostic]:
    doc, diags = load_text(text, "spec.yaml")
    assert doc is not None, diags
    return schema.schema_diagnostics(doc)


def edited(old: str, new: str) -> str:
    assert old in BASE
    return BASE.replace(old, new, 1)


def only(diags: list[Diagnostic]) -> Diagnostic:
    assert len(diags) == 1, [f"{d.line}:{d.col} {d.code} {d.message}" for d in diags]
    return diags[0]


# -- the schema document ------------------------------------------------------------------


SCHEMA = json.loads(schema_path().read_text(encoding="utf-8"))
DEFS = SCHEMA["$defs"]


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object in the document, with a readable location."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "$defs"):
        for name, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties", "propertyNames", "not"):
        yield from subschemas(node.get(key), f"{where}/{key}")
    for key in ("anyOf", "oneOf", "allOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from subschemas(sub, f"{where}/{key}/{i}")


def property_schemas() -> Iterator[tuple[str, dict[str, Any]]]:
    """Schemas of keys users write: named properties and the values of resource maps."""
    for where, node in subschemas(SCHEMA):
        for name, sub in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", sub
        if isinstance(node.get("additionalProperties"), dict):
            yield f"{where}/additionalProperties", node["additionalProperties"]


def standalone(sub: dict[str, Any]) -> Draft202012Validator:
    """A validator for one subschema, with the document's `$defs` reachable."""
    return Draft202012Validator({**sub, "$defs": DEFS})


def test_schema_is_valid_draft_2020_12_with_identity() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == "https://drspec.dev/schemas/drspec-v1.schema.json"
    assert SCHEMA["title"] and SCHEMA["description"]


def test_every_property_has_description_markdown_and_examples() -> None:
    missing = [
        where for where, sub in property_schemas()
        if not (sub.get("description") and sub.get("markdownDescription")
                and isinstance(sub.get("examples"), list) and sub["examples"])
    ]
    assert missing == []


def test_every_example_and_default_is_valid_for_its_property() -> None:
    wrong = []
    for where, sub in property_schemas():
        check = standalone(sub)
        for example in sub["examples"]:
            if not check.is_valid(example):
                wrong.append((where, example))
        if "default" in sub and not check.is_valid(sub["default"]):
            wrong.append((where, sub["default"]))
    assert wrong == []


def test_every_object_refuses_unknown_keys_or_is_a_map_with_named_keys() -> None:
    loose = []
    for where, node in subschemas(SCHEMA):
        if node.get("type") != "object":
            continue
        extra = node.get("additionalProperties")
        is_record = "properties" in node and extra is False
        is_map = "properties" not in node and isinstance(extra, dict) and "propertyNames" in node
        if not (is_record or is_map):
            loose.append(where)
    assert loose == []


def test_every_resource_map_is_keyed_by_ident() -> None:
    for section in ("tables", "buckets", "functions", "schedules", "alarms"):
        assert SCHEMA["properties"][section]["propertyNames"] == {"$ref": "#/$defs/ident"}
    assert DEFS["ident"]["pattern"] == "^[a-z][a-z0-9-]{0,30}$"


def test_every_pattern_is_described_in_words_with_an_example() -> None:
    bare = []
    for where, node in subschemas(SCHEMA):
        if "pattern" not in node:
            continue
        needs_example = not where.endswith("/not")  # a `not` pattern describes what is refused
        if not node.get("title") or (needs_example and not node.get("examples")):
            bare.append(where)
    assert bare == []


def test_every_pattern_is_an_ecma_262_regex() -> None:
    """Editors and check-jsonschema read patterns as ECMA-262, not as Python `re`."""
    import regress  # check-jsonschema's regex engine

    refused = []
    for where, node in subschemas(SCHEMA):
        if "pattern" in node:
            try:
                regress.Regex(node["pattern"])
            except regress.RegressError:
                refused.append(where)
    assert refused == []


@pytest.mark.parametrize("value, ok", [
    ("python3.12", True), ("python3.14", True), ("python3.10", True),
    ("python3.9", False), ("nodejs22.x", False),
])
def test_runtimes_are_current_python_ones(value: str, ok: bool) -> None:
    runtime = SCHEMA["properties"]["functions"]["additionalProperties"]["properties"]["runtime"]
    assert (value in runtime["enum"]) is ok


def test_shapes_the_contract_fixes() -> None:
    props = SCHEMA["properties"]
    fn = props["functions"]["additionalProperties"]["properties"]
    cases: list[tuple[dict[str, Any], Any, bool]] = [
        (props["objectives"]["properties"]["rto"], "15m", True),
        (props["objectives"]["properties"]["rto"], "0m", False),
        (props["objectives"]["properties"]["rto"], "15 m", False),
        (props["network"]["properties"]["cidr"], "10.0.0.0/16", True),
        (props["network"]["properties"]["cidr"], "10.0.0.0/8", False),
        (props["network"]["properties"]["cidr"], "10.0.0.0/25", False),
        (props["network"]["properties"]["cidr"], "10.0.0.256/16", False),
        (props["region"], "eu-central-1", True),
        (props["region"], "us-gov-west-1", True),
        (props["region"], "Frankfurt", False),
        (fn["memory"], 10240, True),
        (fn["memory"], 10241, False),
        (fn["timeout"], 0, False),
        (fn["handler"], "app.main", True),
        (fn["handler"], "main", False),
        (fn["environment"], {"LOG_LEVEL": "INFO"}, True),
        (fn["environment"], {"AWS_REGION": "x"}, False),
        (fn["environment"], {"LOG_LEVEL": 5}, False),
        (props["tags"], {"team": "x"}, True),
        (props["tags"], {"aws:team": "x"}, False),
        (props["tags"], {"AWS:team": "x"}, False),
        (props["tags"], {"k" * 129: "x"}, False),
        (props["tags"], {"team": "v" * 257}, False),
        (props["alarms"]["additionalProperties"]["properties"]["period"], 10, True),
        (props["alarms"]["additionalProperties"]["properties"]["period"], 120, True),
        (props["alarms"]["additionalProperties"]["properties"]["period"], 90, False),
        (props["alarms"]["additionalProperties"]["properties"]["period"], 0, False),
        (props["alerts"]["properties"]["sms"], ["+4915112345678"], True),
        (props["alerts"]["properties"]["sms"], ["015112345678"], False),
        (props["alerts"]["properties"]["https"], ["http://x.example.com"], False),
        (props["api"]["properties"]["routes"], {"GET /orders/{id}": "api"}, True),
        (props["api"]["properties"]["routes"], {"FETCH /orders": "api"}, False),
        (props["api"]["properties"]["routes"], {"GET orders": "api"}, False),
        (props["api"]["properties"]["routes"], {}, False),
        (props["waivers"], [{"rule": "W201", "reason": "one AZ is enough in dev"}], True),
        (props["waivers"], [{"rule": "W201", "reason": "  "}], False),
        (props["waivers"], [{"rule": "W201"}], False),
        (props["objectives"], {}, False),
        (DEFS["cron"], "0 12 * * ? *", True),
        (DEFS["cron"], "cron(0 12 * * ? *)", True),  # six fields; the checks reject the rest
        (DEFS["cron"], "0 12 * * ?", False),
        (DEFS["kms_key_arn"],
         "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab", True),
        (DEFS["kms_key_arn"], "alias/aws/s3", False),
        (props["disaster_recovery"]["properties"]["failover"],
         {"domain": "api.example.com", "hosted_zone_id": "Z0123456789ABCDEFGHIJ"}, True),
        (props["disaster_recovery"]["properties"]["failover"],
         {"domain": "api.example.com", "hosted_zone_id": "z0123"}, False),
        (props["disaster_recovery"]["properties"]["failover"], {"domain": "api.example.com"},
         False),
    ]
    wrong = [(sub.get("description"), value) for sub, value, ok in cases
             if standalone(sub).is_valid(value) is not ok]
    assert wrong == []


# -- validating -------------------------------------------------------------------------------


@pytest.mark.parametrize("spec", SPECS, ids=lambda p: p.name)
def test_shipped_specs_are_schema_valid(spec: Path) -> None:
    doc, diags = load_file(spec)
    assert doc is not None, diags
    assert schema.schema_diagnostics(doc) == []


def test_the_base_of_these_tests_is_valid() -> None:
    assert diagnose(BASE) == []


def test_validator_is_built_once() -> None:
    assert schema_validator.validator() is schema_validator.validator()


def test_inlined_schema_has_no_references_and_keeps_the_property_examples() -> None:
    inlined = schema_validator.inlined_schema()
    assert "$ref" not in json.dumps(inlined)
    environment = inlined["properties"]["environment"]
    assert environment["pattern"] == DEFS["ident"]["pattern"]
    assert (environment["maxLength"], environment["examples"][0]) == (16, "dev")


def mutations(seed: int, count: int) -> Iterator[dict[str, Any]]:
    """Shipped specs with values swapped for odd ones, deterministically."""
    import copy
    import random

    rng = random.Random(seed)
    oddities: list[Any] = [None, True, 0, -1, 1.5, "", "no", "Orders", [], ["x", "x"], {},
                           {"provisioned": {}}, "5 minutes", "arn:aws:kms:x"]
    docs = [load_file(p)[0].data for p in SPECS]  # type: ignore[union-attr]

    def places(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        if path:
            yield path
        children = node.items() if isinstance(node, dict) else enumerate(node) \
            if isinstance(node, list) else ()
        for key, child in children:
            yield from places(child, (*path, key))

    for _ in range(count):
        data = copy.deepcopy(rng.choice(docs))
        for _ in range(rng.randint(1, 3)):
            *parents, last = rng.choice(list(places(data)))
            node = data
            for part in parents:
                node = node[part]
            node[last] = copy.deepcopy(rng.choice(oddities))
        yield data


def test_inlined_schema_validates_exactly_like_the_schema() -> None:
    original = Draft202012Validator(SCHEMA)
    fixtures = sorted((REPO / "tests" / "specs" / "invalid").glob("schema-*.yaml"))
    documents = [load_file(p)[0] for p in [*SPECS, *fixtures]]
    samples = [d.data for d in documents if d is not None] + list(mutations(7, 60))

    def errors(v: Draft202012Validator, data: Any) -> list[tuple[str, str]]:
        return sorted((json.dumps(list(e.absolute_path)), str(e.validator))
                      for e in v.iter_errors(data))

    assert any(errors(original, data) for data in samples)
    for data in samples:
        assert errors(schema_validator.validator(), data) == errors(original, data)


def test_odd_values_never_break_the_translation() -> None:
    for data in mutations(11, 60):
        doc, diags = load_text(json.dumps(data), "spec.json")
        assert doc is not None and diags == []
        for d in schema.schema_diagnostics(doc):
            assert d.code in RULES and d.message and d.line >= 1


def test_schema_codes_are_registered_in_the_e1xx_range() -> None:
    c = schema_codes
    codes = [c.E_UNKNOWN_KEY, c.E_MISSING_KEY, c.E_TYPE, c.E_NOT_ALLOWED, c.E_FORMAT,
             c.E_RANGE, c.E_LENGTH, c.E_DUPLICATE, c.E_EXCLUSIVE]
    assert codes == [f"E1{n:02d}" for n in range(1, 10)]
    assert all(RULES[c].title and RULES[c].help for c in codes)


def test_unknown_key_names_the_nearest_one_and_points_at_the_key() -> None:
    d = only(diagnose(edited("tables:", "tabels:")))
    assert d.code == "E101"
    assert d.message == "unknown key 'tabels' in the top level; did you mean 'tables'?"
    assert (d.line, d.col) == (8, 1)
    assert d.path == ("tabels",)


def test_unknown_key_without_a_close_match_lists_the_allowed_keys() -> None:
    d = only(diagnose(edited("    memory: 256\n", "    memory: 256\n    colour: red\n")))
    assert d.code == "E101"
    assert d.message == "unknown key 'colour' in functions.api"
    assert d.hint is not None and "allowed keys here:" in d.hint
    assert "memory" in d.hint and "timeout" in d.hint
    assert (d.line, d.col) == (15, 5)


def test_a_typo_of_a_required_key_is_one_error_not_two() -> None:
    d = only(diagnose(edited("partition_key:", "partiton_key:")))
    assert (d.code, d.line, d.col) == ("E101", 10, 5)
    assert "did you mean 'partition_key'?" in d.message


def test_missing_required_key_points_at_its_section() -> None:
    d = only(diagnose(edited("  cidr: 10.0.0.0/16\n", "")))
    assert d.code == "E102"
    assert d.message == "missing required key 'cidr' in network"
    assert (d.line, d.col) == (5, 1)
    assert d.hint == "add cidr: 10.10.0.0/16"


def test_wrong_type_says_what_was_expected_and_found() -> None:
    d = only(diagnose(edited("memory: 256", "memory: 1GB")))
    assert d.code == "E103"
    assert d.message == "functions.api.memory: expected an integer, got the string '1GB'"
    assert (d.line, d.col) == (14, 13)


def test_a_number_where_a_string_belongs_gets_a_quoting_hint() -> None:
    d = only(diagnose(BASE + "tags:\n  cost-center: 4711\n"))
    assert d.message == "tags.cost-center: expected a string, got the integer 4711"
    assert d.hint == 'quote it: cost-center: "4711"'


def test_yaml11_boolean_gets_a_hint_to_quote_it() -> None:
    d = only(diagnose(edited("environment: dev", "environment: no")))
    assert d.code == "E103"
    assert d.message == "environment: expected a string, got the boolean false"
    assert d.hint is not None and 'environment: "no"' in d.hint and "YAML 1.1" in d.hint
    assert (d.line, d.col) == (3, 14)


def test_enum_names_the_allowed_values_and_the_nearest() -> None:
    d = only(diagnose(edited("  availability_zones", "  nat: per-az\n  availability_zones")))
    assert d.code == "E104"
    assert d.message == ("network.nat: expected 'none', 'single' or 'per_az', got 'per-az'; "
                         "did you mean 'per_az'?")
    assert (d.line, d.col) == (7, 8)


def test_const_version() -> None:
    d = only(diagnose(edited("version: 1", "version: 2")))
    assert (d.code, d.message) == ("E104", "version: expected 1, got 2")


def test_format_is_described_in_words_with_an_example() -> None:
    d = only(diagnose(edited("region: us-east-1", "region: US East")))
    assert d.code == "E105"
    assert d.message == "region: expected an AWS region code, got 'US East'"
    assert d.hint == "for example region: us-east-1"
    assert "^" not in d.message and "[" not in d.message


def test_out_of_range_names_the_range() -> None:
    d = only(diagnose(edited("memory: 256", "memory: 64")))
    assert d.code == "E106"
    assert d.message == "functions.api.memory: expected an integer from 128 to 10240, got 64"


def test_too_long_is_one_length_error_even_past_the_ident_pattern() -> None:
    d = only(diagnose(edited("name: shop", "name: " + "a" * 40)))
    assert d.code == "E107"
    assert d.message.startswith("name: expected at most 20 characters, got 40")


def test_bad_characters_and_too_long_are_both_reported() -> None:
    diags = diagnose(edited("name: shop", "name: Shop-" + "a" * 30))
    assert [d.code for d in diags] == ["E105", "E107"]


def test_list_length() -> None:
    zones = ", ".join(f"us-east-1{c}" for c in "abcdefg")
    d = only(diagnose(edited("[us-east-1a, us-east-1b]", f"[{zones}]")))
    assert (d.code, d.message) == ("E107", "network.availability_zones: expected 1 to 6 items, "
                                           "got 7")


def test_duplicate_item_points_at_the_repeat() -> None:
    d = only(diagnose(edited("[us-east-1a, us-east-1b]", "[us-east-1a, us-east-1a]")))
    assert d.code == "E108"
    assert d.message == ("network.availability_zones: 'us-east-1a' is listed twice "
                         "(first as item 1)")
    assert (d.line, d.col) == (7, 36)
    assert d.path == ("network", "availability_zones", 1)


def test_template_and_source_together_conflict() -> None:
    d = only(diagnose(edited("    template: processor\n",
                             "    template: processor\n    source: src/api\n")))
    assert d.code == "E109"
    assert d.message == ("functions.api sets both 'template' and 'source'; give exactly one "
                         "of them")
    assert (d.line, d.col) == (14, 5)


def test_neither_template_nor_source_is_missing_one_of_them() -> None:
    d = only(diagnose(edited("    template: processor\n", "")))
    assert d.code == "E102"
    assert d.message == "functions.api needs 'template' or 'source'"
    assert (d.line, d.col) == (12, 3)


def test_rate_and_cron_conflict() -> None:
    d = only(diagnose(edited("    rate: 5 minutes\n",
                             "    rate: 5 minutes\n    cron: '0 1 * * ? *'\n")))
    assert (d.code, d.line) == ("E109", 18)


def test_union_reports_the_branch_that_fits_the_value() -> None:
    text = edited("{name: id, type: S}\n",
                  "{name: id, type: S}\n    billing:\n      provisioned: {read: 0, write: 5}\n")
    d = only(diagnose(text))
    assert d.code == "E106"
    assert d.message == ("tables.orders.billing.provisioned.read: expected an integer from 1 "
                         "to 40000, got 0")
    assert (d.line, d.col) == (12, 27)


def test_union_typo_inside_the_fitting_branch() -> None:
    text = edited("{name: id, type: S}\n",
                  "{name: id, type: S}\n    billing: {provisoned: {read: 1, write: 1}}\n")
    d = only(diagnose(text))
    assert d.code == "E101"
    assert "did you mean 'provisioned'?" in d.message


def test_union_with_no_fitting_branch_names_every_alternative() -> None:
    d = only(diagnose(edited("{name: id, type: S}\n",
                             "{name: id, type: S}\n    billing: on-demand\n")))
    assert d.code == "E104"
    assert d.message.startswith("tables.orders.billing: expected 'on_demand' or a mapping ")
    assert d.message.endswith("got 'on-demand'; did you mean 'on_demand'?")


def test_encryption_alternatives_include_the_kms_arn_in_words() -> None:
    d = only(diagnose(edited("{name: id, type: S}\n",
                             "{name: id, type: S}\n    encryption: aws-managed\n")))
    assert d.code == "E104"
    assert "'aws_owned', 'aws_managed' or a KMS key ARN" in d.message
    assert "did you mean 'aws_managed'?" in d.message


def test_a_wrong_type_hides_the_other_complaints_about_the_value() -> None:
    d = only(diagnose(edited("{name: id, type: S}\n", "{name: id, type: S}\n    encryption: 5\n")))
    assert (d.code, d.message) == ("E103", "tables.orders.encryption: expected a string, got "
                                           "the integer 5")


def test_an_empty_section_is_null_with_a_hint() -> None:
    d = only(diagnose(BASE + "alerts:\n"))
    assert d.code == "E103"
    assert d.message == "alerts: expected a mapping, got an empty value (null)"
    assert d.hint is not None and "{}" in d.hint


def test_invalid_resource_key_points_at_the_key() -> None:
    d = only(diagnose(edited("  orders:\n", "  Orders:\n")))
    assert d.code == "E105"
    assert d.message.startswith("tables: key 'Orders' is not valid: expected an identifier")
    assert (d.line, d.col) == (9, 3)
    assert d.path == ("tables", "Orders")


def test_reserved_environment_variable_name() -> None:
    d = only(diagnose(edited("    memory: 256\n",
                             "    memory: 256\n    environment: {AWS_REGION: eu-west-1}\n")))
    assert d.code == "E104"
    assert "key 'AWS_REGION' is not allowed" in d.message and "reserved" in d.message


def test_lifecycle_rule_needs_an_action() -> None:
    d = only(diagnose(BASE + "buckets:\n  docs:\n    lifecycle:\n      - id: nothing\n"))
    assert d.code == "E102"
    assert d.message == ("buckets.docs.lifecycle[0] needs 'transition', "
                         "'noncurrent_expiration_days' or 'expiration_days'")
    assert (d.line, d.col) == (22, 9)


def test_every_error_is_reported_in_file_order() -> None:
    text = (edited("environment: dev", "environment: Dev")
            .replace("memory: 256", "memory: lots")
            .replace("rate: 5 minutes", "rate: often"))
    diags = diagnose(text)
    assert [(d.code, d.line) for d in diags] == [("E105", 3), ("E103", 14), ("E105", 17)]


def test_schema_validation_does_not_import_pulumi() -> None:
    code = (
        "import sys\n"
        "from drspec.load.reader import load_text\n"
        "from drspec.schema.diagnose import schema_diagnostics\n"
        "doc, _ = load_text('version: 2\\n', 'f')\n"
        "assert schema_diagnostics(doc)\n"
        "assert not [m for m in sys.modules if m.startswith('pulumi')]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)


# -- drspec schema ------------------------------------------------------------------------


def test_drspec_schema_prints_the_schema_file_exactly(capsys: pytest.CaptureFixture[str]) -> None:
    from drspec.commands import schema as command

    assert command.run(argparse.Namespace()) == 0
    assert capsys.readouterr().out == schema_path().read_text(encoding="utf-8")


def test_drspec_schema_through_the_cli(capsys: pytest.CaptureFixture[str]) -> None:
    from drspec.cli import main

    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA


def test_a_function_that_is_not_a_mapping_is_one_type_error() -> None:
    d = only(diagnose(edited("  api:\n    template: processor\n    memory: 256\n",
                             "  api: true\n")))
    assert (d.code, d.message) == ("E103", "functions.api: expected a mapping, got the boolean "
                                           "true")


def test_a_list_item_of_the_wrong_form() -> None:
    d = only(diagnose(edited("[us-east-1a, us-east-1b]", "[us-east-1a, east]")))
    assert d.code == "E105"
    assert d.path == ("network", "availability_zones", 1)
    assert d.hint == "for example us-east-1a"
    assert (d.line, d.col) == (7, 36)


def test_no_suggestion_when_two_values_are_equally_close() -> None:
    d = only(diagnose(edited("    memory: 256\n", "    memory: 256\n    runtime: python3.8\n")))
    assert d.code == "E104"
    assert "did you mean" not in d.message


def test_patterns_anchor_like_ecma_262_not_before_a_trailing_newline(tmp_path: Path) -> None:
    """`region: |` gives "eu-west-1\\n"; Python's `$` would accept it, ECMA-262's does not."""
    import shutil

    import drspec

    spec = tmp_path / "spec.yaml"
    shutil.copy("tests/data/flat/dev.yaml", spec)
    text = spec.read_text().replace("region: us-east-1\n", "region: |\n  us-east-1\n")
    spec.write_text(text)
    diags = drspec.validate(spec)
    assert [(d.code, d.path) for d in diags if d.is_error] == [("E105", ("region",))]


def test_escaped_dollar_and_classes_are_left_alone() -> None:
    from drspec.schema.validator import ecma_anchored as _ecma_anchored

    assert _ecma_anchored(r"^a[$]b\$c$") == r"^a[$]b\$c\Z"
    assert _ecma_anchored(r"^(x|y)$|^z$") == r"^(x|y)\Z|^z\Z"


@pytest.mark.parametrize(("old", "new", "limit"), [
    ("name: shop", "name: Shop", 20),
    ("environment: dev", "environment: Dev", 16),
])
def test_an_identifier_with_a_tighter_limit_names_its_own_limit(old: str, new: str,
                                                                limit: int) -> None:
    d = only(diagnose(edited(old, new)))
    assert d.code == "E105"
    assert f"at most {limit} characters" in d.message
    assert "31" not in d.message


@pytest.mark.parametrize(("old", "new", "message", "hint"), [
    ("memory: 256", "memory: 256.0",
     "functions.api.memory: expected an integer, got the number 256.0", "write 256"),
    ("version: 1", "version: 1.0", "version: expected an integer, got the number 1.0", "write 1"),
])
def test_a_float_is_not_an_integer_even_when_whole(old: str, new: str, message: str,
                                                   hint: str) -> None:
    # YAML tells 256 from 256.0; the model would pass a float on to AWS and the runbook.
    d = only(diagnose(edited(old, new)))
    assert (d.code, d.message, d.hint) == ("E103", message, hint)


@pytest.mark.parametrize(("written", "shown"), [(".inf", ".inf"), ("-.Inf", "-.inf"),
                                                (".nan", ".nan")])
def test_a_number_must_be_finite(written: str, shown: str) -> None:
    text = BASE + ("alarms:\n  errors:\n    metric: lambda_errors\n    target: api\n"
                   f"    threshold: {written}\n")
    d = only(diagnose(text))
    assert d.code == "E103"
    assert d.message == (f"alarms.errors.threshold: expected a number, got {shown}, "
                         "which is not a finite number")
    assert (d.line, d.col) == (23, 16)


def test_a_non_finite_number_where_a_string_belongs_is_quoted_as_written() -> None:
    d = only(diagnose(BASE + "tags:\n  level: .inf\n"))
    assert d.hint == 'quote it: level: ".inf"'


@pytest.mark.parametrize("value", ["5", '""', "[base.yaml]", ""])
def test_an_unusable_extends_is_one_error_not_a_list_of_missing_keys(value: str) -> None:
    # The base was never read, so the keys it would have given are not missing.
    d = only(diagnose(f"extends: {value}\nenvironment: dev\n"))
    assert d.path == ("extends",)
    assert d.code in ("E103", "E107")


def test_a_spec_without_extends_still_reports_every_missing_key() -> None:
    diags = diagnose("environment: dev\n")
    assert [d.code for d in diags] == ["E102"] * 4


def test_a_required_key_an_overlay_removes_is_reported_at_its_null(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text(BASE)
    top = tmp_path / "dev.yaml"
    top.write_text("extends: base.yaml\nenvironment: test\nname: null\n")
    doc, diags = load_file(top)
    assert doc is not None and diags == []
    d = only(schema.schema_diagnostics(doc))
    assert (d.code, d.file, d.line, d.col) == ("E102", str(top), 3, 1)
    assert d.message == "missing required key 'name' in the top level"
    assert d.hint == "'name: null' here removes the base's 'name'; delete this line"


def test_a_value_with_line_breaks_is_shown_on_one_line() -> None:
    d = only(diagnose(edited("region: us-east-1\n", "region: |\n  us-east-1\n")))
    assert d.message == "region: expected an AWS region code, got 'us-east-1\\n'"
    d = only(diagnose(edited("region: us-east-1\n", 'region: "us\\teast\\x01"\n')))
    assert d.message == "region: expected an AWS region code, got 'us\\teast\\x01'"
    d = only(diagnose(BASE + '"tab\\tles": {}\n'))
    assert d.message.startswith("unknown key 'tab\\tles' in the top level")


@pytest.mark.parametrize(("where", "key", "expected"), [
    # Typos and near forms get the key they meant ...
    ("tables.orders", "ttl_atribute", "ttl_attribute"),
    ("tables.orders", "point_in_time", "point_in_time_recovery"),
    ("tables.orders", "sort", "sort_key"),
    ("functions.api", "memory_size", "memory"),
    ("functions.api", "enviroment", "environment"),
    ("buckets.documents", "versioned", "versioning"),
    ("", "alarm", "alarms"),
    # ... a real setting the format does not have gets no misleading suggestion.
    ("tables.orders", "description", None),
    ("api.cors", "allow_credentials", None),
    ("api.cors", "expose_headers", None),
    ("functions.api", "layers", None),
    ("tables.orders", "hash_key", None),
])
def test_an_unknown_key_is_matched_to_what_it_could_mean(where: str, key: str,
                                                         expected: str | None) -> None:
    text = BASE + "buckets:\n  documents: {}\napi:\n  routes: {GET /x: api}\n  cors: {}\n"
    data = yaml.safe_load(text)
    node = data
    for part in [p for p in where.split(".") if p]:
        node = node[part]
    node[key] = 1
    d = only(diagnose(json.dumps(data)))
    assert d.code == "E101"
    if expected is None:
        assert "did you mean" not in d.message and d.hint and d.hint.startswith("allowed keys")
    else:
        assert d.message.endswith(f"did you mean '{expected}'?")


def test_a_value_in_the_wrong_case_is_matched() -> None:
    d = only(diagnose(edited("{name: id, type: S}", "{name: id, type: s}")))
    assert d.message.endswith("did you mean 'S'?")


def test_a_near_miss_of_a_single_allowed_value_is_suggested() -> None:
    d = only(diagnose(edited("    memory: 256\n",
                             "    memory: 256\n    access: {alerts: publsh}\n")))
    assert d.message == ("functions.api.access.alerts: expected 'publish', got 'publsh'; "
                         "did you mean 'publish'?")


def test_a_setting_indented_too_little_into_a_map_of_resources_is_one_error() -> None:
    # `function:` dedented out of its schedule: a schedule named 'function' and a schedule
    # without one would be two errors for one mistake.
    d = only(diagnose(edited("    function: api\n", "  function: api\n")))
    assert (d.code, d.path, d.line, d.col) == ("E101", ("schedules", "function"), 18, 3)
    assert d.message == ("schedules: 'function' is a key of each entry here, not an entry "
                         "of its own; is it indented too little?")
    assert d.hint == "indent it under the entry it belongs to"


def test_a_key_indented_too_little_names_the_section_it_belongs_in() -> None:
    text = edited("    memory: 256\n", "    memory: 256\n    access:\n      alerts: publish\n"
                  "    tables: {orders: read}\n")
    d = only(diagnose(text))
    assert (d.code, d.line, d.col) == ("E101", 17, 5)
    assert d.message == "unknown key 'tables' in functions.api"
    assert d.hint == "'tables' is a key of 'access': indent it under 'access'"


def test_a_key_indented_too_deep_names_the_section_it_belongs_in() -> None:
    text = edited("    memory: 256\n", "    access:\n      alerts: publish\n      memory: 256\n")
    d = only(diagnose(text))
    assert (d.code, d.line, d.col) == ("E101", 16, 7)
    assert d.hint == "'memory' is a key of functions.api: indent it less"


def test_a_required_key_indented_too_deep_is_one_error() -> None:
    text = edited("    template: processor\n    memory: 256\n",
                  "    memory: 256\n    access:\n      template: processor\n")
    d = only(diagnose(text))
    assert (d.code, d.path) == ("E101", ("functions", "api", "access", "template"))
    assert d.hint == "'template' is a key of functions.api: indent it less"


def test_a_section_indented_too_little_into_a_map_of_resources_is_one_error() -> None:
    text = edited("    memory: 256\n", "    memory: 256\n  access:\n    tables: {orders: read}\n")
    d = only(diagnose(text))
    assert (d.code, d.path, d.line, d.col) == ("E101", ("functions", "access"), 15, 3)


def test_an_entry_named_like_a_setting_is_still_an_entry() -> None:
    # A table may be called 'stream'; an error inside it is not a misplaced setting.
    text = edited("tables:\n  orders:\n", "tables:\n  stream:\n").replace("type: S}", "type: X}")
    d = only(diagnose(text))
    assert (d.code, d.path) == ("E104", ("tables", "stream", "partition_key", "type"))


@pytest.mark.parametrize(("old", "new", "hint"), [
    ("    memory: 256\n", '    memory: "256"\n', "write the number without quotes: memory: 256"),
    ("    memory: 256\n", "    memory: 256\n    vpc: 'false'\n",
     "write true or false without quotes: vpc: false"),
    ("[us-east-1a, us-east-1b]", "us-east-1a", "write a list: availability_zones: [us-east-1a]"),
    ("[us-east-1a, us-east-1b]", "{a: us-east-1a}",
     "write a list: one '- item' line per item, or [a, b]"),
    ("tables:\n  orders:\n", "tables:\n  - orders:\n",
     "a mapping has 'key: value' lines; remove the '- ' in front of them"),
])
def test_a_wrong_type_gets_a_hint_how_to_write_it(old: str, new: str, hint: str) -> None:
    d = only(diagnose(edited(old, new)))
    assert (d.code, d.hint) == ("E103", hint)


def test_a_value_in_upper_case_gets_its_lower_case_form() -> None:
    d = only(diagnose(edited("region: us-east-1", "region: EU-WEST-1")))
    assert (d.code, d.hint) == ("E105", "did you mean region: eu-west-1?")
    d = only(diagnose(edited("  orders:\n", "  Orders:\n")))
    assert (d.code, d.hint) == ("E105", "did you mean 'orders'?")


@pytest.mark.parametrize(("written", "meant"), [
    ("POST/orders", "POST /orders"), ("post /orders", "POST /orders"),
    ("GET  /orders", "GET /orders"), ("get/orders", "GET /orders"),
])
def test_a_route_key_written_loosely_gets_its_exact_form(written: str, meant: str) -> None:
    text = BASE + f'api:\n  routes:\n    "{written}": api\n'
    d = only(diagnose(text))
    assert (d.code, d.hint) == ("E105", f"did you mean '{meant}'?")


def test_an_entry_named_like_a_mapping_setting_is_still_an_entry() -> None:
    # A function called 'environment' whose settings would also pass as variables.
    text = edited("functions:\n  api:\n", "functions:\n  environment:\n    template: processor\n"
                  "    runtime: python3.9\n  api:\n")
    d = only(diagnose(text))
    assert (d.code, d.path) == ("E104", ("functions", "environment", "runtime"))


def test_a_missing_top_level_key_points_at_the_first_key_not_a_comment() -> None:
    diags = diagnose("# The shop's development environment.\n\n  # indented note\nversion: 1\n"
                     "environment: dev\n")
    assert [(d.code, d.line, d.col) for d in diags] == [("E102", 4, 1)] * 3
    assert {d.path for d in diags} == {("name",), ("region",), ("network",)}


def test_a_missing_top_level_key_of_an_overlay_points_at_its_first_key(tmp_path: Path) -> None:
    (tmp_path / "base.yaml").write_text("# base\nversion: 1\nname: shop\n")
    top = tmp_path / "dev.yaml"
    top.write_text("# the development environment\n  extends: base.yaml\n"
                   "  environment: dev\n")
    doc, diags = load_file(top)
    assert doc is not None and diags == []
    found = schema.schema_diagnostics(doc)
    assert [(d.code, d.file, d.line, d.col) for d in found] == [("E102", str(top), 2, 3)] * 2


def test_a_quoted_number_too_long_for_int_is_a_located_finding() -> None:
    huge = "9" * 5000
    found = diagnose(SPEC_HEADER + f'alarms:\n  a:\n    metric: lambda_errors\n    target: x\n'
                     f'    threshold: "{huge}"\n')
    assert found and all(d.code != "E000" for d in found)
    assert [d.line for d in found if d.path[-1:] == ("threshold",)] == [12]
    assert all(len(d.hint or "") < 200 for d in found)
