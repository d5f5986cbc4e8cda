// Issue 7 item 8, images: verdicts the docker checks got wrong on real constructs. Each case
// failed (or passed) wrongly before the fix; the correct alternatives must pass.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { dockerignore } from './dockerignore';
import { multiStageSlimFinal } from './multi-stage-slim-final';
import { noSecretsInImage } from './no-secrets-in-image';
import { nonRootUser } from './non-root-user';
import { GOOD_DOCKERFILE, GOOD_DOCKERIGNORE, goodApp, imageStack, writeApp } from './test-stack';

const DIGEST = 'sha256:' + 'ab12'.repeat(16);
const BAD_DOCKERFILE = 'FROM node:latest\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n';
const stage = (finalStage: string) => `FROM node:24-bookworm AS build\nRUN npm ci\n${finalStage}`;

/**
 * A Fargate service that runs `serviceImage`, plus a task definition nothing runs whose image is
 * built from the `decoy/` folder (a leftover, or a Dockerfile meant to make the check pass).
 */
function serviceWithDecoy(serviceImage: 'app' | 'registry', decoyDockerfile: string): Stack {
  const ws = writeApp({ ...goodApp(), 'decoy/Dockerfile': decoyDockerfile, 'decoy/.dockerignore': GOOD_DOCKERIGNORE });
  const app = new App({ outdir: join(ws, '.lab', 'cdk.out') });
  const stack = new Stack(app, 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0, subnetConfiguration: [{ name: 'pub', subnetType: ec2.SubnetType.PUBLIC }] });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('web', {
    image: serviceImage === 'app' ? ecs.ContainerImage.fromAsset(join(ws, 'app'), { exclude: ['decoy'] }) : ecs.ContainerImage.fromRegistry('node:latest'),
    portMappings: [{ containerPort: 8080 }],
  });
  new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, assignPublicIp: true });
  new ecs.FargateTaskDefinition(stack, 'Decoy').addContainer('web', { image: ecs.ContainerImage.fromAsset(join(ws, 'app', 'decoy')) });
  return stack;
}

describe('docker checks judge the image the service runs, not a decoy', () => {
  it('Compliance: a bad Dockerfile in a task definition no service runs does not fail the service', async () => {
    for (const check of [multiStageSlimFinal, nonRootUser]) {
      expect((await checkStack(check, serviceWithDecoy('app', BAD_DOCKERFILE))).status, check.id).toBe('pass');
    }
  });

  it('Noncompliance: a good decoy Dockerfile does not make a service on a registry image pass', async () => {
    const r = await checkStack(multiStageSlimFinal, serviceWithDecoy('registry', GOOD_DOCKERFILE));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no container .* is built from a Dockerfile/);
  });

  it('Noncompliance: the asset builds Dockerfile.prod; a good Dockerfile beside it is not judged', async () => {
    const r = await checkStack(multiStageSlimFinal, imageStack(goodApp({ 'Dockerfile.prod': BAD_DOCKERFILE }), { asset: { file: 'Dockerfile.prod' } }));
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/Dockerfile.prod:1: the image is built in a single stage/);
  });
});

describe('docker.multi-stage-slim-final: COPY --from=<stage> / / copies the whole stage', () => {
  it('Noncompliance: the final stage copies the build stage\'s whole filesystem', async () => {
    const r = await checkStack(multiStageSlimFinal, imageStack(goodApp({ Dockerfile: stage(`FROM gcr.io/distroless/nodejs24-debian12@${DIGEST}\nCOPY --from=build / /\n`) })));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/app\/Dockerfile:4: the final stage copies the whole filesystem of stage `build` \(`COPY --from=build \/ \/`\)/)]);
  });

  it('Compliance: copying one folder of the build stage is the point of a multi-stage build', async () => {
    const r = await checkStack(multiStageSlimFinal, imageStack(goodApp({ Dockerfile: stage(`FROM gcr.io/distroless/nodejs24-debian12@${DIGEST}\nCOPY --from=build /app /app\n`) })));
    expect(r.status).toBe('pass');
  });

  it('Compliance: distroless pinned by a non-numeric tag on a versioned repository', async () => {
    const r = await checkStack(multiStageSlimFinal, imageStack(goodApp({ Dockerfile: stage('FROM gcr.io/distroless/nodejs24-debian12:nonroot\nCOPY --from=build /app /app\n') })));
    expect(r.status).toBe('pass');
  });
});

describe('docker.no-secrets-in-image: a secret written into a RUN layer', () => {
  const check = (finalTail: string) => checkStack(noSecretsInImage, imageStack(goodApp({ Dockerfile: stage(`FROM node:24-bookworm-slim\nCOPY --from=build /app /app\n${finalTail}USER node\n`) })));

  it('Noncompliance: a BuildKit secret written to ~/.npmrc stays in the layer', async () => {
    const r = await check('RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci\n');
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/app\/Dockerfile:5: RUN writes a secret to \/root\/.npmrc, which stays in the image layer/)]);
  });

  it('Noncompliance: the secret file copied out of the mount, removed only in a later layer', async () => {
    const r = await check('RUN --mount=type=secret,id=npmrc cp /run/secrets/npmrc /root/.npmrc\nRUN npm ci && rm /root/.npmrc\n');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/:5: RUN writes a secret to \/root\/.npmrc/)]);
  });

  it('Noncompliance: a literal npm token written in RUN', async () => {
    const r = await check(`RUN echo "//registry.npmjs.org/:_authToken=npm_${'a1B2'.repeat(9)}" > .npmrc && npm ci && rm .npmrc\n`);
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/:5: RUN has a value that looks like a credential/)]);
  });

  it('Noncompliance: a build arg with an innocent name written as an npm auth token', async () => {
    const r = await check('ARG NPM_AUTH\nRUN echo "//registry.npmjs.org/:_authToken=${NPM_AUTH}" > /root/.npmrc && npm ci\n');
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/:6: RUN writes a secret to \/root\/.npmrc/)]);
  });

  it('Compliance: the secret is mounted where npm reads it, or written and removed in the same RUN', async () => {
    expect((await check('RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n')).status).toBe('pass');
    expect((await check('RUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci && rm -f /root/.npmrc\n')).status).toBe('pass');
  });

  it('Compliance: a secret written in a build stage that is not shipped', async () => {
    const df = 'FROM node:24-bookworm AS build\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > /root/.npmrc && npm ci\nFROM node:24-bookworm-slim\nCOPY --from=build /app /app\nUSER node\n';
    expect((await checkStack(noSecretsInImage, imageStack(goodApp({ Dockerfile: df })))).status).toBe('pass');
  });
});

describe('a custom # syntax= frontend cannot be judged', () => {
  const custom = '# syntax=example.com/frontends/dockerfile-x:1\n' + BAD_DOCKERFILE;

  it('skips with a reason instead of judging another language as a Dockerfile', async () => {
    for (const check of [multiStageSlimFinal, nonRootUser, noSecretsInImage]) {
      const r = await checkStack(check, imageStack(goodApp({ Dockerfile: custom })));
      expect(r.status, check.id).toBe('skip');
      expect(r.findings[0].message, check.id).toMatch(/custom BuildKit frontend `example.com\/frontends\/dockerfile-x:1`/);
    }
  });

  it('the build context is judged whatever the frontend: it is what docker build is sent', async () => {
    expect((await checkStack(dockerignore, imageStack(goodApp({ Dockerfile: custom })))).status).toBe('pass');
    expect((await checkStack(dockerignore, imageStack(goodApp({ Dockerfile: custom, '.dockerignore': 'dist\n' })))).status).toBe('fail');
  });

  it('the official Dockerfile frontend is judged as usual', async () => {
    const r = await checkStack(multiStageSlimFinal, imageStack(goodApp({ Dockerfile: '# syntax=docker/dockerfile:1.7\n' + GOOD_DOCKERFILE })));
    expect(r.status).toBe('pass');
    const bad = await checkStack(multiStageSlimFinal, imageStack(goodApp({ Dockerfile: '# syntax=docker.io/docker/dockerfile:1\n' + BAD_DOCKERFILE })));
    expect(bad.status).toBe('fail');
  });

  it('plain-text secrets in the task definition still fail next to an unjudgeable image', async () => {
    const r = await checkStack(noSecretsInImage, imageStack(goodApp({ Dockerfile: custom }), { container: { environment: { API_KEY: 'abc' } } }));
    expect(r.status).toBe('fail');
  });

  it('a non-root user in the task definition passes whatever the frontend', async () => {
    expect((await checkStack(nonRootUser, imageStack(goodApp({ Dockerfile: custom }), { container: { user: '1000' } }))).status).toBe('pass');
  });
});

describe('docker.non-root-user: Security Hub ECS.20\'s view of the task definition', () => {
  it('Compliance: a non-root `user` in the task definition, no USER in the Dockerfile', async () => {
    const r = await checkStack(nonRootUser, imageStack(goodApp({ Dockerfile: stage('FROM node:24-bookworm-slim\nCOPY --from=build /app /app\n') }), { container: { user: '1000:1000' } }));
    expect(r.status).toBe('pass');
  });

  it('Compliance: distroless :nonroot pinned by digest as well', async () => {
    const r = await checkStack(nonRootUser, imageStack(goodApp({ Dockerfile: stage(`FROM gcr.io/distroless/nodejs24-debian12:nonroot@${DIGEST}\nCOPY --from=build /app /app\n`) })));
    expect(r.status).toBe('pass');
  });

  it('Noncompliance: distroless by digest alone runs as root (uid 0) unless USER says otherwise', async () => {
    const r = await checkStack(nonRootUser, imageStack(goodApp({ Dockerfile: stage(`FROM gcr.io/distroless/nodejs24-debian12@${DIGEST}\nCOPY --from=build /app /app\n`) })));
    expect(r.status).toBe('fail');
  });
});
