"""Defines `handle`, not `handler`; never imported by drspec (parsed only)."""
raise SystemExit("drspec must not import user code")


def handle(event, context):
    return {"statusCode": 200}
