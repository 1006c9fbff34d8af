"""The HTTP API: API Gateway v2 in front of the spec's functions.

One `Api` (protocol HTTP, CORS only when the spec gives it), one Lambda proxy
`Integration` per distinct function (payload format 2.0), one `Route` per
route key, the `$default` stage with auto-deploy, the spec's default route
throttling and JSON access logs, and one Lambda `Permission` per function for
`apigateway.amazonaws.com`, scoped to this API's execution ARN.

The access-log group is named under `/aws/vendedlogs/`. HTTP API access logs
are vended logs: API Gateway delivers them through CloudWatch Logs' log
delivery, which lists every destination log group in one CloudWatch Logs
resource policy per account and region, capped at 5,120 characters. Near the
cap CloudWatch Logs opens that policy to `/aws/vendedlogs/*` instead, so only
groups under that prefix keep receiving logs in a busy account
(https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html).

Logical names are keyed by spec keys only: integrations and permissions by
function ident, routes by `route_slug(route key)`, so adding or reordering
routes never renames an existing one.
"""

from __future__ import annotations

import hashlib
import json
import re

import pulumi
import pulumi_aws as aws

from drspec.factory.context import ApiRefs, BuildContext
from drspec.factory.functions import FunctionWiringError
from drspec.model import Api

SECTION = "api"
STAGE = "$default"
ACCESS_LOG_RETENTION_DAYS = 30
#: Where the access-log groups live (see the module docstring).
ACCESS_LOG_PREFIX = "/aws/vendedlogs/apigateway/"

#: Access log fields (API Gateway `$context` variables), one JSON object per request.
ACCESS_LOG_FORMAT = json.dumps({
    "requestId": "$context.requestId",
    "requestTime": "$context.requestTime",
    "sourceIp": "$context.identity.sourceIp",
    "routeKey": "$context.routeKey",
    "status": "$context.status",
    "protocol": "$context.protocol",
    "responseLength": "$context.responseLength",
    "integrationStatus": "$context.integrationStatus",
    "integrationLatency": "$context.integrationLatency",
    "integrationError": "$context.integrationErrorMessage",
}, sort_keys=True)


def route_slug(route_key: str) -> str:
    """A stable, valid name part for a route key: a readable slug plus a short
    hash of the exact key (`GET /orders/{id}` and `GET /orders/id` slug alike)."""
    slug = re.sub(r"[^a-z0-9]+", "-", route_key.lower()).strip("-") or "route"
    digest = hashlib.sha256(route_key.encode()).hexdigest()[:8]
    return f"{slug[:40].rstrip('-')}-{digest}"


def build(ctx: BuildContext) -> None:
    spec_api = ctx.spec.api
    if spec_api is None:
        return
    name = ctx.env_physical("api")
    api = aws.apigatewayv2.Api(
        ctx.logical(SECTION, "", "http-api"),
        name=name,
        protocol_type="HTTP",
        description=f"{ctx.spec.name} {ctx.spec.environment} API in {ctx.region}",
        cors_configuration=cors(spec_api),
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    integrations = {}
    for fn_ident in functions_of(spec_api):
        integrations[fn_ident] = _integration(ctx, api, fn_ident)
    routes = [
        aws.apigatewayv2.Route(
            ctx.logical(SECTION, route_slug(route.key), "route"),
            api_id=api.id,
            route_key=route.key,
            target=integrations[route.function].id.apply(lambda i: f"integrations/{i}"),
            region=ctx.region,
            opts=ctx.opts(parent=api),
        )
        for route in spec_api.routes
    ]
    log_group = aws.cloudwatch.LogGroup(
        ctx.logical(SECTION, "", "access-logs"),
        name=f"{ACCESS_LOG_PREFIX}{name}",
        retention_in_days=ACCESS_LOG_RETENTION_DAYS,
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(),
    )
    stage = aws.apigatewayv2.Stage(
        ctx.logical(SECTION, "", "stage"),
        api_id=api.id,
        name=STAGE,
        auto_deploy=True,
        default_route_settings=route_settings(spec_api),
        access_log_settings=aws.apigatewayv2.StageAccessLogSettingsArgs(
            destination_arn=log_group.arn, format=ACCESS_LOG_FORMAT),
        region=ctx.region,
        tags=ctx.tags(),
        opts=ctx.opts(parent=api, depends_on=list(routes)),
    )
    ctx.refs.api = ApiRefs(
        api_id=api.id,
        endpoint=api.api_endpoint,
        execution_arn=api.execution_arn,
        stage=stage,
        resource=api,
    )
    ctx.export("api_endpoint_secondary" if ctx.secondary else "api_endpoint", api.api_endpoint)


def functions_of(spec_api: Api) -> list[str]:
    """The distinct functions behind the routes, in first-use order."""
    return list(dict.fromkeys(route.function for route in spec_api.routes))


def cors(spec_api: Api) -> aws.apigatewayv2.ApiCorsConfigurationArgs | None:
    """The spec's CORS settings; lists it leaves empty are not sent."""
    if spec_api.cors is None:
        return None
    c = spec_api.cors
    return aws.apigatewayv2.ApiCorsConfigurationArgs(
        allow_origins=list(c.allow_origins) or None,
        allow_methods=list(c.allow_methods) or None,
        allow_headers=list(c.allow_headers) or None,
    )


def route_settings(spec_api: Api) -> aws.apigatewayv2.StageDefaultRouteSettingsArgs | None:
    if spec_api.throttling is None:
        return None
    return aws.apigatewayv2.StageDefaultRouteSettingsArgs(
        throttling_burst_limit=spec_api.throttling.burst,
        throttling_rate_limit=spec_api.throttling.rate,
    )


def _integration(ctx: BuildContext, api: aws.apigatewayv2.Api,
                 fn_ident: str) -> aws.apigatewayv2.Integration:
    fn = ctx.refs.functions.get(fn_ident)
    if fn is None:
        raise FunctionWiringError(
            f"an API route targets function {fn_ident!r}, which was not built in {ctx.region}")
    integration = aws.apigatewayv2.Integration(
        ctx.logical(SECTION, fn_ident, "integration"),
        api_id=api.id,
        integration_type="AWS_PROXY",
        integration_method="POST",
        integration_uri=fn.invoke_arn,
        payload_format_version="2.0",
        region=ctx.region,
        opts=ctx.opts(parent=api),
    )
    aws.lambda_.Permission(
        ctx.logical(SECTION, fn_ident, "permission"),
        action="lambda:InvokeFunction",
        function=fn.name,
        principal="apigateway.amazonaws.com",
        source_arn=pulumi.Output.concat(api.execution_arn, "/*/*"),
        region=ctx.region,
        opts=ctx.opts(parent=api),
    )
    return integration
