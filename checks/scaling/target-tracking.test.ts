import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import type * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { scaledStack } from './fixtures';
import { targetTracking } from './target-tracking';

const messages = (r: { findings: { message: string }[] }) => r.findings.map((f) => f.message);
const ALB_BAND = { targetBands: { ALBRequestCountPerTarget: [300, 2400] } };

describe('scaling.target-tracking', () => {
  it('Compliance 1: CPU target tracking at 60 % between 2 and 8 tasks', async () => {
    expect((await checkStack(targetTracking, scaledStack())).status).toBe('pass');
  });

  it('Compliance 2: CPU and request count, both required, fast scale-out, slow scale-in', async () => {
    const r = await checkStack(targetTracking, scaledStack({ requests: 1200, scaleOutCooldown: 60, scaleInCooldown: 300 }), {
      require: ['ECSServiceAverageCPUUtilization', 'ALBRequestCountPerTarget'],
      minMaxCapacity: 8,
      ...ALB_BAND,
    });
    expect(r.status).toBe('pass');
  });

  it('Compliance 3: request count alone, when the lab allows it', async () => {
    const r = await checkStack(targetTracking, scaledStack({ cpu: null, requests: 1200 }), { metrics: ['ALBRequestCountPerTarget'] });
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: no auto scaling at all, naming the service and its line', async () => {
    const r = await checkStack(targetTracking, scaledStack({ none: true }));
    expect(r.status).toBe('fail');
    expect(messages(r)).toEqual(['service Service/Service has no auto scaling: its task count never follows the load']);
    expect(r.findings[0].constructPath).toBe('Test/Service/Service');
  });

  it('Noncompliance 2: the starter of the lab: CPU 90 %, max 2, min 1, scale-out cooldown 600 s', async () => {
    const r = await checkStack(targetTracking, scaledStack({ min: 1, max: 2, cpu: 90, scaleOutCooldown: 600 }));
    expect(messages(r)).toEqual([
      'service Service/Service can scale down to 1 task; it needs at least 2, so that losing one task or one zone leaves one serving',
      'the ECSServiceAverageCPUUtilization policy of service Service/Service targets 90, outside 20–75: too little headroom left for the minutes new tasks take to start',
      'the ECSServiceAverageCPUUtilization policy of service Service/Service waits 600 s after a scale-out before it may add more tasks (at most 300 s here), so a spike outruns it',
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Service/TaskCount/Target/Resource');
    expect(r.findings[1].constructPath).toBe('Test/Service/TaskCount/Target/Cpu/Resource');
  });

  it('Noncompliance 3: max equal to min can never scale out', async () => {
    const r = await checkStack(targetTracking, scaledStack({ min: 2, max: 2 }));
    expect(messages(r)).toEqual(['service Service/Service has maxCapacity 2, not above its minCapacity 2, so it can never scale out']);
  });

  it('Noncompliance 4: a max below what the lab\'s peak needs', async () => {
    const r = await checkStack(targetTracking, scaledStack({ max: 4 }), { minMaxCapacity: 8 });
    expect(messages(r)).toEqual(["service Service/Service can grow to 4 tasks; this lab's peak load needs room for at least 8"]);
  });

  it('Noncompliance 5: a target so low it wastes capacity, and a scale-in cooldown that flaps', async () => {
    const r = await checkStack(targetTracking, scaledStack({ cpu: 10, scaleInCooldown: 0 }));
    expect(messages(r)).toEqual([
      'the ECSServiceAverageCPUUtilization policy of service Service/Service targets 10, outside 20–75: far more tasks than the load needs, and scaling that flaps',
      'the ECSServiceAverageCPUUtilization policy of service Service/Service may remove tasks again 0 s after the last scale-in (at least 60 s here), so it flaps between bursts',
    ]);
  });

  it('Noncompliance 6: a required metric without a policy', async () => {
    const r = await checkStack(targetTracking, scaledStack(), { require: ['ALBRequestCountPerTarget'] });
    expect(messages(r)).toEqual(['service Service/Service has no target tracking policy on ALBRequestCountPerTarget, which this lab asks for']);
  });

  it('Noncompliance 7: step scaling only is not target tracking', async () => {
    const r = await checkStack(targetTracking, scaledStack({ stepOnly: true }));
    expect(r.status).toBe('fail');
    expect(messages(r)[0]).toMatch(/^service Service\/Service has no target tracking policy on ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget \(it has: StepScaling policy/);
  });

  it('Noncompliance 8: a request-count policy counting another target group, and a band the lab sets', async () => {
    const r = await checkStack(targetTracking, scaledStack({ requests: 6000, foreignTargetGroup: true }), ALB_BAND);
    expect(messages(r)).toEqual([
      'the ALBRequestCountPerTarget policy of service Service/Service targets 6000, outside 300–2400: too little headroom left for the minutes new tasks take to start',
      expect.stringMatching(/^the ALBRequestCountPerTarget policy of service Service\/Service counts the requests of targetgroup\/Other[^/]*\/[^,]+, a target group the service is not in$/),
    ]);
  });

  it('Compliance 4: scale-in disabled needs no scale-in cooldown', async () => {
    const r = await checkStack(targetTracking, scaledStack({ scaleInCooldown: 0, disableScaleIn: true }));
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 9: target tracking on a custom metric is not one of the allowed metrics', async () => {
    const r = await checkStack(targetTracking, scaledStack({ customOnly: true }));
    expect(messages(r)).toEqual([
      'service Service/Service has no target tracking policy on ECSServiceAverageCPUUtilization, ECSServiceAverageMemoryUtilization, ALBRequestCountPerTarget (it has: a custom metric)',
    ]);
  });

  it('Compliance 5: an L1 policy that names its target by ResourceId instead of ScalingTargetId', async () => {
    const stack = scaledStack({ none: true });
    const service = stack.node.findChild('Service') as ecs.FargateService;
    const resourceId = `service/${service.cluster.clusterName}/${service.serviceName}`;
    const target = new appscaling.CfnScalableTarget(stack, 'Target', {
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId, minCapacity: 2, maxCapacity: 6,
    });
    new appscaling.CfnScalingPolicy(stack, 'Cpu', {
      policyName: 'cpu', policyType: 'TargetTrackingScaling',
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId,
      targetTrackingScalingPolicyConfiguration: { targetValue: 55, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    }).addDependency(target);
    expect((await checkStack(targetTracking, stack)).status).toBe('pass');
    // The same policy aimed at 90 % is judged, so it was found.
    const stack2 = scaledStack({ none: true });
    const service2 = stack2.node.findChild('Service') as ecs.FargateService;
    const id2 = `service/${service2.cluster.clusterName}/${service2.serviceName}`;
    new appscaling.CfnScalableTarget(stack2, 'Target', { serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: id2, minCapacity: 2, maxCapacity: 6 });
    new appscaling.CfnScalingPolicy(stack2, 'Cpu', {
      policyName: 'cpu', policyType: 'TargetTrackingScaling',
      serviceNamespace: 'ecs', scalableDimension: 'ecs:service:DesiredCount', resourceId: id2,
      targetTrackingScalingPolicyConfiguration: { targetValue: 90, predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' } },
    });
    const r = await checkStack(targetTracking, stack2);
    expect(messages(r)).toEqual([expect.stringMatching(/^the ECSServiceAverageCPUUtilization policy of service Service\/Service targets 90, outside 20–75/)]);
  });

  it('skips when the named service is not in the stack', async () => {
    const r = await checkStack(targetTracking, scaledStack(), { service: 'Nope' });
    expect(r.status).toBe('skip');
  });

  it('params: bad metrics, bands and capacities are refused with a readable error', async () => {
    for (const [raw, msg] of [
      [{ metrics: ['CPU'] }, /metrics must list metrics from/],
      [{ metrics: ['ECSServiceAverageCPUUtilization'], require: ['ALBRequestCountPerTarget'] }, /require names ALBRequestCountPerTarget/],
      [{ targetBands: { ECSServiceAverageCPUUtilization: [80, 20] } }, /lowest first/],
      [{ minCapacity: 0 }, /minCapacity must be a whole number of at least 1/],
      [{ minMaxCapacity: 2 }, /minMaxCapacity must be a whole number of at least 3/],
    ] as const) {
      const r = await checkStack(targetTracking, scaledStack(), raw as Record<string, unknown>);
      expect(r.status, JSON.stringify(raw)).toBe('error');
      expect(r.findings[0].message).toMatch(msg);
    }
  });
});
