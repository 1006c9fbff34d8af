"""Route 53 failover in captured plans."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from dr_support import PRIMARY, SECONDARY, plan, spec

from drspec.factory.failover import execute_api_host
from drspec.plan.capture import Plan, PlannedResource

REGIONS = {"primary": PRIMARY, "secondary": SECONDARY}


def failover_spec():  # type: ignore[no-untyped-def]
    f = spec("prod").disaster_recovery.failover
    assert f is not None
    return f


def alias_records(p: Plan) -> dict[str, PlannedResource]:
    domain = failover_spec().domain
    found = {r.inputs["setIdentifier"]: r for r in p.of_type("aws:route53/record:Record")
             if r.inputs["name"] == domain}
    assert len(found) == 2
    return found


def health_check(p: Plan) -> PlannedResource:
    [check] = p.of_type("aws:route53/healthCheck:HealthCheck")
    return check


def in_region(p: Plan, type_token: str, region: str) -> PlannedResource:
    [found] = [r for r in p.of_type(type_token) if r.region == region]
    return found


def test_health_check_probes_the_primary_execute_api_host() -> None:
    p = plan("prod")
    f = failover_spec()
    check = health_check(p)
    host = urlparse(p.outputs["api_endpoint"]).hostname
    assert check.inputs["fqdn"] == host
    assert check.inputs["fqdn"] != f.domain
    assert check.inputs["fqdn"].endswith(f".execute-api.{PRIMARY}.amazonaws.com")
    assert check.inputs["type"] == "HTTPS"
    assert check.inputs["port"] == 443
    assert check.inputs["resourcePath"] == f.health_check_path == "/health"
    assert check.inputs["requestInterval"] == f.interval == 10
    assert check.inputs["failureThreshold"] == f.failure_threshold
    assert p.outputs["health_check_id"]
    assert p.outputs["failover_domain"] == f.domain


def test_primary_record_carries_the_health_check_and_secondary_does_not() -> None:
    p = plan("prod")
    records = alias_records(p)
    primary, secondary = records["primary"], records["secondary"]
    assert primary.inputs["failoverRoutingPolicies"] == [{"type": "PRIMARY"}]
    assert secondary.inputs["failoverRoutingPolicies"] == [{"type": "SECONDARY"}]
    assert primary.inputs["healthCheckId"] == p.outputs["health_check_id"]
    assert health_check(p).urn in primary.depends_on
    assert "healthCheckId" not in secondary.inputs
    for record in (primary, secondary):
        assert record.inputs["type"] == "A"
        assert record.inputs["zoneId"] == failover_spec().hosted_zone_id
        [alias] = record.inputs["aliases"]
        assert alias["evaluateTargetHealth"] is True


@pytest.mark.parametrize("role", ["primary", "secondary"])
def test_each_region_serves_the_domain_with_its_own_certificate(role: str) -> None:
    p = plan("prod")
    region = REGIONS[role]
    domain = failover_spec().domain
    certificate = in_region(p, "aws:acm/certificate:Certificate", region)
    assert certificate.inputs["domainName"] == domain
    assert certificate.inputs["validationMethod"] == "DNS"
    validation = in_region(p, "aws:acm/certificateValidation:CertificateValidation", region)
    assert certificate.urn in validation.depends_on
    assert validation.inputs["certificateArn"].startswith(f"arn:aws:acm:{region}:")
    domain_name = in_region(p, "aws:apigatewayv2/domainName:DomainName", region)
    assert domain_name.inputs["domainName"] == domain
    assert domain_name.inputs["domainNameConfiguration"] == {
        "certificateArn": validation.inputs["certificateArn"],
        "endpointType": "REGIONAL",
        "securityPolicy": "TLS_1_2",
    }
    assert validation.urn in domain_name.depends_on, "serve only a validated certificate"
    mapping = in_region(p, "aws:apigatewayv2/apiMapping:ApiMapping", region)
    api = in_region(p, "aws:apigatewayv2/api:Api", region)
    assert mapping.inputs["stage"] == "$default"
    assert mapping.inputs["domainName"] == domain
    assert api.urn in mapping.depends_on
    # The alias for this region points at this region's custom domain.
    [alias] = alias_records(p)[role].inputs["aliases"]
    assert alias["name"].endswith(f".execute-api.{region}.amazonaws.com")
    assert domain_name.urn in alias_records(p)[role].depends_on


def test_one_validation_record_validates_both_certificates() -> None:
    p = plan("prod")
    cnames = [r for r in p.of_type("aws:route53/record:Record") if r.inputs["type"] == "CNAME"]
    assert len(cnames) == 1
    [record] = cnames
    assert record.inputs["allowOverwrite"] is True
    assert record.inputs["zoneId"] == failover_spec().hosted_zone_id
    fqdn = record.inputs["name"].rstrip(".")
    validations = p.of_type("aws:acm/certificateValidation:CertificateValidation")
    assert len(validations) == 2
    for validation in validations:
        assert validation.inputs["validationRecordFqdns"] == [fqdn]
        assert record.urn in validation.depends_on


@pytest.mark.parametrize("variant", ["pilot-light", "single-region"])
def test_no_failover_without_warm_standby(variant: str) -> None:
    p = plan(variant)
    for type_token in ("aws:route53/healthCheck:HealthCheck", "aws:route53/record:Record",
                       "aws:acm/certificate:Certificate",
                       "aws:apigatewayv2/domainName:DomainName",
                       "aws:apigatewayv2/apiMapping:ApiMapping"):
        assert not p.of_type(type_token), type_token
    assert "health_check_id" not in p.outputs


HOST = "a1b2c3.execute-api.eu-west-1.amazonaws.com"


@pytest.mark.parametrize("endpoint", [f"https://{HOST}", f"https://{HOST}/", f"{HOST}/prod"])
def test_execute_api_host(endpoint: str) -> None:
    assert execute_api_host(endpoint) == HOST


def test_execute_api_host_rejects_an_empty_endpoint() -> None:
    with pytest.raises(ValueError, match="not an API endpoint"):
        execute_api_host("https://")
