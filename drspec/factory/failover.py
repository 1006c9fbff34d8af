"""Route 53 failover between the primary API and its warm-standby copy.

A health check probes the primary API on its own `execute-api` hostname (the
failover domain resolves to whichever region is serving, so probing it would
measure the wrong thing). The failover domain reaches either API through a
regional API Gateway custom domain in each region, which needs an ACM
certificate in that region. ACM's DNS validation record depends only on the
domain and the account, not on the region, so one validation record in the
hosted zone validates both certificates; it is created once, from the primary
certificate, and both `CertificateValidation`s wait for it.

Two alias records share the domain: PRIMARY (with the health check) and
SECONDARY. Route 53 answers with the secondary while the check fails.

The health check probes the path `failover.health_check_path` (`/health`),
which the `health_check` template answers with *serving* health only (can this
region take a request: its tables and buckets answer), never DR posture: a
disabled PITR or replication rule must raise an alert, not move traffic.

A failover is announced: an alarm on the health check's `HealthCheckStatus`
(1 healthy, 0 unhealthy; "Valid statistics: Minimum") goes to ALARM when
Route 53 starts answering with the standby and back to OK at failback. Route 53
publishes its metrics in us-east-1 only ("Route 53 metrics are not available
if you select any other region",
https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-health-checks.html;
metrics: https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/monitoring-cloudwatch.html),
and its alarm topic "must be in the US East (N. Virginia) Region"
(https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html):
so the alarm lives in us-east-1 and notifies that region's alerts topic,
built there for this purpose (`alerts-route53-*`) unless one of the
environment's regions is us-east-1. No data (before the first check) leaves
the alarm in INSUFFICIENT_DATA, which notifies nobody.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlparse

import pulumi
import pulumi_aws as aws

from drspec import naming
from drspec.factory import alerts
from drspec.factory.context import ApiRefs, BuildContext, TopicRefs
from drspec.model import Failover

SECTION = "failover"
HTTPS_PORT = 443
DEFAULT_STAGE = "$default"
#: Where Route 53 publishes health-check metrics (and so where their alarms live).
ROUTE53_METRICS_REGION = "us-east-1"
HEALTH_ALARM_PERIOD = 60


def build(ctx: BuildContext) -> None:
    dr = ctx.spec.disaster_recovery
    failover = dr.failover
    if failover is None or not dr.warm_standby or ctx.spec.api is None:
        return
    secondary = dr.secondary_region
    assert secondary is not None
    primary_api = ctx.primary_refs.api
    secondary_api = ctx.shared.regions[secondary].api
    if primary_api is None or secondary_api is None:
        raise ValueError("failover needs the api in both regions")

    health_check = _health_check(ctx, failover, primary_api)
    primary = _Region(ctx.spec.region, "primary", primary_api)
    standby = _Region(secondary, "secondary", secondary_api)
    certificates = {r.role: _certificate(ctx, failover, r) for r in (primary, standby)}
    validation_record = _validation_record(ctx, failover, certificates["primary"])
    for region in (primary, standby):
        validated = aws.acm.CertificateValidation(
            _name(region, "certificate-validation"),
            region=region.name,
            certificate_arn=certificates[region.role].arn,
            validation_record_fqdns=[validation_record.fqdn],
            opts=ctx.opts(),
        )
        domain_name = _domain_name(ctx, failover, region, validated)
        _alias_record(ctx, failover, region, domain_name,
                      health_check if region.role == "primary" else None)
    ctx.export("failover_domain", failover.domain)
    ctx.export("health_check_id", health_check.id)
    ctx.shared.health_check_id = health_check.id
    _failover_alarm(ctx, failover, health_check)


def _route53_topic(ctx: BuildContext) -> TopicRefs:
    """The alerts topic of us-east-1: the environment's own when it runs there."""
    refs = ctx.shared.regions.get(ROUTE53_METRICS_REGION)
    if refs is not None and refs.alerts is not None:
        return refs.alerts
    return alerts.build_topic(ctx, ROUTE53_METRICS_REGION, "route53")


def _failover_alarm(ctx: BuildContext, failover: Failover,
                    health_check: aws.route53.HealthCheck) -> None:
    topic = _route53_topic(ctx)
    secondary = ctx.spec.disaster_recovery.secondary_region
    alerts.metric_alarm(
        ctx, naming.logical(SECTION, "primary", "health-alarm"), topic,
        name=ctx.env_physical("failover-alarm"),
        kind="failover",
        region=ROUTE53_METRICS_REGION,
        alarm_description=(
            f"ALARM: Route 53 finds the primary API in {ctx.spec.region} unhealthy and "
            f"answers {failover.domain} with the standby in {secondary} (failover). "
            f"OK: the primary is healthy again and serves {failover.domain} (failback)."),
        namespace="AWS/Route53",
        metric_name="HealthCheckStatus",
        statistic="Minimum",
        dimensions={"HealthCheckId": health_check.id},
        period=HEALTH_ALARM_PERIOD,
        evaluation_periods=1,
        comparison_operator="LessThanThreshold",
        threshold=1,
        treat_missing_data="missing",
    )


@dataclass(frozen=True)
class _Region:
    name: str
    role: str  # primary | secondary
    api: ApiRefs

    @property
    def routing(self) -> str:
        return self.role.upper()


def _name(region: _Region, kind: str) -> str:
    return naming.logical(SECTION, region.role, kind)


def _required(value: str | None) -> str:
    """A computed output AWS always sets once the resource exists."""
    if value is None:
        raise ValueError("a computed output AWS always sets is missing")
    return value


def execute_api_host(endpoint: str) -> str:
    """`https://abc123.execute-api.eu-west-1.amazonaws.com` -> the host alone."""
    host = urlparse(endpoint).hostname if "://" in endpoint else endpoint.split("/")[0]
    if not host:
        raise ValueError(f"not an API endpoint: {endpoint!r}")
    return host


def _health_check(ctx: BuildContext, failover: Failover, api: ApiRefs) -> aws.route53.HealthCheck:
    label = ctx.env_physical("primary-api")
    return aws.route53.HealthCheck(
        naming.logical(SECTION, "primary", "health-check"),
        type="HTTPS",
        fqdn=pulumi.Output.from_input(api.endpoint).apply(execute_api_host),
        port=HTTPS_PORT,
        resource_path=failover.health_check_path,
        request_interval=failover.interval,
        failure_threshold=failover.failure_threshold,
        enable_sni=True,
        tags=ctx.tags(Name=label),
        opts=ctx.opts(),
    )


def _certificate(ctx: BuildContext, failover: Failover, region: _Region) -> aws.acm.Certificate:
    return aws.acm.Certificate(
        _name(region, "certificate"),
        region=region.name,
        domain_name=failover.domain,
        validation_method="DNS",
        tags=ctx.tags(Name=failover.domain),
        opts=ctx.opts(),
    )


def _validation_record(ctx: BuildContext, failover: Failover,
                       certificate: aws.acm.Certificate) -> aws.route53.Record:
    option = certificate.domain_validation_options.apply(
        lambda options: next(o for o in options if o.domain_name == failover.domain))
    return aws.route53.Record(
        naming.logical(SECTION, "", "certificate-validation-record"),
        zone_id=failover.hosted_zone_id,
        name=option.apply(lambda o: _required(o.resource_record_name)),
        type=option.apply(lambda o: _required(o.resource_record_type)),
        records=[option.apply(lambda o: _required(o.resource_record_value))],
        ttl=300,
        # The secondary certificate asks for this same record; a record left
        # from an earlier certificate for the domain is taken over, not a conflict.
        allow_overwrite=True,
        opts=ctx.opts(),
    )


def _domain_name(ctx: BuildContext, failover: Failover, region: _Region,
                 validated: aws.acm.CertificateValidation) -> aws.apigatewayv2.DomainName:
    domain_name = aws.apigatewayv2.DomainName(
        _name(region, "domain-name"),
        region=region.name,
        domain_name=failover.domain,
        domain_name_configuration={
            "certificate_arn": validated.certificate_arn,
            "endpoint_type": "REGIONAL",
            "security_policy": "TLS_1_2",
        },
        tags=ctx.tags(Name=failover.domain),
        opts=ctx.opts(),
    )
    aws.apigatewayv2.ApiMapping(
        _name(region, "api-mapping"),
        region=region.name,
        api_id=region.api.api_id,
        domain_name=domain_name.domain_name,
        stage=DEFAULT_STAGE,
        opts=ctx.opts(depends_on=[region.api.stage]),
    )
    return domain_name


def _alias_record(ctx: BuildContext, failover: Failover, region: _Region,
                  domain_name: aws.apigatewayv2.DomainName,
                  health_check: aws.route53.HealthCheck | None) -> aws.route53.Record:
    target = domain_name.domain_name_configuration
    return aws.route53.Record(
        _name(region, "record"),
        zone_id=failover.hosted_zone_id,
        name=failover.domain,
        type="A",
        set_identifier=region.role,
        failover_routing_policies=[{"type": region.routing}],
        health_check_id=None if health_check is None else health_check.id,
        aliases=[aws.route53.RecordAliasArgs(
            name=target.apply(lambda c: _required(c.target_domain_name)),
            zone_id=target.apply(lambda c: _required(c.hosted_zone_id)),
            evaluate_target_health=True,
        )],
        opts=ctx.opts(),
    )
