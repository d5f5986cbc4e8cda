import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { describe, expect, it } from 'vitest';
import { checkStack, offlineContext } from '../../engine/testing/offline-context';
import { isSecretName, looksLikeSecretValue, noSecretsInImage } from './no-secrets-in-image';
import { goodApp, GOOD_DOCKERFILE, imageStack, type ImageStackOptions } from './test-stack';

const check = (files: Record<string, string>, opts: ImageStackOptions = {}) => checkStack(noSecretsInImage, imageStack(goodApp(files), opts));
const messages = async (files: Record<string, string>, opts: ImageStackOptions = {}) => (await check(files, opts)).findings.map((f) => f.message);
const withLines = (...lines: string[]) => GOOD_DOCKERFILE.replace('USER node', [...lines, 'USER node'].join('\n'));
// AWS's documented example access key id, never a real one.
const EXAMPLE_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';

describe('docker.no-secrets-in-image', () => {
  it('Compliance 1: plain configuration only', async () => {
    expect((await check({})).status).toBe('pass');
  });

  it('Compliance 2: references to secrets, and the secret injected through `secrets`', async () => {
    const stack = imageStack(goodApp({ Dockerfile: withLines('ENV DB_SECRET_ARN=arn:aws:secretsmanager:us-east-1:123456789012:secret:db', 'ENV API_KEY_FILE=/run/secrets/api_key') }), {
      container: { environment: { LOG_LEVEL: 'info', DATABASE_URL: 'postgres://db.internal:5432/app' } },
    });
    const secret = new secretsmanager.Secret(stack, 'ApiKey');
    const task = stack.node.findChild('Task') as ecs.FargateTaskDefinition;
    task.defaultContainer!.addSecret('API_KEY', ecs.Secret.fromSecretsManager(secret));
    expect((await checkStack(noSecretsInImage, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: ENV API_KEY in the final stage, value not repeated in the message', async () => {
    const r = await check({ Dockerfile: withLines('ENV API_KEY=very-secret-value-123') });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/container web of Task: app\/Dockerfile:12: ENV API_KEY looks like a secret baked into the image/)]);
    expect(r.findings[0].message).not.toContain('very-secret-value-123');
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 2: ARG NPM_TOKEN in the build stage, even without a default', async () => {
    const df = GOOD_DOCKERFILE.replace('WORKDIR /app\nCOPY package.json', 'WORKDIR /app\nARG NPM_TOKEN\nCOPY package.json');
    expect(await messages({ Dockerfile: df })).toEqual([expect.stringMatching(/:4: ARG NPM_TOKEN looks like a secret: build arguments are recorded/)]);
  });

  it('Noncompliance 3: a global ARG before the first FROM', async () => {
    expect(await messages({ Dockerfile: `ARG GITHUB_TOKEN\n${GOOD_DOCKERFILE}` })).toEqual([expect.stringMatching(/:1: ARG GITHUB_TOKEN/)]);
  });

  it('Noncompliance 4: an AWS access key under a harmless name', async () => {
    expect(await messages({ Dockerfile: withLines(`ENV S3_SETTINGS=${EXAMPLE_KEY_ID}`) })).toEqual([expect.stringMatching(/ENV S3_SETTINGS has a value that looks like a credential/)]);
  });

  it('Noncompliance 5: AWS keys and passwords as plain environment in the container definition', async () => {
    const r = await check({}, { container: { environment: { AWS_ACCESS_KEY_ID: EXAMPLE_KEY_ID, DB_PASSWORD: 'hunter2', LOG_LEVEL: 'info' } } });
    expect(r.findings.map((f) => f.message).sort()).toEqual([
      expect.stringMatching(/environment variable AWS_ACCESS_KEY_ID holds a secret in plain text/),
      expect.stringMatching(/environment variable DB_PASSWORD holds a secret in plain text/),
    ]);
    expect(r.findings.some((f) => f.message.includes('hunter2'))).toBe(false);
  });

  it('Noncompliance 6: credentials inside a connection string', async () => {
    expect(await messages({}, { container: { environment: { DATABASE_URL: 'postgres://app:s3cr3t@db.internal/app' } } })).toEqual([
      expect.stringMatching(/environment variable DATABASE_URL holds a secret/),
    ]);
  });

  it('Noncompliance 7: a sidecar from a registry image with an API key in its plain environment', async () => {
    const stack = imageStack(goodApp({}));
    const task = stack.node.findChild('Task') as ecs.FargateTaskDefinition;
    task.addContainer('metrics', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/datadog/agent:7'), environment: { DD_API_KEY: 'abc123def456', DD_SITE: 'datadoghq.com' } });
    const r = await checkStack(noSecretsInImage, stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual(['container metrics of Task: environment variable DD_API_KEY holds a secret in plain text in the task definition']);
    expect(r.findings[0].message).not.toContain('abc123def456');
  });

  it('Noncompliance 8: a stack that builds no image still has its plain-text secrets reported', async () => {
    const stack = new Stack(new App(), 'Test');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), environment: { DB_PASSWORD: 'hunter2' } });
    const r = await checkStack(noSecretsInImage, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/no container in this stack is built from a Dockerfile/),
      'container web of Task: environment variable DB_PASSWORD holds a secret in plain text in the task definition',
    ]);
  });

  it('a plain-text secret fails even when the image build cannot be read (skip becomes fail on evidence)', async () => {
    const stack = new Stack(new App(), 'Test');
    const task = new ecs.FargateTaskDefinition(stack, 'Task');
    task.addContainer('web', { image: ecs.ContainerImage.fromRegistry('nginx'), environment: { DB_PASSWORD: 'hunter2' } });
    const { assemblyDir: _none, ...ctx } = offlineContext(stack);
    const r = await noSecretsInImage.offline(ctx);
    expect(r).toEqual({ status: 'fail', findings: [expect.objectContaining({ message: 'container web of Task: environment variable DB_PASSWORD holds a secret in plain text in the task definition' })] });
  });

  it('classifies names and values', () => {
    const secret = ['API_KEY', 'apiKey', 'DB_PASSWORD', 'DB_PASS', 'JWT_SECRET', 'GITHUB_TOKEN', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'PRIVATE_KEY', 'STRIPE_CREDENTIALS'];
    const plain = ['NODE_ENV', 'PORT', 'DB_SECRET_ARN', 'API_KEY_FILE', 'PASSWORD_PARAMETER', 'TOKEN_URL', 'PASSENGER_COUNT', 'PWD'];
    expect(secret.filter((n) => !isSecretName(n))).toEqual([]);
    expect(plain.filter(isSecretName)).toEqual([]);
    expect(looksLikeSecretValue('postgres://app:${DB_PASSWORD}@db/app')).toBe(false);
    expect(looksLikeSecretValue('-----BEGIN RSA PRIVATE KEY-----')).toBe(true);
  });
});
