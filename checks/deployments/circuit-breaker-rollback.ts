import type { ModelResource, StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { deploymentOf, ecsServices } from './services';

/** The circuit breaker belongs to deployments ECS itself runs; CodeDeploy and external controllers bring their own. */
const ECS_CONTROLLER = 'ECS';

/**
 * Every service ECS deploys itself has the deployment circuit breaker on, with rollback. Without
 * it, a revision whose tasks never start or never pass their health checks is retried forever;
 * without rollback, the circuit breaker stops the deployment but leaves the broken revision in
 * place.
 */
export const circuitBreakerRollback = defineCheck({
  id: 'deployments.circuit-breaker-rollback',
  title: 'A failed deployment is stopped and rolled back by the circuit breaker',
  severity: 'high',
  why:
    'A release whose tasks never become healthy is not an error to ECS: without the deployment circuit breaker it keeps ' +
    'launching replacements, for hours, while the old tasks it already stopped are gone. The circuit breaker counts the ' +
    'failed tasks, marks the deployment FAILED, and with rollback puts the last completed revision back without a human.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?', 'OPS 6: How do you mitigate deployment risks?'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html'],
  },
  offline({ model }) {
    const services = ecsServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no deployment to guard' };
    const ecsDeployed = services.filter((s) => deploymentOf(s).controller === ECS_CONTROLLER);
    if (ecsDeployed.length === 0) {
      return { status: 'skip', reason: 'no service is deployed by ECS itself (CODE_DEPLOY or EXTERNAL controller), where the circuit breaker does not apply' };
    }
    const findings = ecsDeployed.flatMap((s) => breakerFindings(model, s));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function breakerFindings(model: StackModel, svc: ModelResource): Finding[] {
  const { circuitBreaker } = deploymentOf(svc);
  const who = `service ${model.describe(svc.logicalId)}`;
  if (!circuitBreaker?.enable) {
    return [
      model.finding(
        svc.logicalId,
        `${who} has no deployment circuit breaker: a revision whose tasks never become healthy is retried without end, and the deployment never finishes or fails`,
        'Give the service circuitBreaker: { enable: true, rollback: true }.',
      ),
    ];
  }
  if (!circuitBreaker.rollback) {
    return [
      model.finding(
        svc.logicalId,
        `${who} has the circuit breaker on but rollback off: a failed deployment stops, and the broken revision stays the service's revision`,
        'Set rollback: true on the circuit breaker, so ECS puts the last completed revision back.',
      ),
    ];
  }
  return [];
}
