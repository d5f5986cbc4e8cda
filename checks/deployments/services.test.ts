import { describe, expect, it } from 'vitest';
import { offlineContext } from '../../engine/testing/offline-context';
import { deployStack } from './fixtures';
import { deploymentOf, lowestDesiredCount, refersTo, serviceNameOf } from './services';

describe('deployment helpers', () => {
  it('fills in CloudFormation\'s defaults for what the template leaves out (CDK writes alarms, turned off)', () => {
    const { stack } = deployStack();
    const { model } = offlineContext(stack);
    const svc = model.ofType('AWS::ECS::Service')[0];
    expect(deploymentOf(svc)).toMatchObject({ controller: 'ECS', strategy: 'ROLLING', minHealthyPercent: 100, maxPercent: 200, circuitBreaker: undefined, alarms: { names: [], enable: false, rollback: false }, daemon: false });
  });

  it('takes the auto scaling minimum as the lowest desired count, matched by the service name', () => {
    const { stack, service } = deployStack({ desiredCount: 4, serviceName: 'orders' });
    service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 8 }).scaleOnCpuUtilization('Cpu', { targetUtilizationPercent: 50 });
    const { model } = offlineContext(stack);
    const id = model.ofType('AWS::ECS::Service')[0].logicalId;
    expect(serviceNameOf(model, id)).toBe('orders');
    expect(lowestDesiredCount(model, id)).toEqual({ count: 2, source: 'its auto scaling minimum (MinCapacity)' });
  });

  it('finds a reference to a resource in Ref, GetAtt (both forms) and Sub, and nothing else', () => {
    expect(refersTo({ Ref: 'Svc' }, 'Svc')).toBe(true);
    expect(refersTo([{ Name: 'ServiceName', Value: { 'Fn::GetAtt': ['Svc', 'Name'] } }], 'Svc')).toBe(true);
    expect(refersTo({ 'Fn::GetAtt': 'Svc.Name' }, 'Svc')).toBe(true);
    expect(refersTo({ 'Fn::Sub': 'service/${Cluster}/${Svc.Name}' }, 'Svc')).toBe(true);
    expect(refersTo({ 'Fn::Sub': 'service/${Cluster}/${SvcOther.Name}' }, 'Svc')).toBe(false);
    expect(refersTo({ Ref: 'SvcOther' }, 'Svc')).toBe(false);
    expect(refersTo('Svc', 'Svc')).toBe(false);
  });
});
