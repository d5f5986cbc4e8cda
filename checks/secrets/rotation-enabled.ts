import type { StackModel } from '../../engine/model/model';
import { referencedId } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { noOtherParams } from '../iam/params';
import { judgeInjectedSecrets, SECRET, secretLabel, type InjectedSecret } from './injected';

const ID = 'secrets.rotation-enabled';

// Security Hub SecretsManager.4's default for maxDaysSinceRotation.
const DEFAULT_MAX_DAYS = 90;

const HINT = 'Add secret.addRotationSchedule(\'Rotation\', { rotationLambda, automaticallyAfter: Duration.days(30) }) (or a hosted rotation).';

interface Params {
  maxDays: number;
}

/**
 * Every injected secret has a rotation schedule (AWS::SecretsManager::RotationSchedule naming it)
 * with a rotation function — a Lambda or a hosted rotation — that rotates at least every `maxDays`
 * days. A cron schedule is accepted as scheduled; its interval is not computed.
 */
export const rotationEnabled = defineCheck<Params>({
  id: ID,
  title: 'Injected secrets rotate on a schedule',
  severity: 'medium',
  why:
    'A secret that never changes stays valid for as long as anyone who ever saw it keeps a copy: a leaked log, a former ' +
    'colleague, an old laptop. Rotation on a schedule bounds that window and proves the rotation works before you need ' +
    'it in an incident. ECS reads a secret when a task starts, so running tasks keep the old value until they are replaced.',
  refs: {
    securityHub: ['SecretsManager.1', 'SecretsManager.4'],
    cdkNag: ['AwsSolutions-SMG4'],
    soc2: ['CC6.1'],
    docs: ['https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html', 'https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotate-secrets_schedule.html'],
  },
  params(raw) {
    noOtherParams(ID, raw, ['maxDays']);
    const maxDays = raw.maxDays ?? DEFAULT_MAX_DAYS;
    if (typeof maxDays !== 'number' || !Number.isInteger(maxDays) || maxDays < 1 || maxDays > 1000) throw new Error(`${ID}: maxDays must be a whole number of days from 1 to 1000, got ${JSON.stringify(maxDays)}`);
    return { maxDays };
  },
  offline({ model, params }) {
    return judgeInjectedSecrets(model, (s) => rotationFindings(model, s, params.maxDays));
  },
});

function rotationFindings(model: StackModel, s: InjectedSecret, maxDays: number): Finding[] {
  const schedules = model.ofType('AWS::SecretsManager::RotationSchedule').filter((r) => referencedId(model, r.raw.Properties?.SecretId, SECRET) === s.logicalId);
  const label = secretLabel(model, s);
  if (schedules.length === 0) return [model.finding(s.logicalId, `${label} has no rotation schedule, so its value never changes`, HINT)];
  const problems = schedules.map((r) => scheduleProblem(r.props, maxDays)).filter((p): p is string => !!p);
  // One good schedule is enough; report the problems only when none is.
  if (problems.length < schedules.length) return [];
  return problems.map((p) => model.finding(schedules[0].logicalId, `${label}: ${p}`, HINT));
}

/** What is wrong with a rotation schedule's properties, if anything. */
export function scheduleProblem(props: Record<string, any>, maxDays: number): string | undefined {
  if (!props.RotationLambdaARN && !props.HostedRotationLambda) return 'its rotation schedule names no rotation function (RotationLambdaARN or HostedRotationLambda)';
  const days = intervalDays(props.RotationRules);
  if (days === undefined) return 'its rotation schedule has no rotation interval (AutomaticallyAfterDays or ScheduleExpression)';
  if (days === 'cron') return undefined;
  if (days > maxDays) return `it rotates every ${days} days, less often than every ${maxDays} days`;
  return undefined;
}

/** Days between rotations: AutomaticallyAfterDays, or `rate(N days)` / `rate(N hours)`; `cron` for a cron expression. */
export function intervalDays(rules: Record<string, any> | undefined): number | 'cron' | undefined {
  if (!rules) return undefined;
  if (typeof rules.AutomaticallyAfterDays === 'number') return rules.AutomaticallyAfterDays;
  const expr = typeof rules.ScheduleExpression === 'string' ? rules.ScheduleExpression.trim() : '';
  const rate = /^rate\((\d+)\s+(day|days|hour|hours)\)$/.exec(expr);
  if (rate) return rate[2].startsWith('hour') ? Number(rate[1]) / 24 : Number(rate[1]);
  if (/^cron\(.+\)$/.test(expr)) return 'cron';
  return undefined;
}
