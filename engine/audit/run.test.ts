import { describe, expect, it } from 'vitest';
import { StackModel } from '../model/model';
import { defineCheck, type CfnTemplate } from '../types';
import { appServices, executionRoleParams, PROFILES } from './profiles';
import { auditChecks, planCheck } from './run';

const model = (template: CfnTemplate) => new StackModel(template);
const bucketOnly = model({ Resources: { B: { Type: 'AWS::S3::Bucket' } } });

const base = { title: 't', severity: 'high' as const, why: 'w', refs: {} };
const noParams = defineCheck({ ...base, id: 'x.plain', offline: () => ({ status: 'pass' }) });
const needsParams = defineCheck<{ bucket: string }>({
  ...base,
  id: 'x.params',
  params: (raw) => {
    if (typeof raw.bucket !== 'string') throw new Error('x.params needs the parameter "bucket"');
    return { bucket: raw.bucket };
  },
  offline: () => ({ status: 'pass' }),
});

describe('planCheck', () => {
  it('runs a check without parameters, or whose parameters all have defaults, as it is', () => {
    expect(planCheck(noParams, { model: bucketOnly })).toEqual({ ref: { id: 'x.plain' } });
  });

  it('skips a check that needs parameters a lab gives, saying which', () => {
    expect(planCheck(needsParams, { model: bucketOnly })).toEqual({ skip: 'not judged in an audit: it needs parameters a lab gives (x.params needs the parameter "bucket")' });
  });

  it('skips a check whose subject the app does not have', () => {
    expect(planCheck(noParams, { model: bucketOnly }, PROFILES['network.multi-az'])).toEqual({ skip: 'not applicable: the app has no ECS service' });
  });

  it('runs it with the parameters the profile infers', () => {
    expect(planCheck(needsParams, { model: bucketOnly }, { params: () => ({ params: { bucket: 'B' } }) })).toEqual({ ref: { id: 'x.params', params: { bucket: 'B' } } });
  });

  it('leaves the verdict to the check when its profile cannot read the app', () => {
    const broken = {
      notApplicable: () => {
        throw new Error('boom');
      },
    };
    expect(planCheck(noParams, { model: bucketOnly }, broken)).toEqual({ ref: { id: 'x.plain' } });
  });
});

describe('profiles', () => {
  it('every profile names a check of the library (a renamed check would lose its profile silently)', async () => {
    const { ALL_CHECKS } = await import('../../checks');
    const ids = new Set(ALL_CHECKS.map((c) => c.id));
    for (const id of Object.keys(PROFILES)) expect(ids.has(id), id).toBe(true);
  });

  it("infers the app's IAM service prefixes from its resource types", () => {
    const m = model({
      Resources: {
        S: { Type: 'AWS::ECS::Service' },
        L: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer' },
        R: { Type: 'AWS::IAM::Role' },
        N: { Type: 'AWS::CloudFormation::Stack' },
        C: { Type: 'Custom::Thing' },
      },
    });
    expect(appServices(m)).toEqual(['ecs', 'elasticloadbalancing', 'iam']);
  });

  it('infers no execution-role targets when the tasks use no repository, log group or secret of the app', () => {
    const m = model({ Resources: { T: { Type: 'AWS::ECS::TaskDefinition', Properties: { ContainerDefinitions: [{ Name: 'app', Image: 'nginx' }] } } } });
    expect(executionRoleParams(m)).toMatchObject({ skip: expect.stringMatching(/an ECR repository of the app, an awslogs log group of the app, a Secrets Manager secret of the app/) });
  });
});

describe('auditChecks', () => {
  it('runs the checks given, in order, the skipped ones with their reason', async () => {
    const template: CfnTemplate = { Resources: { B: { Type: 'AWS::S3::Bucket' } } };
    const app = { scenarios: [{ scenario: { template, assumptions: [] }, model: model(template) }], stacks: [], warnings: [], dispose: () => undefined };
    const results = await auditChecks(app, [needsParams, noParams]);
    expect(results.map((r) => [r.id, r.status])).toEqual([
      ['x.params', 'skip'],
      ['x.plain', 'pass'], // the definitions given are run, not the registry's
    ]);
  });
});

describe('the ECS Exec checks in an audit', () => {
  const service = (exec: boolean) => model({ Resources: { S: { Type: 'AWS::ECS::Service', Properties: { EnableExecuteCommand: exec } } } });

  it('judge an app whose service turns ECS Exec on', () => {
    for (const id of ['ecs.exec-enabled', 'ecs.exec-audited', 'ecs.exec-ready-container', 'ecs.exec-network-path']) {
      expect(PROFILES[id].notApplicable!({ model: service(true) }), id).toBeUndefined();
    }
  });

  it('have nothing to judge when no service turns it on (exec off is a choice, not a defect)', () => {
    expect(planCheck(noParams, { model: service(false) }, PROFILES['ecs.exec-enabled'])).toEqual({ skip: 'not applicable: no ECS service of the app enables ECS Exec' });
  });
});
