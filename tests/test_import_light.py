"""`drspec validate` stays light: no Pulumi on the validate path, the schema compiled once.

Checked in a fresh interpreter, since this test session may already have
imported Pulumi for other tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
import yaml
from drspec.cli import main
import drspec.load.reader, drspec.schema.diagnose, drspec.schema.quick

code = main(["validate", "--format", "json", *sys.argv[1:]])
heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("pulumi", "pulumi_aws"))
info = drspec.schema.diagnose.validator.cache_info()
quick = drspec.schema.quick._quick_validator.cache_info()
print(json.dumps({
    "code": code,
    "heavy": heavy,
    "validator_builds": info.misses,
    "quick_builds": quick.misses,
    "quick_hits": quick.hits,
    "libyaml": yaml.__with_libyaml__,
    "c_loader": drspec.load.reader._Loader.__name__,
}), file=sys.stderr)
"""


def probe(*specs: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    proc = subprocess.run([sys.executable, "-c", PROBE, *specs], cwd=REPO,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    facts = json.loads(proc.stderr.strip().splitlines()[-1])
    return facts, json.loads(proc.stdout)


def test_validate_imports_no_pulumi_and_builds_the_schema_validator_once() -> None:
    facts, diagnostics = probe("specs/dev.yaml", "specs/prod.yaml")
    assert facts["code"] == 0, diagnostics
    assert facts["heavy"] == []
    assert facts["validator_builds"] == 1
    # Valid specs are judged by the compiled yes/no alone, built once for both files.
    assert facts["quick_builds"] == 1
    assert isinstance(facts["quick_hits"], int) and facts["quick_hits"] >= 2


def test_validate_uses_libyamls_c_parser_where_installed() -> None:
    facts, _ = probe("specs/dev.yaml")
    if facts["libyaml"]:
        assert facts["c_loader"] == "CSafeLoader"
    else:  # pragma: no cover - PyYAML built without libyaml
        assert facts["c_loader"] == "SafeLoader"
