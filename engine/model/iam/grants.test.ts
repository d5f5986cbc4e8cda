import { describe, expect, it } from 'vitest';
import { StackModel } from '../model';
import { candidateRequests, servicesNamed } from './grants';
import { iamModelOf } from './roles';
import type { IdentityPolicy } from './roles';

const policy = (statements: IdentityPolicy['statements']): IdentityPolicy => ({ kind: 'inline', name: 'p', logicalId: 'R', statements });

describe('grants: the requests worth asking about a role', () => {
  it('expands only the services its Allow statements name; a wildcard service or a NotAction means every service', () => {
    expect(servicesNamed([policy([{ effect: 'Allow', actions: ['s3:GetObject', 'SecretsManager:Get*'], conditions: [] }, { effect: 'Deny', actions: ['*'], conditions: [] }])])).toEqual(new Set(['s3', 'secretsmanager']));
    expect(servicesNamed([policy([{ effect: 'Allow', actions: ['*:Get*'], conditions: [] }])])).toBe('all');
    expect(servicesNamed([policy([{ effect: 'Allow', notActions: ['iam:*'], conditions: [] }])])).toBe('all');
  });

  it('asks about each stack resource of the action\'s type and one outside the stack, and `*` for actions without a resource', async () => {
    const model = new StackModel({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'secretsmanager:*', Resource: '*' }] } }] } },
        Db: { Type: 'AWS::SecretsManager::Secret' },
      },
    } as any);
    const requests = await candidateRequests(model, iamModelOf(model).role('Role')!);
    const get = requests.filter((r) => r.action === 'secretsmanager:GetSecretValue');
    expect(get.map((r) => r.what)).toEqual(['secret Db', 'any other Secret (outside this stack)']);
    expect(get[0].levels).toEqual(['Read']);
    expect(requests.find((r) => r.action === 'secretsmanager:GetRandomPassword')).toMatchObject({ resource: '*', what: 'secretsmanager (no resource)' });
    expect(new Set(requests.map((r) => r.service))).toEqual(new Set(['secretsmanager']));
  });

  it('names Lambda functions, Kinesis streams, SSM parameters (the ARN without the name\'s leading slash), ECS clusters and task definitions of the stack', async () => {
    const model = new StackModel({
      Resources: {
        Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {}, Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: [{ Effect: 'Allow', Action: ['lambda:InvokeFunction', 'kinesis:PutRecord', 'ssm:GetParameter', 'ecs:RunTask', 'ecs:PutClusterCapacityProviders'], Resource: '*' }] } }] } },
        Resize: { Type: 'AWS::Lambda::Function', Properties: { FunctionName: 'resize' } },
        Events: { Type: 'AWS::Kinesis::Stream' },
        DbHost: { Type: 'AWS::SSM::Parameter', Properties: { Name: '/app/db-host', Type: 'String', Value: 'db' } },
        Cluster: { Type: 'AWS::ECS::Cluster' },
        TaskDef: { Type: 'AWS::ECS::TaskDefinition', Properties: { Family: 'app' } },
      },
    } as any);
    const requests = await candidateRequests(model, iamModelOf(model).role('Role')!);
    const inStack = (action: string) => requests.filter((r) => r.action === action && r.logicalId).map((r) => [r.what, r.resource]);
    expect(inStack('lambda:InvokeFunction')).toEqual([['function Resize', 'arn:aws:lambda:us-east-1:123456789012:function:resize']]);
    expect(inStack('kinesis:PutRecord')).toEqual([['stream Events', 'arn:aws:kinesis:us-east-1:123456789012:stream/Events']]);
    expect(inStack('ssm:GetParameter')).toEqual([['parameter DbHost', 'arn:aws:ssm:us-east-1:123456789012:parameter/app/db-host']]);
    expect(inStack('ecs:RunTask')).toEqual([['task definition TaskDef', 'arn:aws:ecs:us-east-1:123456789012:task-definition/app:1']]);
    expect(inStack('ecs:PutClusterCapacityProviders')).toEqual([['cluster Cluster', 'arn:aws:ecs:us-east-1:123456789012:cluster/Cluster']]);
  });
});
