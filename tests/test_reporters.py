"""The output formats, on hand-made diagnostics: exact text, stable order, valid SARIF."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

from drspec.catalog import all_rules
from drspec.diagnostics import Diagnostic, Severity
from drspec.reporters import REPORTERS, github, json_report, sarif, text

SARIF_SCHEMA = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"

E = Severity.ERROR
W = Severity.WARNING

DIAGS = [
    Diagnostic("W201", W, "one availability zone only", "specs/dev.yaml", 14, 23,
               "list at least two zones", ("network", "availability_zones")),
    Diagnostic("E101", E, "'cidr' is required", "specs/dev.yaml", 12, 3, None, ("network",)),
    Diagnostic("E010", E, "specs/gone.yaml: no such file", "specs/gone.yaml", 1, 1,
               "check the path"),
    Diagnostic("E401", E, "function 'x' does not exist", "specs/a b/ü%#.yaml", 7, 5,
               "define it under 'functions'", ("api", "routes", "GET /x")),
]


def test_every_format_is_registered() -> None:
    assert set(REPORTERS) == {"text", "json", "sarif", "github"}
    assert REPORTERS["text"]([]) == REPORTERS["github"]([]) == ""
    assert json.loads(REPORTERS["json"]([])) == []
    assert json.loads(REPORTERS["sarif"]([]))["runs"][0]["results"] == []


def test_text_uses_the_compiler_convention_with_indented_hints() -> None:
    assert text.render(DIAGS).splitlines() == [
        "specs/a b/ü%#.yaml:7:5: error[E401] function 'x' does not exist",
        "    hint: define it under 'functions'",
        "specs/dev.yaml:12:3: error[E101] 'cidr' is required",
        "specs/dev.yaml:14:23: warning[W201] one availability zone only",
        "    hint: list at least two zones",
        "specs/gone.yaml:1:1: error[E010] specs/gone.yaml: no such file",
        "    hint: check the path",
    ]


def test_text_indents_continuation_lines() -> None:
    diag = Diagnostic("E001", E, "first\nsecond", "a.yaml", 3, 4, "do this\r\nthen that")
    assert text.format_diagnostic(diag).splitlines() == [
        "a.yaml:3:4: error[E001] first",
        "    second",
        "    hint: do this",
        "    then that",
    ]


def test_text_of_nothing_is_empty() -> None:
    assert text.render([]) == ""


def test_summary_counts_errors_warnings_and_files() -> None:
    assert text.summary(DIAGS, 5) == "3 errors, 1 warning in 3 of 5 files"
    assert text.summary(DIAGS[:1], 1) == "0 errors, 1 warning in 1 of 1 file"
    assert text.summary([], 3) == "3 files checked, no problems"


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_output_does_not_depend_on_input_order(fmt: str) -> None:
    render = REPORTERS[fmt]
    assert render(DIAGS) == render(list(reversed(DIAGS))) == render(DIAGS[2:] + DIAGS[:2])


def test_json_is_a_sorted_list_of_diagnostic_dicts() -> None:
    items = json.loads(json_report.render(DIAGS))
    assert [(i["file"], i["line"], i["col"]) for i in items] == [
        ("specs/a b/ü%#.yaml", 7, 5),
        ("specs/dev.yaml", 12, 3),
        ("specs/dev.yaml", 14, 23),
        ("specs/gone.yaml", 1, 1),
    ]
    assert items[2] == {
        "file": "specs/dev.yaml", "line": 14, "col": 23, "code": "W201",
        "severity": "warning", "message": "one availability zone only",
        "hint": "list at least two zones", "path": "network.availability_zones",
    }
    assert items[1]["hint"] is None
    assert items[0]["path"] == "api.routes.GET /x"
    assert json.loads(json_report.render([])) == []


def _sarif(diags: list[Diagnostic]) -> dict:
    return json.loads(sarif.render(diags))


def _validate_sarif(log: dict) -> None:
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator_cls(schema, format_checker=validator_cls.FORMAT_CHECKER).validate(log)


def test_sarif_is_valid_against_the_2_1_0_schema() -> None:
    for diags in (DIAGS, []):
        _validate_sarif(_sarif(diags))


def test_sarif_schema_validation_would_catch_a_broken_log() -> None:
    log = _sarif(DIAGS)
    log["runs"][0]["results"][0]["level"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        _validate_sarif(log)


def test_sarif_driver_lists_every_registered_rule() -> None:
    log = _sarif(DIAGS)
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-schema-2.1.0.json")
    assert len(log["runs"]) == 1
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "drspec"
    assert driver["version"]
    assert urlsplit(driver["informationUri"]).scheme == "https"
    ids = [r["id"] for r in driver["rules"]]
    assert ids == sorted(ids)
    registered = {r.code: r for r in all_rules()}
    assert set(registered) <= set(ids)
    e010 = driver["rules"][ids.index("E010")]
    assert e010["shortDescription"]["text"] == registered["E010"].title
    assert e010["fullDescription"]["text"] == registered["E010"].help
    assert e010["help"]["text"] == registered["E010"].help
    assert e010["defaultConfiguration"] == {"level": "error"}
    assert e010["name"].isidentifier()


def test_sarif_results_point_at_their_rules_and_positions() -> None:
    run = _sarif(DIAGS)["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    assert [r["ruleId"] for r in results] == ["E401", "E101", "W201", "E010"]
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    warning = results[2]
    assert warning["level"] == "warning"
    assert warning["message"]["text"] == "one availability zone only\nhint: list at least two zones"
    assert warning["properties"]["specPath"] == "network.availability_zones"
    location = warning["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "specs/dev.yaml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 14, "startColumn": 23}
    assert results[1]["message"]["text"] == "'cidr' is required"


def test_sarif_uris_are_percent_encoded_relative_references() -> None:
    loc = sarif.artifact_location("specs/a b/ü%#.yaml")
    assert loc == {"uri": "specs/a%20b/%C3%BC%25%23.yaml", "uriBaseId": "%SRCROOT%"}
    assert unquote(loc["uri"]) == "specs/a b/ü%#.yaml"
    assert sarif.artifact_location("./specs/dev.yaml")["uri"] == "specs/dev.yaml"
    assert sarif.artifact_location("../base.yaml")["uri"] == "../base.yaml"
    # A colon in the first segment would read as a URI scheme.
    assert sarif.artifact_location("c:x.yaml")["uri"] == "c%3Ax.yaml"


def test_sarif_absolute_paths_become_file_uris(tmp_path: Path) -> None:
    path = tmp_path / "my specs" / "dev.yaml"
    loc = sarif.artifact_location(str(path))
    assert "uriBaseId" not in loc
    parts = urlsplit(loc["uri"])
    assert parts.scheme == "file"
    assert " " not in loc["uri"]
    assert Path(unquote(parts.path)) == path


def test_sarif_keeps_an_unregistered_code_resolvable() -> None:
    diag = Diagnostic("X999", E, "made up", "f.yaml")
    log = _sarif([diag])
    _validate_sarif(log)
    run = log["runs"][0]
    assert run["tool"]["driver"]["rules"][run["results"][0]["ruleIndex"]]["id"] == "X999"


def test_sarif_rule_names_are_pascal_case_identifiers() -> None:
    assert sarif.rule_name("duplicate key") == "DuplicateKey"
    assert sarif.rule_name("YAML 1.1 / 1.2 ambiguity") == "YAML1112Ambiguity"


def test_github_annotations() -> None:
    lines = github.render(DIAGS).splitlines()
    assert lines[1] == "::error file=specs/dev.yaml,line=12,col=3,title=E101::'cidr' is required"
    assert lines[2] == (
        "::warning file=specs/dev.yaml,line=14,col=23,title=W201::"
        "one availability zone only%0Ahint: list at least two zones"
    )
    assert len(lines) == len(DIAGS)


def test_github_escapes_data_and_properties() -> None:
    diag = Diagnostic("E001", E, "100% broken:\r\nnext, line", "dir,x/a:b%.yaml", 2, 9)
    assert github.format_diagnostic(diag) == (
        "::error file=dir%2Cx/a%3Ab%25.yaml,line=2,col=9,title=E001::"
        "100%25 broken:%0D%0Anext, line"
    )
