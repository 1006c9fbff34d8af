"""New specs and new projects from templates (`drspec new`, `drspec init`).

Everything written here is checked by the validate pipeline before it is
written, so a scaffold is valid as written.
"""
