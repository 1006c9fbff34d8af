"""A Pulumi project in the team's own repository that uses the installed drspec.

`project_files` renders what `drspec init` writes: `Pulumi.yaml` declaring
`drspec:spec`, a two-line `__main__.py`, `requirements.txt` pinning this
drspec with its Pulumi extra, a stack file, `specs/base/common.yaml` (partial)
with a `specs/dev.yaml` overlay, `.pre-commit-config.yaml` running drspec's
hook and the GitHub Actions workflow of `examples/github-actions/`.
`write_missing` writes only files that do not exist yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

#: target path (relative to the project) -> template under templates/_project/
FILES: dict[str, str] = {
    "Pulumi.yaml": "Pulumi.yaml.j2",
    "Pulumi.dev.yaml": "Pulumi.stack.yaml.j2",
    "__main__.py": "__main__.py.j2",
    "requirements.txt": "requirements.txt.j2",
    "specs/base/common.yaml": "base.yaml.j2",
    "specs/dev.yaml": "dev.yaml.j2",
    ".pre-commit-config.yaml": "pre-commit-config.yaml.j2",
    ".github/workflows/drspec.yml": "drspec-ci.yml",
    ".gitignore": "gitignore.j2",
}


@dataclass(frozen=True)
class ProjectRequest:
    name: str
    region: str = "us-east-1"
    team: str = "platform"


def project_files(request: ProjectRequest) -> dict[str, str]:
    """Relative path -> content of every file of a new project."""
    import jinja2

    from drspec.resources import templates_dir
    from drspec.version import __version__

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates_dir() / "_project")),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             autoescape=False)
    values = {
        "name": request.name, "region": request.region, "team": request.team,
        "environment": "dev", "version": __version__,
        "description": f"Disaster-recovery environments of {request.name} on AWS, from drspec "
                       "specs.",
    }
    out = {}
    for target, template in FILES.items():
        if template.endswith(".j2"):
            out[target] = env.get_template(template).render(values)
        else:  # copied as it is (it holds GitHub's own ${{ }} expressions)
            out[target] = (templates_dir() / "_project" / template).read_text(encoding="utf-8")
    return out


def write_missing(root: Path, files: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Write each file that does not exist yet; (written, left alone as they were)."""
    written, kept = [], []
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("x", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
        except FileExistsError:
            kept.append(relative)
        else:
            written.append(relative)
    return written, kept
