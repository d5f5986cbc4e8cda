import { App, CfnStack, CustomResource, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { describe, expect, it } from 'vitest';
import { StackModel } from '../../engine/model/model';
import { checkStack } from '../../engine/testing/offline-context';
import { runCheck } from '../../engine/checking/run-checks';
import { verifiableOffline } from './verifiable-offline';

const IAM_LAB = { services: ['iam'] };
const stack = () => new Stack(new App(), 'Test');

describe('app.verifiable-offline', () => {
  it('Compliance 1: a CDK custom resource that only empties a bucket, in a lab about IAM', async () => {
    const s = stack();
    new s3.Bucket(s, 'Assets', { autoDeleteObjects: true, removalPolicy: RemovalPolicy.DESTROY });
    expect((await checkStack(verifiableOffline, s, IAM_LAB)).status).toBe('pass');
  });

  it('Compliance 2: no custom resources at all', async () => {
    const s = stack();
    new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    expect((await checkStack(verifiableOffline, s, IAM_LAB)).status).toBe('pass');
  });

  it('Noncompliance 1: an AwsCustomResource that attaches a policy through the IAM API', async () => {
    const s = stack();
    new cr.AwsCustomResource(s, 'AttachAdmin', {
      onCreate: {
        service: 'IAM',
        action: 'attachRolePolicy',
        parameters: { RoleName: 'app', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
        physicalResourceId: cr.PhysicalResourceId.of('attach'),
      },
      policy: cr.AwsCustomResourcePolicy.fromSdkCalls({ resources: cr.AwsCustomResourcePolicy.ANY_RESOURCE }),
    });
    const r = await checkStack(verifiableOffline, s, IAM_LAB);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/AttachAdmin.*cannot be verified offline.*iam/);
    // The same resource in a lab about networking changes nothing that lab judges.
    expect((await checkStack(verifiableOffline, s, { services: ['ec2'] })).status).toBe('pass');
  });

  it('Noncompliance 2: a Lambda-backed provider whose role may change IAM', async () => {
    const s = stack();
    const fn = new lambda.Function(s, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({})'),
      timeout: Duration.seconds(30),
    });
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['iam:PutRolePolicy'], resources: ['*'] }));
    new CustomResource(s, 'Grant', { serviceToken: fn.functionArn });
    const r = await checkStack(verifiableOffline, s, IAM_LAB);
    expect(r.status).toBe('fail');
    expect(r.findings[0].logicalId).toMatch(/^Grant/);
    expect(r.findings[0].message).toMatch(/may call iam/);
  });

  it('Noncompliance 3: a provider from outside the app (an ARN) could do anything', async () => {
    const s = stack();
    new CustomResource(s, 'External', { serviceToken: 'arn:aws:lambda:us-east-1:111122223333:function:elsewhere' });
    const r = await checkStack(verifiableOffline, s, IAM_LAB);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/outside the app/);
  });

  it('Noncompliance 4: a nested stack whose template comes from a URL', async () => {
    const s = stack();
    new CfnStack(s, 'Remote', { templateUrl: 'https://example-bucket.s3.amazonaws.com/admin.json' });
    const r = await checkStack(verifiableOffline, s, IAM_LAB);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/loads its template from a URL/);
  });

  it('Noncompliance 5: a stack processed by a transform', async () => {
    const template = { Transform: 'AWS::Serverless-2016-10-31', Resources: { Fn: { Type: 'AWS::Serverless::Function', Properties: {} } } };
    const model = new StackModel(template, new Map(), undefined, {
      stackOf: new Map([['Fn', 'Lab']]),
      stacks: [{ name: 'Lab', primary: true, transforms: ['AWS::Serverless-2016-10-31'] }],
    });
    const r = await runCheck(verifiableOffline, { template, model }, IAM_LAB);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/transform AWS::Serverless-2016-10-31/);
  });

  it('rejects bad params', async () => {
    const r = await checkStack(verifiableOffline, stack(), { services: 'iam' });
    expect(r.status).toBe('error');
  });
});
