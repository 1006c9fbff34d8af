"""A handler living beside its spec (tests/specs/valid/function-source)."""


def handle(event: dict, context: object) -> dict:
    return {"statusCode": 200, "body": "ok"}
