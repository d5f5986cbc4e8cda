import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

/**
 * Every essential application container of a task definition has a container health check in
 * the task definition itself. ECS ignores a Dockerfile HEALTHCHECK: only the task definition's
 * `healthCheck` is run and reported. FireLens log routers, which CDK adds on its own, are exempt.
 */
export const containerHealthCheck = defineCheck({
  id: 'ecs.container-health-check',
  title: 'The essential container has a health check in the task definition',
  severity: 'medium',
  why:
    'ECS only runs the health check written in the task definition; a HEALTHCHECK in the Dockerfile is ignored. Without one, a ' +
    'container whose process is alive but stuck counts as healthy, and ECS never replaces it. A health check that cannot fail ' +
    '(`exit 0`, `|| true`) is the same as none.',
  refs: {
    wellArchitected: ['REL 11: How do you design your workload to withstand component failures?'],
    docs: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-healthcheck.html'],
  },
  offline({ model }) {
    const tasks = model.ofType('AWS::ECS::TaskDefinition');
    if (tasks.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS task definition, so no container is health-checked', hint: 'Keep the service\'s task definition; the lab is about making its container observable.' }] };
    }
    const findings = tasks.flatMap((td) => healthFindings(model, td.logicalId, (td.props.ContainerDefinitions ?? []) as Record<string, any>[]));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function healthFindings(model: StackModel, taskId: string, containers: Record<string, any>[]): Finding[] {
  const findings: Finding[] = [];
  for (const c of containers) {
    // Essential defaults to true when omitted; a FireLens log router is plumbing, not the app.
    if (c.Essential === false || c.FirelensConfiguration) continue;
    const who = `container ${c.Name ?? '?'} of ${model.describe(taskId)}`;
    const problem = healthCheckProblem(c.HealthCheck);
    if (problem) findings.push(model.finding(taskId, `${who}: ${problem}`, 'Add healthCheck to the container (addContainer): a command that fails when the app cannot serve, e.g. a request to its /health endpoint.'));
  }
  return findings;
}

/** What is wrong with a container definition's HealthCheck, or undefined when it can detect a failure. */
export function healthCheckProblem(hc: { Command?: unknown } | undefined): string | undefined {
  const command = Array.isArray(hc?.Command) ? (hc!.Command as unknown[]).map(String) : [];
  if (command.length === 0) return 'has no health check in the task definition (ECS ignores a Dockerfile HEALTHCHECK)';
  if (command[0] === 'NONE') return 'disables its health check (NONE)';
  const body = (command[0] === 'CMD' || command[0] === 'CMD-SHELL' ? command.slice(1) : command).join(' ').trim();
  if (body === '') return 'has a health check with an empty command';
  if (alwaysSucceeds(body)) return `has a health check that can never fail (\`${body}\`)`;
  return undefined;
}

// Commands that exit 0 whatever state the app is in.
const TRIVIAL = /^(exit\s+0|(\/usr)?(\/bin\/)?true|:|echo\b.*)$/;
const SWALLOWED = /\|\|\s*(exit\s+0|true|:)\s*$/;

export function alwaysSucceeds(body: string): boolean {
  return TRIVIAL.test(body) || SWALLOWED.test(body);
}
