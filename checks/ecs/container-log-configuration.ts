import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

export interface LogConfigurationParams {
  /** Log drivers that count as shipping logs somewhere durable. */
  drivers: string[];
}

/**
 * Every container of every task definition ships its logs: a LogConfiguration with an accepted
 * driver (awslogs or awsfirelens by default) that is complete enough to start — awslogs needs a
 * log group, awsfirelens needs a log router container in the same task.
 */
export const containerLogConfiguration = defineCheck<LogConfigurationParams>({
  id: 'ecs.container-log-configuration',
  title: 'Every container sends its logs to CloudWatch Logs or FireLens',
  severity: 'medium',
  why:
    'A Fargate task\'s stdout and stderr are lost when the task stops unless a log driver ships them. Without logs you cannot ' +
    'debug a crash loop, audit what happened or build metric filters and alarms on errors.',
  refs: {
    securityHub: ['ECS.9'],
    cdkNag: ['AwsSolutions-ECS7'],
    soc2: ['CC7.2'],
    wellArchitected: ['OPS 4: How do you implement observability in your workload?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html', 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html'],
  },
  params(raw) {
    const drivers = raw.drivers ?? ['awslogs', 'awsfirelens'];
    if (!Array.isArray(drivers) || drivers.length === 0 || !drivers.every((d) => typeof d === 'string')) {
      throw new Error('drivers must be a non-empty list of log driver names, e.g. ["awslogs", "awsfirelens"]');
    }
    return { drivers };
  },
  offline({ model, params }) {
    const tasks = model.ofType('AWS::ECS::TaskDefinition');
    if (tasks.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS task definition, so no container logs anywhere', hint: 'Keep the service\'s task definition; the lab is about making its container observable.' }] };
    }
    const findings = tasks.flatMap((td) => logFindings(model, td.logicalId, (td.props.ContainerDefinitions ?? []) as Record<string, any>[], params.drivers));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function logFindings(model: StackModel, taskId: string, containers: Record<string, any>[], drivers: string[]): Finding[] {
  const hasRouter = containers.some((c) => c.FirelensConfiguration);
  const findings: Finding[] = [];
  for (const c of containers) {
    const who = `container ${c.Name ?? '?'} of ${model.describe(taskId)}`;
    const problem = logProblem(c.LogConfiguration, drivers, hasRouter);
    if (problem) findings.push(model.finding(taskId, `${who}: ${problem}`, 'Give the container logging: ecs.LogDrivers.awsLogs({ streamPrefix, logGroup }) (or FireLens).'));
  }
  return findings;
}

export function logProblem(cfg: { LogDriver?: unknown; Options?: Record<string, unknown> } | undefined, drivers: string[], hasRouter: boolean): string | undefined {
  const driver = typeof cfg?.LogDriver === 'string' ? cfg.LogDriver : undefined;
  if (!driver) return 'has no log configuration, so its output is lost when the task stops';
  if (!drivers.includes(driver)) return `logs with the ${driver} driver; this lab expects ${drivers.join(' or ')}`;
  if (driver === 'awslogs' && !cfg?.Options?.['awslogs-group']) return 'uses awslogs without a log group (awslogs-group)';
  if (driver === 'awsfirelens' && !hasRouter) return 'uses awsfirelens but the task has no FireLens log router container';
  return undefined;
}
