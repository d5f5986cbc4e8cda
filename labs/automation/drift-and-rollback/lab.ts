import { defineLab } from '../../../engine/types';

// The drift snapshot the starter ships (the lab's copy decides what drifted; see automation.drift-reconciled).
const SNAPSHOT = 'live/stack-drift.json';
const SERVICE = 'ServiceD69D759B';

const ALARMS =
  '    // Either alarm firing during a deployment (or its bake time) fails it and rolls it back.\n' +
  '    service.enableDeploymentAlarms([serverErrors.alarmName, unhealthyTargets.alarmName], {\n' +
  '      behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM,\n' +
  '    });\n';

export default defineLab({
  id: 'automation/drift-and-rollback',
  title: 'Drift and rollback: reconcile the console changes, keep the safety nets',
  layer: 'automation',
  order: 3,
  minutes: 30,
  objectives: [
    'Read a CloudFormation drift report: which resource, which property, expected against actual',
    'Decide per difference: bring it into the code, or keep the code and let the next deploy revert it',
    'Keep the rollback layers a console change switched off: the circuit breaker’s rollback and the deployment alarms',
  ],
  covers: ['automation/iac', 'automation/q/drift'],
  entry: 'stack.ts',
  stackName: 'DriftAndRollbackLab',
  breaks: [
    {
      id: 'copy-live-values',
      kind: 'code',
      story:
        'Drift detection flagged the service after last week’s incident. A teammate "fixed the drift" the quick way: every live ' +
        'value copied into the code, and the deployment alarms deleted since they were switched off in the console anyway. ' +
        'Drift detection is green again.',
      edits: [
        { file: 'stack.ts', find: 'desiredCount: 2,', replace: 'desiredCount: 3,' },
        { file: 'stack.ts', find: 'healthCheckGracePeriod: Duration.seconds(60),', replace: 'healthCheckGracePeriod: Duration.seconds(120),' },
        { file: 'stack.ts', find: 'circuitBreaker: { enable: true, rollback: true },', replace: 'circuitBreaker: { enable: true, rollback: false }, // as live' },
        { file: 'stack.ts', find: ALARMS, replace: '    // Deployment alarms: disabled in the console during the incident, so removed here too.\n    void serverErrors;\n    void unhealthyTargets;\n' },
      ],
      breaks: ['automation.drift-reconciled', 'deployments.circuit-breaker-rollback', 'deployments.alarms-watch-release'],
    },
  ],
  defaultBreak: 'copy-live-values',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change the service or its alarms.
    { id: 'app.verifiable-offline', params: { services: ['ecs', 'cloudwatch'] }, points: 1 },
    {
      id: 'automation.drift-reconciled',
      params: {
        snapshot: SNAPSHOT,
        decisions: [
          // Approved in the capacity review after the launch.
          { logicalId: SERVICE, path: '/DesiredCount', decision: 'adopt' },
          // The app warms its cache for about 90 s since release 4.2.
          { logicalId: SERVICE, path: '/HealthCheckGracePeriodSeconds', decision: 'adopt' },
          // Switched off during the incident to push a hotfix through: a safety net, put back.
          { logicalId: SERVICE, path: '/DeploymentConfiguration/DeploymentCircuitBreaker/Rollback', decision: 'revert' },
          { logicalId: SERVICE, path: '/DeploymentConfiguration/Alarms/Enable', decision: 'revert' },
        ],
      },
      points: 4,
    },
    { id: 'deployments.circuit-breaker-rollback', points: 2 },
    { id: 'deployments.alarms-watch-release', points: 2 },
  ],
  // Even before the break, the changes the team keeps are only in the account: the TODO in stack.ts.
  taskChecks: ['automation.drift-reconciled'],
  hints: [
    'Drift is a difference, not a verdict. For each property in live/stack-drift.json, ask: was this change meant to stay? The brief tells what happened during the incident.',
    'Two changes were decisions the team stands by; two switched off safety nets to force a hotfix through. The first kind goes into stack.ts; for the second kind stack.ts keeps its value, and the next deploy puts it back in the account.',
    'Set `desiredCount: 3` and `healthCheckGracePeriod: Duration.seconds(120)`; keep `circuitBreaker: { enable: true, rollback: true }` and `service.enableDeploymentAlarms([...], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM })`.',
  ],
});
