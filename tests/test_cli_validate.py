"""`drspec validate`: files and directories, formats, exit codes, hostile input."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from drspec.cli import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "specs").glob("*.yaml"))
LOCATED = re.compile(
    r"^(?P<file>.+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning)\[(?P<code>[EW]\d{3})\] \S"
)

HOSTILE = {
    "syntax.yaml": b"version: 1\nname: [orders\n",
    "python-tag.yaml": b"version: 1\nname: !!python/object/apply:os.system ['echo hacked']\n",
    "billion-laughs.yaml": (
        b"a: &a [x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        )
    ),
    "deep.yaml": b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n",
    "binary.yaml": bytes(range(256)) * 4,
    "empty.yaml": b"",
    "list.yaml": b"- 1\n- 2\n",
    "duplicate.yaml": b"version: 1\nversion: 1\n",
    "two-docs.yaml": b"version: 1\n---\nversion: 1\n",
    "extends-cycle.yaml": b"extends: extends-cycle.yaml\nversion: 1\n",
    "extends-missing.yaml": b"extends: nowhere/base.yaml\nversion: 1\n",
    "weird-types.yaml": b"version: [1]\nname: {a: b}\nnetwork: 7\ntables: [x]\nfunctions: ~\n",
    "nul.yaml": b"version: 1\x00\n",
    "latin1.yaml": "name: caf\u00e9\n".encode("latin-1"),
    "huge.yaml": b"# padding\n" * 300_000,
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["validate", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def located_lines(out: str) -> list[re.Match[str]]:
    return [m for line in out.splitlines() if (m := LOCATED.match(line))]


def test_a_missing_file_is_a_located_error(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    missing = tmp_path / "nope.yaml"
    code, out, err = run(capsys, str(missing))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{missing}:1:1: error[E010] ")
    assert "1 error, 0 warnings in 1 of 1 file" in err


def test_a_syntax_error_points_at_its_line(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    spec = tmp_path / "broken.yaml"
    spec.write_text("version: 1\nname: orders\nnetwork:\n  cidr: [10.0.0.0/16\n")
    code, out, _ = run(capsys, str(spec))
    assert code == 1
    [match] = located_lines(out)
    assert match["file"] == str(spec)
    assert match["code"] == "E001"
    assert int(match["line"]) >= 4
    assert "    hint: " in out


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_yields_diagnostics_not_a_crash(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    spec = tmp_path / name
    spec.write_bytes(HOSTILE[name])
    code, out, err = run(capsys, str(spec))
    assert code == 1
    found = located_lines(out)
    assert found, out
    assert all(m["file"] == str(spec) for m in found)
    assert all(m["code"] != "E000" for m in found), out  # E000: drspec itself failed
    assert "Traceback" not in out + err


def test_hostile_input_in_a_subprocess_never_prints_a_traceback(tmp_path: Path) -> None:
    for name, content in HOSTILE.items():
        (tmp_path / name).write_bytes(content)
    proc = subprocess.run(
        [sys.executable, "-m", "drspec", "validate", "--format", "json", str(tmp_path)],
        capture_output=True, text=True, check=False, cwd=REPO,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    items = json.loads(proc.stdout)
    # In a directory, an empty file and a top-level list are not specs: skipped, with a note.
    not_specs = {"empty.yaml", "list.yaml"}
    assert {Path(i["file"]).name for i in items} == set(HOSTILE) - not_specs
    assert all(f"{name}: not a drspec spec" in proc.stderr for name in not_specs)
    assert "E000" not in {i["code"] for i in items}, proc.stdout


def test_directories_are_searched_recursively_in_sorted_order(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for rel in ("b.yaml", "a/z.yml", "a/y.yaml", "c/deep/x.yaml"):
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("version: 1\nname: shop\n")  # a spec, missing keys
    (tmp_path / "notes.txt").write_text("- ignored\n")
    (tmp_path / "a" / "dir.yaml").mkdir()  # a directory with a spec-like name
    code, out, err = run(capsys, "--format", "json", str(tmp_path))
    assert code == 1
    files = [Path(i["file"]).relative_to(tmp_path).as_posix() for i in json.loads(out)]
    assert list(dict.fromkeys(files)) == ["a/y.yaml", "a/z.yml", "b.yaml", "c/deep/x.yaml"]
    assert err == ""


def test_a_file_named_twice_is_checked_once(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:
    spec = tmp_path / "x.yaml"
    spec.write_text("[]\n")
    code, out, _ = run(capsys, "--format", "json", str(spec), str(tmp_path), str(spec))
    assert code == 1
    assert len(json.loads(out)) == 1


def test_all_files_go_into_one_report(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    names = ["one.yaml", "two.yaml", "three.yaml"]
    for name in names:
        (tmp_path / name).write_text("[]\n")
    paths = [str(tmp_path / n) for n in names]
    _, out, _ = run(capsys, "--format", "sarif", *paths)
    log = json.loads(out)
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert len(log["runs"]) == 1
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert sorted(Path(u).name for u in uris) == sorted(names)
    _, out, _ = run(capsys, "--format", "github", *paths)
    assert len(out.splitlines()) == 3
    assert all(line.startswith("::error file=") for line in out.splitlines())


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["validate"])
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["validate", "--format", "xml", "specs/dev.yaml"])
    assert exc.value.code == 2
    capsys.readouterr()
    code, out, err = run(capsys, str(tmp_path))  # a directory without specs
    assert code == 2
    assert out == ""
    assert "no *.yaml or *.yml files" in err


# End to end with the real schema and checks: the shipped specs are valid.


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_the_shipped_specs_pass(capsys: pytest.CaptureFixture[str], fmt: str) -> None:
    code, out, err = run(capsys, "--format", fmt, *map(str, SHIPPED))
    assert code == 0, out + err
    assert "error" not in {d["severity"] for d in _as_dicts(fmt, out)}


def _as_dicts(fmt: str, out: str) -> list[dict[str, str]]:
    if fmt == "json":
        return json.loads(out)
    if fmt == "sarif":
        return [{"severity": r["level"]} for r in json.loads(out)["runs"][0]["results"]]
    if fmt == "github":
        return [{"severity": line[2:].split(" ", 1)[0]} for line in out.splitlines()]
    return [{"severity": m["sev"]} for m in located_lines(out)]


def test_the_specs_directory_passes(capsys: pytest.CaptureFixture[str],
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run(capsys, "specs")
    assert code == 0, out + err
    bases = list((REPO / "specs" / "base").glob("*.yaml"))
    assert f"{len(SHIPPED) + len(bases)} files" in err


def _one_zone_spec(tmp_path: Path) -> Path:
    """dev.yaml narrowed to one availability zone: valid, with a redundancy warning."""
    text = (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text()
    text = text.replace("[us-east-1a, us-east-1b]", "[us-east-1a]")
    text = text.replace("[10.10.1.0/24, 10.10.2.0/24]", "[10.10.1.0/24]")
    text = text.replace("[10.10.11.0/24, 10.10.12.0/24]", "[10.10.11.0/24]")
    spec = tmp_path / "one-zone.yaml"
    spec.write_text(text)
    return spec


def test_warnings_pass_unless_strict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    spec = _one_zone_spec(tmp_path)
    code, out, _ = run(capsys, str(spec))
    warnings = [m for m in located_lines(out) if m["sev"] == "warning"]
    assert warnings, out
    assert not [m for m in located_lines(out) if m["sev"] == "error"], out
    assert code == 0

    code, out, _ = run(capsys, "--strict", str(spec))
    assert code == 1
    promoted = located_lines(out)
    assert {m["code"] for m in promoted} == {m["code"] for m in warnings}
    assert {m["sev"] for m in promoted} == {"error"}


def test_a_semantic_error_is_located_in_every_format(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    text = (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text()
    assert '"GET /health": health' in text
    lines = text.replace('"GET /health": health', '"GET /health": nowhere').splitlines()
    spec = tmp_path / "dangling.yaml"
    spec.write_text("\n".join(lines) + "\n")
    line = next(i for i, t in enumerate(lines, 1) if "nowhere" in t)

    code, out, _ = run(capsys, str(spec))
    assert code == 1
    errors = [m for m in located_lines(out) if m["sev"] == "error"]
    assert [int(m["line"]) for m in errors] == [line], out

    _, out, _ = run(capsys, "--format", "json", str(spec))
    [item] = [i for i in json.loads(out) if i["severity"] == "error"]
    assert item["line"] == line
    assert item["path"] == "api.routes.GET /health"

    _, out, _ = run(capsys, "--format", "github", str(spec))
    assert f",line={line}," in out


def test_python_dash_m_and_the_console_script_agree(tmp_path: Path) -> None:
    exe = shutil.which("drspec")
    if exe is None:
        pytest.skip("the drspec console script is not installed")
    missing = str(tmp_path / "missing.yaml")
    a = subprocess.run([exe, "validate", missing], capture_output=True, text=True, check=False)
    b = subprocess.run([sys.executable, "-m", "drspec", "validate", missing],
                       capture_output=True, text=True, check=False, cwd=REPO)
    assert a.returncode == b.returncode == 1
    assert a.stdout == b.stdout


def test_sarif_of_every_invalid_fixture_is_valid_and_resolves_its_rules(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)
    code, out, _ = run(capsys, "--format", "sarif", "tests/specs/invalid")
    assert code == 1
    log = json.loads(out)
    schema = json.loads((REPO / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["results"]
    for result in run_["results"]:
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == result["ruleId"]
        assert rule["shortDescription"]["text"] != rule["id"], f"{rule['id']} is not registered"
        uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        assert uri.startswith("tests/specs/")


def test_the_summary_counts_checked_files_and_each_finding_once(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # Two overlays share a base with one error: it is reported once, and the files with
    # findings are the two overlays checked, not the base beside them.
    base = (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text()
    (tmp_path / "base.yml").write_text(base.replace("    memory: 128", "    memory: 64"))
    for env in ("one", "two"):
        (tmp_path / f"{env}.yaml").write_text(f"extends: base.yml\nenvironment: {env}\n")
    code, out, err = run(capsys, str(tmp_path / "one.yaml"), str(tmp_path / "two.yaml"))
    assert code == 1
    assert len(located_lines(out)) == 1
    assert err.strip() == "1 error, 0 warnings in 2 of 2 files"


def test_a_directory_search_skips_hidden_directories_and_other_yaml(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    files = {
        "specs/dev.yaml": (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text(),
        "specs/broken.yaml": "version: 1\nname: shop\n",
        "specs/overlay.yaml": "extends: dev.yaml\nenvironment: qa\n",
        ".github/workflows/ci.yml": "on: push\njobs: {}\n",
        "specs/.hidden.yaml": "version: 1\n",
        "docker-compose.yml": "version: '3.8'\nname: web\nservices:\n  web: {image: nginx}\n",
        "Pulumi.yaml": "name: orders\nruntime: python\n",
        "hooks.yaml": "- id: x\n",
        "empty.yaml": "",
    }
    for rel, text in files.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text)
    code, out, err = run(capsys, "--format", "json", str(tmp_path))
    assert code == 1
    assert {Path(i["file"]).name for i in json.loads(out)} == {"broken.yaml"}
    skipped = sorted(line.split(": not a drspec spec")[0].removeprefix("drspec validate: skipped ")
                     for line in err.splitlines() if "not a drspec spec" in line)
    assert skipped == [str(tmp_path / n)
                       for n in ("Pulumi.yaml", "docker-compose.yml", "empty.yaml", "hooks.yaml")]
    assert "ci.yml" not in err and ".hidden" not in err
    # Named on the command line, a file is always checked.
    code, out, err = run(capsys, "--format", "json", str(tmp_path / "docker-compose.yml"))
    assert code == 1 and json.loads(out)


def test_a_directory_with_only_other_yaml_is_a_usage_error(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "Pulumi.yaml").write_text("name: orders\nruntime: python\n")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out) == (2, "")
    assert "no drspec specs under" in err


def test_files_found_in_a_directory_are_named_without_dot_segments(
        capsys: pytest.CaptureFixture[str], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "x.yaml").write_text("version: 1\n")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "--format", "json", ".")
    assert {i["file"] for i in json.loads(out)} == {os.path.join("specs", "x.yaml")}


def test_a_partial_base_in_a_directory_is_checked_through_its_overlays(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The base lacks `environment`: on its own it is no spec, but every overlay is.
    flat = (REPO / "tests" / "data" / "flat" / "dev.yaml").read_text()
    base = flat.replace("environment: dev\n", "")
    (tmp_path / "base.yaml").write_text(base)
    for env in ("dev", "qa"):
        (tmp_path / f"{env}.yaml").write_text(f"extends: base.yaml\nenvironment: {env}\n")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out) == (0, ""), err
    assert (f"{tmp_path / 'base.yaml'}: a partial base (no 'environment'); checked through "
            "the specs that extend it") in err
    assert "3 files checked, no problems" in err
    # An error in the base is still found, once, in the base.
    (tmp_path / "base.yaml").write_text(base.replace("    memory: 128", "    memory: 64"))
    code, out, err = run(capsys, str(tmp_path))
    assert code == 1
    assert [m["file"] for m in located_lines(out)] == [str(tmp_path / "base.yaml")]
    assert "1 error, 0 warnings in 1 of 3 files" in err
    # Named with its overlays (`drspec validate specs/*.yaml`), it is a base all the same;
    # named alone, it is checked on its own.
    (tmp_path / "base.yaml").write_text(base)
    code, out, _ = run(capsys, *(str(tmp_path / f) for f in ("base.yaml", "dev.yaml")))
    assert (code, out) == (0, "")
    code, out, _ = run(capsys, "--format", "json", str(tmp_path / "base.yaml"))
    assert code == 1
    assert "missing required key 'environment'" in out


def test_a_complete_base_is_checked_as_an_environment(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # prod is broken (failover needs warm_standby); staging extends it and repairs that.
    prod = (REPO / "tests" / "data" / "flat" / "prod.yaml").read_text().replace(
        "mode: warm_standby", "mode: pilot_light")
    (tmp_path / "prod.yaml").write_text(prod)
    (tmp_path / "staging.yaml").write_text(
        "extends: prod.yaml\nenvironment: staging\n"
        "disaster_recovery:\n  mode: warm_standby\n")
    for argv in ([str(tmp_path)], [str(tmp_path / "prod.yaml"), str(tmp_path / "staging.yaml")]):
        code, out, err = run(capsys, *argv)
        assert code == 1, err
        found = located_lines(out)
        assert [(Path(m["file"]).name, m["code"]) for m in found] == [("prod.yaml", "E504")]
        assert "checked through" not in err
        assert err.strip().endswith("1 error, 0 warnings in 1 of 2 files")


def test_a_glob_the_shell_did_not_expand_is_expanded(capsys: pytest.CaptureFixture[str],
                                                     tmp_path: Path) -> None:
    # cmd.exe and PowerShell hand `specs\*.yaml` over as written.
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text("version: 1\n")
    code, out, _ = run(capsys, "--format", "json", str(tmp_path / "*.yaml"))
    assert code == 1
    assert {Path(i["file"]).name for i in json.loads(out)} == {"a.yaml", "b.yaml"}
    code, out, _ = run(capsys, "--format", "json", str(tmp_path / "*.yml"))
    assert [i["code"] for i in json.loads(out)] == ["E010"]  # matches nothing: not found
