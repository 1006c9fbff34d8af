"""JSON Schema validation, with every error turned into a located, readable diagnostic.

The schema (`schemas/drspec-v1.schema.json`) is read and compiled once per
process. Each error jsonschema reports becomes one finding with a stable code
(E101-E109), a message that says what was expected and what was found, and
a hint; findings are then located in the file through `Document.locate`.

Translation rules worth knowing:

- an unknown key is reported at the key, with the nearest allowed key
  ("did you mean ...?"); the "missing key" error its typo caused is dropped;
- for `anyOf`/`oneOf`, the branch that fits the kind of value written (a
  mapping for a mapping, ...) is reported; when no branch fits, one message
  names every alternative;
- a wrong type at a path hides the other complaints about the same value;
- formats are described in words (each pattern in the schema has a `title`)
  with an example from the schema, never as a regular expression;
- a value YAML 1.1 read as something else (`no` -> false) gets a hint to quote it.

This module is the entry point; the work is done by its siblings:

- `codes`: the codes E101-E109;
- `validator`: the schema read, `$ref`s inlined, the validator compiled;
- `quick`: a compiled yes/no first, so only failing documents are walked;
- `messages`: one jsonschema error in, findings with message and hint out;
- `branches`: which `anyOf`/`oneOf` branch to report;
- `hints`: did-you-mean, examples, YAML 1.1 quoting advice;
- `wording`: how places, values, choices, ranges and counts are written;
- `findings`: the finding type, and the rules that merge or drop findings.
"""

from __future__ import annotations

from drspec.diagnostics import Diagnostic, sorted_diagnostics
from drspec.load.document import Document
from drspec.schema.findings import Finding, explain_misplaced_settings, prune
from drspec.schema.messages import Translator
from drspec.schema.quick import surely_valid
from drspec.schema.validator import validator


def schema_diagnostics(doc: Document) -> list[Diagnostic]:
    """Every schema error in `doc`, located, deduplicated and sorted by position."""
    if surely_valid(doc.data):  # most specs: no error to walk for
        return []
    translator = Translator(doc)
    findings: list[Finding] = []
    for error in validator().iter_errors(doc.data):
        findings.extend(translator.translate(error))
    findings = explain_misplaced_settings(doc.data, findings)
    return sorted_diagnostics(f.diagnostic(doc) for f in prune(findings))
