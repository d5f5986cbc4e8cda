import { prerequisiteFindings, taskActionIds } from '../../engine/faults/experiments/prerequisites';
import { readExperiments } from '../../engine/faults/experiments/read';
import { defineCheck } from '../../engine/types';

/**
 * The tasks a task-level FIS action (`aws:ecs:task-*`) hits are ready for it: an SSM agent sidecar
 * (not essential, with MANAGED_INSTANCE_ROLE_NAME), a task role that lets it register the task with
 * SSM, fault injection enabled, one process namespace for the network and process faults, the ECS
 * fault injection endpoints for network faults on Fargate, and ECS Exec off.
 */
export const experimentPrerequisites = defineCheck({
  id: 'faults.experiment-prerequisites',
  title: 'Tasks hit by task-level fault actions carry what FIS needs to reach inside them',
  severity: 'medium',
  why:
    'CPU stress, latency and packet loss are injected from inside the task: FIS sends an SSM document to an agent that runs ' +
    'beside your app. Without the sidecar, its registration rights, fault injection enabled and a shared process namespace, ' +
    'the experiment fails to start; with ECS Exec on, FIS refuses to run it at all.',
  refs: {
    docs: ['https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html'],
  },
  offline({ model }) {
    const experiments = readExperiments(model).filter((e) => taskActionIds(e).length > 0);
    if (experiments.length === 0) return { status: 'skip', reason: 'no FIS experiment of the stack has a task-level action (aws:ecs:task-*)' };
    const findings = experiments.flatMap((e) => prerequisiteFindings(model, e));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
