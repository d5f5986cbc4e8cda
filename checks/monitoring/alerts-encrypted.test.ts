import { App, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { alertsEncrypted } from './alerts-encrypted';
import { alarm, monitoredStack } from './fixtures';

const messages = async (stack: Stack) => (await checkStack(alertsEncrypted, stack)).findings.map((f) => f.message);

/** A stack with one alarm publishing to a topic encrypted with the given key. */
function alarmTo(key: (stack: Stack) => kms.IKey | undefined): Stack {
  const m = monitoredStack({ alarms: false, encryption: 'none' });
  const topic = new sns.Topic(m.stack, 'Pager', { masterKey: key(m.stack) });
  new cw.Alarm(m.stack, 'Cpu', { metric: m.service.metricCpuUtilization(), threshold: 80, evaluationPeriods: 3 }).addAlarmAction(new actions.SnsAction(topic));
  return m.stack;
}

describe('monitoring.alerts-encrypted', () => {
  it('Compliance 1: a customer managed key granting CloudWatch GenerateDataKey* and Decrypt', async () => {
    expect((await checkStack(alertsEncrypted, monitoredStack().stack)).status).toBe('pass');
  });

  it("Compliance 2: the grant limited to this account's alarms (confused deputy conditions)", async () => {
    const stack = alarmTo((s) => {
      const key = new kms.Key(s, 'Key');
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: {
            StringEquals: { 'aws:SourceAccount': s.account },
            ArnLike: { 'aws:SourceArn': `arn:${s.partition}:cloudwatch:${s.region}:${s.account}:alarm:*` },
          },
        }),
      );
      return key;
    });
    expect((await checkStack(alertsEncrypted, stack)).status).toBe('pass');
  });

  it('Compliance 3: the key named through an alias of this stack', async () => {
    const stack = alarmTo((s) => {
      const key = new kms.Key(s, 'Key');
      key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
      return key.addAlias('alias/alerts');
    });
    expect((await checkStack(alertsEncrypted, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: not encrypted, naming the topic', async () => {
    const r = await checkStack(alertsEncrypted, monitoredStack({ encryption: 'none' }).stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['topic Alerts: is not encrypted at rest']);
    expect(r.findings[0].constructPath).toBe('Test/Alerts/Resource');
  });

  it('Noncompliance 2: the AWS managed key aws/sns, which CloudWatch cannot use', async () => {
    expect(await messages(monitoredStack({ encryption: 'aws-managed' }).stack)).toEqual([expect.stringMatching(/^topic Alerts: is encrypted with the AWS managed key aws\/sns/)]);
  });

  it("Noncompliance 3: a customer managed key whose policy leaves CloudWatch out, reported on the key", async () => {
    const r = await checkStack(alertsEncrypted, monitoredStack({ encryption: 'cmk-without-cloudwatch' }).stack);
    expect(r.findings.map((f) => f.message)).toEqual(['topic Alerts: its key AlertsKey does not let cloudwatch.amazonaws.com kms:GenerateDataKey and kms:Decrypt, so CloudWatch cannot publish the alarm notifications']);
    expect(r.findings[0].constructPath).toBe('Test/AlertsKey/Resource');
  });

  it('Noncompliance 4: Decrypt only', async () => {
    const stack = alarmTo((s) => {
      const key = new kms.Key(s, 'Key');
      key.grant(new iam.ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt');
      return key;
    });
    expect(await messages(stack)).toEqual([expect.stringMatching(/does not let cloudwatch\.amazonaws\.com kms:GenerateDataKey, so/)]);
  });

  it("Noncompliance 5: conditioned on another account's alarms", async () => {
    const stack = alarmTo((s) => {
      const key = new kms.Key(s, 'Key');
      key.addToResourcePolicy(
        new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
          actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          resources: ['*'],
          conditions: { StringEquals: { 'aws:SourceAccount': '210987654321' } },
        }),
      );
      return key;
    });
    expect(await messages(stack)).toEqual([expect.stringMatching(/does not let cloudwatch\.amazonaws\.com kms:GenerateDataKey and kms:Decrypt/)]);
  });

  it('Noncompliance 6: a key from outside the stack, whose policy cannot be read', async () => {
    const stack = alarmTo((s) => kms.Key.fromKeyArn(s, 'Shared', 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab'));
    expect(await messages(stack)).toEqual([expect.stringMatching(/^topic Pager: is encrypted with arn:aws:kms:.*, a key outside this stack/)]);
  });

  it('skips when no alarm notifies a topic of this stack', async () => {
    const m = monitoredStack({ alarms: false });
    new cw.Alarm(m.stack, 'Quiet', { metric: m.service.metricCpuUtilization(), threshold: 80, evaluationPeriods: 3 });
    expect((await checkStack(alertsEncrypted, m.stack)).status).toBe('skip');
    const stack = new Stack(new App(), 'Empty');
    new sns.Topic(stack, 'Topic');
    expect((await checkStack(alertsEncrypted, stack)).status).toBe('skip');
  });
});
