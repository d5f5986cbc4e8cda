import { guardRailFindings } from '../../engine/faults/experiments/guard-rails';
import { readExperiments } from '../../engine/faults/experiments/read';
import { defineCheck, type Finding } from '../../engine/types';

/**
 * Every FIS experiment template of the stack has its guard rails: targets selected by the lab tag
 * or by ARNs of the stack's own resources, a stop condition on a CloudWatch alarm of the stack, at
 * most 10 minutes in all, and a role only FIS can assume that can do what the experiment's actions
 * need and nothing beyond (no IAM, no S3, no destructive ECS or EC2 action) — proven by simulating
 * the role's policies.
 */
export const experimentGuardRails = defineCheck({
  id: 'faults.experiment-guard-rails',
  title: 'Every fault injection experiment is scoped, stoppable, short and least-privileged',
  severity: 'high',
  why:
    'A fault injection experiment breaks things on purpose, so what it may break must be fenced in: targets chosen by the ' +
    'lab\'s tag hit only the lab, an alarm stops it when the service really goes down, a short duration caps the damage if ' +
    'nobody is watching, and a role that can only stop tasks cannot delete the service by mistake.',
  refs: {
    wellArchitected: ['REL12-BP04 Test resiliency using chaos engineering'],
    docs: ['https://docs.aws.amazon.com/fis/latest/userguide/experiment-templates.html', 'https://docs.aws.amazon.com/fis/latest/userguide/getting-started-iam-service-role.html'],
  },
  async offline({ model }) {
    const experiments = readExperiments(model);
    if (experiments.length === 0) return { status: 'skip', reason: 'the stack has no FIS experiment template' };
    const findings: Finding[] = [];
    for (const e of experiments) findings.push(...(await guardRailFindings(model, e)));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
