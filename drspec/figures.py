"""Every number `drspec assess` and the runbook rest on, each with its source.

A `Figure` is a duration in seconds, the AWS page it comes from and what that
page says. Where AWS publishes no number (how long a restore takes, how long
people need to fail over by hand), the figure is drspec's own stated
assumption: `assumption` says so and why the value was picked. Conservative
readings are deliberate: an assessment that promises a recovery the design
cannot deliver is worse than one that is a little pessimistic.

Change a figure here and every verdict follows; `tests/test_figures.py`
checks that each figure has a source and pins the values the other tests use.
"""

from __future__ import annotations

from dataclasses import dataclass

MINUTE = 60
HOUR = 60 * MINUTE
DAY = 24 * HOUR


@dataclass(frozen=True)
class Figure:
    """One duration and where it comes from."""

    seconds: int
    source: str  # URL of the AWS documentation (or SLA) page
    says: str  # what that page says, in short
    assumption: str | None = None  # set when the value is drspec's reading, not AWS's number

    @property
    def documented(self) -> bool:
        """True when AWS states this value itself."""
        return self.assumption is None


# -- DynamoDB ------------------------------------------------------------------

PITR_GRANULARITY = Figure(
    1,
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/"
    "API_RestoreTableToPointInTime.html",
    "a point-in-time restore brings the table back to the state at the selected "
    "date and time (day:hour:minute:second), into a new table",
)

PITR_WINDOW = Figure(
    35 * DAY,
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/"
    "API_PointInTimeRecoveryDescription.html",
    "EarliestRestorableDateTime: you can restore your table to any point in time "
    "during the last 35 days",
)

PITR_LATEST_RESTORABLE_LAG = Figure(
    5 * MINUTE,
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/"
    "API_PointInTimeRecoveryDescription.html",
    "LatestRestorableDateTime is typically 5 minutes before the current time",
)

DELETED_TABLE_SYSTEM_BACKUP = Figure(
    35 * DAY,
    "https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BackupDetails.html",
    "if you delete a table with point-in-time recovery enabled, a SYSTEM backup is "
    "created automatically and retained for 35 days; it restores the table to its "
    "state just before the deletion",
)

TABLE_RESTORE = Figure(
    1 * HOUR,
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "pointintimerecovery_restores.html",
    "a restore (point in time or from a backup) always creates a new table; AWS "
    "publishes no restore duration, it grows with the table's size",
    assumption="one hour from starting the restore to the application using the restored "
    "table; time a restore drill of your largest table and treat bigger tables as slower",
)

GLOBAL_TABLES_LAG = Figure(
    1 * MINUTE,
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "V2globaltables_HowItWorks.html",
    "changes to an item in a multi-Region eventually consistent global table are "
    "typically replicated to the other replicas within one second (asynchronously, "
    "without a service level agreement on the delay)",
    assumption="one minute: sixty times the typical delay, because replication can fall "
    "behind while a region degrades (the ReplicationLatency metric rises)",
)

# -- S3 ------------------------------------------------------------------------

MRSC_RPO = Figure(
    0,
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
    "V2globaltables_HowItWorks.html",
    "MRSC global tables support a Recovery Point Objective (RPO) of zero: item changes "
    "are synchronously replicated to at least one other Region before the write returns",
)

S3_REPLICATION = Figure(
    4 * HOUR,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-troubleshoot.html",
    "the majority of objects replicate within 15 minutes, but they can sometimes take a "
    "couple of hours, in rare cases longer; for large objects replication can take up to "
    "several hours (no time commitment without S3 RTC)",
    assumption="four hours as the reading of 'up to several hours': plain replication "
    "promises no bound at all",
)

S3_RTC = Figure(
    15 * MINUTE,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-time-control.html",
    "S3 Replication Time Control replicates most objects in seconds and 99.99 percent "
    "of them within 15 minutes, backed by the S3 RTC SLA "
    "(https://aws.amazon.com/s3/sla-rtc/)",
)

OBJECT_VERSION_RESTORE = Figure(
    30 * MINUTE,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/RestoringPreviousVersions.html",
    "with versioning, a previous version is restored by copying it over the current "
    "one, or by deleting the delete marker that hides it",
    assumption="thirty minutes to list the affected keys' versions and copy the good "
    "versions back with the CLI",
)

VERSION_DELETES_NOT_REPLICATED = Figure(
    0,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
    "replication-what-is-isnot-replicated.html",
    "if you specify an object version ID to delete in a DELETE request, Amazon S3 deletes "
    "that object version in the source bucket, but it doesn't replicate the deletion in the "
    "destination buckets: emptying the source (deleting every version) leaves the replica whole",
)

BUCKET_REFILL = Figure(
    1 * HOUR,
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/delete-bucket.html",
    "a bucket can be deleted only once it is empty, every object version and delete marker "
    "included; what was in it is gone from that bucket",
    assumption="one hour to recreate the bucket with `pulumi up` and copy the objects back "
    "from the replica; it grows with the bucket's size",
)

# -- Route 53 ------------------------------------------------------------------

ROUTE53_HEALTH_CHECKS = Figure(
    0,
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html",
    "health checkers probe the endpoint every 10 or 30 seconds (the request interval); "
    "an endpoint becomes unhealthy after failing the failure threshold's number of "
    "consecutive checks, so detection takes interval x failure threshold",
)

ROUTE53_FASTEST_INTERVAL = Figure(
    10,
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "dns-failover-determining-health-of-endpoints.html",
    "you can choose the interval between health checks: every 10 seconds or every 30 seconds",
)

ROUTE53_ALIAS_TTL = Figure(
    60,
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/"
    "resource-record-sets-choosing-alias-non-alias.html",
    "an alias record to an AWS resource has no TTL of its own: Route 53 uses the "
    "resource's; the Route 53 FAQ (https://aws.amazon.com/route53/faqs/) recommends "
    "60 seconds or less for DNS failover and names a fixed 60-second TTL for alias records "
    "to ELB and S3 website endpoints (it names none for API Gateway)",
    assumption="60 seconds for the API Gateway regional domain the failover records alias",
)

RESOLVER_CACHING = Figure(
    60,
    "https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/best-practices-dns.html",
    "DNS resolvers cache an answer for the record's TTL; the recommended TTL range is "
    "60 to 172,800 seconds",
    assumption="one more minute for resolvers and clients that hold answers longer than "
    "the TTL",
)

# -- AWS Backup ----------------------------------------------------------------

BACKUP_SCHEDULE = Figure(
    0,
    "https://docs.aws.amazon.com/aws-backup/latest/devguide/about-backup-plans.html",
    "a backup plan defines when AWS Backup backs up the selected resources; each "
    "scheduled run creates a recovery point",
    assumption="the recovery point objective of a backup is the longest gap between two "
    "runs of the plan's cron schedule (computed from the spec)",
)

BACKUP_START_WINDOW = Figure(
    1 * HOUR,
    "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_BackupRule.html",
    "StartWindowMinutes: a value in minutes after a backup is scheduled before a job will be "
    "canceled if it doesn't start successfully; at least 60 minutes (the console's default "
    "is 8 hours)",
    assumption="the plan drspec builds sets the shortest start window AWS allows (this "
    "figure, passed as start_window by drspec.factory.backup): a recovery point can be taken "
    "up to an hour after its scheduled time",
)

BACKUP_RESTORE = Figure(
    1 * HOUR,
    "https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html",
    "StartRestoreJob recovers the saved resource from a recovery point (for a DynamoDB "
    "table, into a new table); AWS publishes no restore duration",
    assumption="one hour, like a DynamoDB restore; time a restore drill",
)

# -- Availability zones ----------------------------------------------------------

AZ_MANAGED_SERVICES = Figure(
    0,
    "https://docs.aws.amazon.com/lambda/latest/dg/security-resilience.html",
    "Lambda runs a function in multiple Availability Zones so it keeps processing "
    "events when one zone fails (a VPC function in every zone its subnets cover); "
    "DynamoDB, S3, API Gateway and SNS are regional services spread over zones",
)

# -- People and deployments (no AWS number exists) ---------------------------------

STACK_REDEPLOY = Figure(
    30 * MINUTE,
    "https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/",
    "`pulumi up` creates or updates every resource of the stack",
    assumption="thirty minutes for `pulumi up` of the network, functions and api "
    "(NAT gateways and API custom domains dominate)",
)

ROLLBACK_DEPLOY = Figure(
    15 * MINUTE,
    "https://www.pulumi.com/docs/iac/cli/commands/pulumi_up/",
    "`pulumi up` from the last good commit puts the previous function code back",
    assumption="fifteen minutes to find the last good commit and update the functions",
)

MANUAL_FAILOVER = Figure(
    30 * MINUTE,
    "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/"
    "disaster-recovery-options-in-the-cloud.html",
    "without automatic failover, people detect the outage, decide to fail over and "
    "redirect traffic to the recovery region",
    assumption="thirty minutes from the first alarm to clients reaching the secondary "
    "region",
)

REGION_REBUILD = Figure(
    4 * HOUR,
    "https://docs.aws.amazon.com/whitepapers/latest/disaster-recovery-workloads-on-aws/"
    "disaster-recovery-options-in-the-cloud.html",
    "backup and restore, the slowest strategy, rebuilds the workload in another region "
    "from code and backups",
    assumption="four hours to bootstrap a new region (stack configuration, quotas, DNS, "
    "clients) and deploy the whole stack there, empty",
)


#: Every figure by name, for listings and tests.
FIGURES: dict[str, Figure] = {
    name: value for name, value in sorted(globals().items()) if isinstance(value, Figure)
}


def failover_seconds(interval: int, failure_threshold: int) -> int:
    """Route 53 failover: detection, then the alias TTL and resolver caching run out."""
    return (interval * failure_threshold + ROUTE53_ALIAS_TTL.seconds
            + RESOLVER_CACHING.seconds)
