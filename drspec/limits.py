"""AWS limits on values a spec sets, each with the AWS documentation that states it.

Plain data, no imports from drspec's phases: the checks (`drspec.checks.aws_limits`)
enforce these before anything is deployed, so that what `drspec validate`
passes is not refused by AWS at `pulumi up` or at run time.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    """One number AWS enforces, and the page that says so."""

    value: int
    source: str


# -- CloudWatch alarms -----------------------------------------------------------------

_PUT_METRIC_ALARM = "https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html"

#: Period x EvaluationPeriods is at most 7 days, and at most 1 day for periods under an hour.
ALARM_WINDOW_MAX = Limit(604_800, _PUT_METRIC_ALARM)
ALARM_WINDOW_MAX_SHORT = Limit(86_400, _PUT_METRIC_ALARM)
ALARM_SHORT_PERIOD_BELOW = 3_600


def alarm_window_max(period: int) -> int:
    """The longest period x evaluation_periods CloudWatch accepts for `period`."""
    if period < ALARM_SHORT_PERIOD_BELOW:
        return ALARM_WINDOW_MAX_SHORT.value
    return ALARM_WINDOW_MAX.value


# -- Lambda ----------------------------------------------------------------------------

#: 4 KB for all environment variables of a function, in aggregate.
LAMBDA_ENV_BYTES = Limit(4_096, "https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html")
#: Variables the Lambda runtime defines; they cannot be set in a function's configuration.
LAMBDA_RESERVED_ENV_SOURCE = "https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html"
LAMBDA_RESERVED_ENV = frozenset({
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV",
    "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
    "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE",
    "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR",
})

# -- tags ------------------------------------------------------------------------------

#: 50 user tags per resource on every taggable resource drspec creates (Lambda, S3,
#: DynamoDB, SNS, EC2/VPC, CloudWatch, IAM, API Gateway, EventBridge, Route 53);
#: tags with the `aws:` prefix do not count.
TAGS_PER_RESOURCE = Limit(50, "https://docs.aws.amazon.com/lambda/latest/dg/configuration-tags.html")

# -- S3 lifecycle ----------------------------------------------------------------------

_LIFECYCLE_TRANSITIONS = ("https://docs.aws.amazon.com/AmazonS3/latest/userguide/"
                          "lifecycle-transition-general-considerations.html")
#: Objects stay at least 30 days before a transition to STANDARD_IA or ONEZONE_IA
#: (current versions after creation, noncurrent ones after becoming noncurrent).
IA_MIN_DAYS = Limit(30, _LIFECYCLE_TRANSITIONS)
IA_STORAGE_CLASSES = ("STANDARD_IA", "ONEZONE_IA")
#: The <ID> element uniquely identifies a rule within a bucket's configuration.
LIFECYCLE_ID_SOURCE = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/intro-lifecycle-rules.html"
#: A rule's ExpirationInDays, with a transition in the same rule: "The expiration time
#: must also be later than the transition time."
LIFECYCLE_EXPIRATION_SOURCE = ("https://docs.aws.amazon.com/AWSCloudFormation/latest/"
                               "TemplateReference/aws-properties-s3-bucket-rule.html")

# -- DynamoDB --------------------------------------------------------------------------

#: A key schema names each attribute once: partition (HASH) and sort (RANGE) key differ.
KEY_SCHEMA_SOURCE = ("https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/"
                     "HowItWorks.CoreComponents.html#HowItWorks.CoreComponents.PrimaryKey")
