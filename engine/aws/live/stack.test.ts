import { CloudFormationClient, DescribeStacksCommand, GetTemplateCommand, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { afterEach, describe, expect, it } from 'vitest';
import { LabError } from '../../errors';
import { mockSdk } from '../sdk-mock';
import { clusterOfServiceArn, logicalIdsByConstruct, readDeployedStack, readDeployedTemplate, resourceByConstruct } from './stack';
import { ACCOUNT, REGION, STACK, STACK_ARN, testClients } from './test-context';

const cfn = mockSdk(CloudFormationClient);
afterEach(() => cfn.reset());
const clients = testClients();

/** CloudFormation's answer for a stack that does not exist. */
function notFound() {
  const e = new Error(`Stack with id ${STACK} does not exist`);
  e.name = 'ValidationError';
  return e;
}

const resource = (LogicalResourceId: string, ResourceType: string, PhysicalResourceId?: string, ResourceStatus = 'CREATE_COMPLETE') => ({
  LogicalResourceId,
  ResourceType,
  PhysicalResourceId,
  ResourceStatus,
  Timestamp: new Date('2026-12-02T08:00:00Z'),
});

describe('readDeployedStack', () => {
  it('reads the account and region from the stack ARN, and each resource\'s physical id, over every page', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ARN, StackStatus: 'UPDATE_COMPLETE', CreationTime: new Date() }] });
    cfn
      .on(ListStackResourcesCommand)
      .resolvesOnce({ StackResourceSummaries: [resource('TaskSgFD7B04A0', 'AWS::EC2::SecurityGroup', 'sg-0123456789abcdef0')], NextToken: 'page-2' })
      .resolvesOnce({
        StackResourceSummaries: [
          resource('ServiceD69D759B', 'AWS::ECS::Service', `arn:aws:ecs:${REGION}:${ACCOUNT}:service/lab/Svc`),
          resource('Broken', 'AWS::IAM::Role', undefined, 'CREATE_FAILED'),
        ],
      });
    const s = await readDeployedStack(clients, STACK);
    expect(s).toMatchObject({ name: STACK, account: ACCOUNT, region: REGION, partition: 'aws', status: 'UPDATE_COMPLETE' });
    expect([...s.resources.keys()]).toEqual(['TaskSgFD7B04A0', 'ServiceD69D759B']);
    expect(s.resources.get('TaskSgFD7B04A0')!.physicalId).toBe('sg-0123456789abcdef0');
    const calls = cfn.commandCalls(ListStackResourcesCommand).map((c) => c.args[0].input);
    // (The paginator reuses one input object, so only the last call's token can be checked.)
    expect(calls.map((c) => c.StackName)).toEqual([STACK_ARN, STACK_ARN]);
    expect(calls[1].NextToken).toBe('page-2');
  });

  it('a stack that was never deployed is E_NOT_DEPLOYED (exit 2), one line, no further call', async () => {
    cfn.on(DescribeStacksCommand).rejects(notFound());
    const e = await readDeployedStack(clients, STACK).catch((x) => x);
    expect(e).toBeInstanceOf(LabError);
    expect(e.code).toBe('E_NOT_DEPLOYED');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(/not deployed .* run `lab deploy` first/);
    expect(cfn.commandCalls(ListStackResourcesCommand)).toHaveLength(0);
  });

  it('a stack left in ROLLBACK_COMPLETE (its first deploy failed) has nothing live either', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [{ StackName: STACK, StackId: STACK_ARN, StackStatus: 'ROLLBACK_COMPLETE', CreationTime: new Date() }] });
    await expect(readDeployedStack(clients, STACK)).rejects.toMatchObject({ code: 'E_NOT_DEPLOYED', message: expect.stringMatching(/ROLLBACK_COMPLETE/) });
  });

  it('other errors (expired credentials) go through unchanged for the caller to explain', async () => {
    const e = new Error('The security token included in the request is expired');
    e.name = 'ExpiredToken';
    cfn.on(DescribeStacksCommand).rejects(e);
    await expect(readDeployedStack(clients, STACK)).rejects.toMatchObject({ name: 'ExpiredToken' });
  });
});

describe('construct ids in the deployed template', () => {
  const template = {
    Resources: {
      TaskSgFD7B04A0: { Type: 'AWS::EC2::SecurityGroup', Metadata: { 'aws:cdk:path': 'Lab/TaskSg/Resource' } },
      TaskSgPolicy1: { Type: 'AWS::EC2::SecurityGroup', Metadata: { 'aws:cdk:path': 'Lab/TaskSgPolicy/Resource' } },
      Exp: { Type: 'AWS::FIS::ExperimentTemplate', Metadata: { 'aws:cdk:path': 'Lab/Faults/AzOutage/Resource' } },
    },
  };

  it('match whole path segments, like StackModel.findByPath', () => {
    expect(logicalIdsByConstruct(template, 'TaskSg', 'AWS::EC2::SecurityGroup')).toEqual(['TaskSgFD7B04A0']);
    expect(logicalIdsByConstruct(template, 'Faults/AzOutage', 'AWS::FIS::ExperimentTemplate')).toEqual(['Exp']);
    expect(logicalIdsByConstruct(template, 'AzOutage', 'AWS::EC2::SecurityGroup')).toEqual([]);
  });

  it('resourceByConstruct: a construct that is not deployed is a one-line E_NOT_DEPLOYED', () => {
    const stack = { name: STACK, arn: STACK_ARN, status: 'CREATE_COMPLETE', region: REGION, account: ACCOUNT, partition: 'aws', resources: new Map() };
    expect(() => resourceByConstruct(stack, template, 'TaskSg', 'AWS::EC2::SecurityGroup', 'security group')).toThrow(/has no deployed security group "TaskSg"/);
  });

  it('readDeployedTemplate parses the template body', async () => {
    cfn.on(GetTemplateCommand).resolves({ TemplateBody: JSON.stringify(template) });
    expect(await readDeployedTemplate(clients, STACK)).toEqual(template);
    expect(cfn.commandCalls(GetTemplateCommand)[0].args[0].input).toEqual({ StackName: STACK, TemplateStage: 'Original' });
  });

  it('clusterOfServiceArn', () => {
    expect(clusterOfServiceArn('arn:aws:ecs:eu-west-1:111122223333:service/lab-cluster/web')).toBe('lab-cluster');
    expect(clusterOfServiceArn('arn:aws:ecs:eu-west-1:111122223333:service/web')).toBeUndefined();
  });
});
