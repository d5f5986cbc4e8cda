import { defineCheck } from '../../engine/types';

/** Security Hub CloudWatch.16's (and AWS Config cw-loggroup-retention-period-check's) default minimum, in days. */
export const DEFAULT_MINIMUM_DAYS = 365;

interface Params {
  minimumDays: number;
}

/** CDK's LogRetention custom resource (`logRetention` on awslogs): it sets the retention of a log group made outside the template. */
const LOG_RETENTION_RESOURCE = 'Custom::LogRetention';

/**
 * Every log group keeps its events at least `minimumDays` (default 365): those of the template and
 * those whose retention CDK's LogRetention custom resource sets. A log group without a retention
 * setting never expires, which keeps the evidence, so it passes as AWS Config's rule does.
 */
export const logRetention = defineCheck<Params>({
  id: 'compliance.log-retention',
  title: 'Log groups keep their events long enough to serve as evidence',
  severity: 'medium',
  why:
    'An auditor samples events from across the whole audit period, usually a year, and an incident is often found ' +
    'months after it began. Logs that expire after a week cannot show what happened, or that the controls ran. Keep ' +
    'them for the period your policy names (a year is the common baseline), then let them expire.',
  refs: {
    securityHub: ['CloudWatch.16'],
    soc2: ['CC7.2', 'CC7.3'],
    awsConfig: ['cw-loggroup-retention-period-check'],
    docs: ['https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention'],
  },
  params(raw) {
    const minimumDays = raw.minimumDays ?? DEFAULT_MINIMUM_DAYS;
    if (!Number.isInteger(minimumDays) || (minimumDays as number) < 1) throw new Error('compliance.log-retention: minimumDays must be a whole number of days');
    return { minimumDays: minimumDays as number };
  },
  offline({ model, params }) {
    const groups = [...model.ofType('AWS::Logs::LogGroup'), ...model.ofType(LOG_RETENTION_RESOURCE)];
    if (groups.length === 0) return { status: 'skip', reason: 'the stack has no log group' };
    const findings = groups
      .filter((g) => g.props.RetentionInDays !== undefined && Number(g.props.RetentionInDays) < params.minimumDays)
      .map((g) =>
        model.finding(g.logicalId, `log group ${g.type === LOG_RETENTION_RESOURCE ? `${g.props.LogGroupName} (retention set by ${model.describe(g.logicalId)})` : model.describe(g.logicalId)} keeps its events ${g.props.RetentionInDays} days; the evidence period is ${params.minimumDays}`, `Set retention: logs.RetentionDays.ONE_YEAR (or longer) on the log group.`),
      );
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
