"""Phase 2, schema: JSON Schema validation, each error a located, readable diagnostic.

`diagnose.schema_diagnostics(doc)` is the entry point.
"""
