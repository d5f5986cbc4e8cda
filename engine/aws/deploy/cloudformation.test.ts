import {
  CancelUpdateStackCommand,
  CloudFormationClient,
  DeleteStackCommand,
  DescribeStackEventsCommand,
  DescribeStacksCommand,
} from '@aws-sdk/client-cloudformation';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mockSdk, type SdkStub } from '../sdk-mock';
import { deleteStack, describeStack } from './cloudformation';

const ID = 'arn:aws:cloudformation:eu-west-1:111111111111:stack/IamRolesLab/abc';
const stacks = (status: string, reason?: string) => ({ Stacks: [{ StackId: ID, StackName: 'IamRolesLab', StackStatus: status, StackStatusReason: reason, CreationTime: new Date() }] });
const missing = Object.assign(new Error('Stack with id IamRolesLab does not exist'), { name: 'ValidationError' });
const at = (s: number) => new Date(Date.now() + s * 1000);
const event = (id: string, type: string, status: string, s: number, reason?: string) => ({
  EventId: `${id}-${status}`,
  StackId: ID,
  StackName: 'IamRolesLab',
  LogicalResourceId: id,
  ResourceType: type,
  ResourceStatus: status,
  ResourceStatusReason: reason,
  Timestamp: at(s),
});
const noSleep = async () => undefined;

let cfn: SdkStub;
const client = () => new CloudFormationClient({ region: 'eu-west-1' });
beforeEach(() => (cfn = mockSdk(CloudFormationClient)));
afterEach(() => cfn.restore());

describe('describeStack', () => {
  it('is undefined for a stack that does not exist, and rethrows anything else', async () => {
    cfn.on(DescribeStacksCommand).rejects(missing);
    expect(await describeStack(client(), 'IamRolesLab')).toBeUndefined();
    cfn.on(DescribeStacksCommand).rejects(Object.assign(new Error('User is not authorized to perform: cloudformation:DescribeStacks'), { name: 'AccessDenied' }));
    await expect(describeStack(client(), 'IamRolesLab')).rejects.toThrow(/not authorized/);
  });
});

describe('deleteStack', () => {
  it('a stack already gone is "absent", and nothing is deleted', async () => {
    cfn.on(DescribeStacksCommand).rejects(missing);
    expect(await deleteStack(client(), 'IamRolesLab', { sleep: noSleep })).toBe('absent');
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(0);
  });

  it('deletes a stack stuck in UPDATE_ROLLBACK_FAILED, following paginated events oldest first', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stacks('UPDATE_ROLLBACK_FAILED', 'The following resource(s) failed to update: [Service]'))
      .resolvesOnce(stacks('DELETE_IN_PROGRESS'))
      .resolves(stacks('DELETE_COMPLETE'));
    cfn.on(DeleteStackCommand).resolves({});
    cfn
      .on(DescribeStackEventsCommand, { StackName: ID, NextToken: undefined })
      .resolvesOnce({ StackEvents: [event('Service', 'AWS::ECS::Service', 'DELETE_IN_PROGRESS', 3)], NextToken: 'older' })
      .resolves({ StackEvents: [] });
    cfn.on(DescribeStackEventsCommand, { StackName: ID, NextToken: 'older' }).resolves({ StackEvents: [event('Role', 'AWS::IAM::Role', 'DELETE_COMPLETE', 2), event('Cluster', 'AWS::ECS::Cluster', 'DELETE_COMPLETE', 1)] });
    const seen: string[] = [];
    expect(await deleteStack(client(), 'IamRolesLab', { sleep: noSleep, onEvent: (e) => seen.push(`${e.LogicalResourceId} ${e.ResourceStatus}`) })).toBe('deleted');
    expect(cfn.commandCalls(DeleteStackCommand).map((c) => c.args[0].input)).toEqual([{ StackName: ID }]);
    expect(seen).toEqual(['Cluster DELETE_COMPLETE', 'Role DELETE_COMPLETE', 'Service DELETE_IN_PROGRESS']);
  });

  it('deletes a stack left holding an unexecuted change set (REVIEW_IN_PROGRESS) at once, without waiting', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce(stacks('REVIEW_IN_PROGRESS')).resolves(stacks('DELETE_COMPLETE'));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cfn.on(DeleteStackCommand).resolves({});
    let slept = 0;
    expect(await deleteStack(client(), 'IamRolesLab', { sleep: async () => void slept++ })).toBe('deleted');
    expect(cfn.commandCalls(DeleteStackCommand)).toHaveLength(1);
    expect(slept).toBe(1); // one poll after the delete, none before it
  });

  it('cancels an update in progress and waits for its rollback before deleting', async () => {
    cfn
      .on(DescribeStacksCommand)
      .resolvesOnce(stacks('UPDATE_IN_PROGRESS'))
      .resolvesOnce(stacks('UPDATE_ROLLBACK_IN_PROGRESS'))
      .resolvesOnce(stacks('UPDATE_ROLLBACK_COMPLETE'))
      .resolves(stacks('DELETE_COMPLETE'));
    cfn.on(DescribeStackEventsCommand).resolves({ StackEvents: [] });
    cfn.on(CancelUpdateStackCommand).resolves({});
    cfn.on(DeleteStackCommand).resolves({});
    expect(await deleteStack(client(), 'IamRolesLab', { sleep: noSleep })).toBe('deleted');
    const order = cfn.calls().map((c) => c.args[0].constructor.name);
    expect(order.indexOf('CancelUpdateStackCommand')).toBeLessThan(order.indexOf('DeleteStackCommand'));
    expect(order.filter((n) => n === 'DescribeStacksCommand').length).toBeGreaterThanOrEqual(4);
  });

  it('DELETE_FAILED is one line naming the resource that would not go, with the next step', async () => {
    cfn.on(DescribeStacksCommand).resolvesOnce(stacks('CREATE_COMPLETE')).resolves(stacks('DELETE_FAILED', 'The following resource(s) failed to delete: [Bucket]'));
    cfn.on(DeleteStackCommand).resolves({});
    cfn.on(DescribeStackEventsCommand).resolves({
      StackEvents: [event('Bucket', 'AWS::S3::Bucket', 'DELETE_FAILED', 1, 'The bucket you tried to delete is not empty')],
    });
    await expect(deleteStack(client(), 'IamRolesLab', { sleep: noSleep })).rejects.toMatchObject({
      code: 'E_AWS',
      message:
        'stack IamRolesLab could not be deleted (DELETE_FAILED: Bucket (AWS::S3::Bucket): The bucket you tried to delete is not empty) — fix or empty that resource, then run `lab destroy` again',
    });
  });
});
