import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { parseImageRef } from './dockerfile';
import { isPinned, isSmallImage, multiStageSlimFinal } from './multi-stage-slim-final';
import { goodApp, imageStack } from './test-stack';

const check = (files: Record<string, string>, opts = {}) => checkStack(multiStageSlimFinal, imageStack(goodApp(files), opts));
const DIGEST = 'sha256:' + 'ab12'.repeat(16);

describe('docker.multi-stage-slim-final', () => {
  it('Compliance 1: build stage, then a slim final stage pinned through an ARG default', async () => {
    expect((await check({})).status).toBe('pass');
  });

  it('Compliance 2: distroless final stage pinned by digest', async () => {
    const r = await check({
      Dockerfile: `FROM node:24-bookworm AS build\nRUN npm ci\nFROM gcr.io/distroless/nodejs24-debian12@${DIGEST}\nCOPY --from=build /app /app\n`,
    });
    expect(r.status).toBe('pass');
  });

  it('Compliance 3: --platform flags on both stages', async () => {
    const r = await check({
      Dockerfile: 'FROM --platform=$BUILDPLATFORM node:24-bookworm AS build\nRUN npm ci\nFROM --platform=$TARGETPLATFORM node:24-alpine3.21\nCOPY --from=build /app /app\n',
    });
    expect(r.status).toBe('pass');
  });

  it('Compliance 4: the final stage builds FROM an earlier slim stage and copies from the build stage', async () => {
    const r = await check({
      Dockerfile: 'FROM node:24-bookworm-slim AS base\nWORKDIR /app\nFROM node:24-bookworm AS build\nRUN npm ci\nFROM base\nCOPY --from=build /app ./\n',
    });
    expect(r.status).toBe('pass');
  });

  it('Compliance 5: the build target picks the slim stage even though a full debug stage comes last', async () => {
    const r = await check(
      { Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM node:24-slim AS runtime\nCOPY --from=build /app /app\nFROM node:24 AS debug\nCOPY --from=build /app /app\n' },
      { asset: { target: 'runtime' } },
    );
    expect(r.status).toBe('pass');
  });

  it('Compliance 6: a build arg overrides an ARG default', async () => {
    const r = await check(
      { Dockerfile: 'ARG BASE=node:latest\nFROM node:24 AS build\nRUN npm ci\nFROM ${BASE}\nCOPY --from=build /app /app\n' },
      { asset: { buildArgs: { BASE: 'node:24-alpine' } } },
    );
    expect(r.status).toBe('pass');
  });

  it('Noncompliance 1: single stage on node:latest names the Dockerfile line and the task definition', async () => {
    const r = await check({ Dockerfile: 'FROM node:latest\nWORKDIR /app\nCOPY . .\nCMD ["node", "src/server.js"]\n' });
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/container web of Task: app\/Dockerfile:1: the image is built in a single stage/),
      expect.stringMatching(/app\/Dockerfile:1: the final stage runs on `node:latest`, a full OS image/),
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Task/Resource');
  });

  it('Noncompliance 2: multi-stage, but the final stage is a full image', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM node:24-bookworm\nCOPY --from=build /app /app\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/app\/Dockerfile:3: .*`node:24-bookworm`, a full OS image/)]);
  });

  it('Noncompliance 3: slim, but the tag floats', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM node:lts-slim\nCOPY --from=build /app /app\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/tag `lts-slim` names no version/)]);
  });

  it('Noncompliance 4: an untagged alpine final stage means latest', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM alpine\nCOPY --from=build /app /app\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/`alpine` has no tag, so it means `latest`/)]);
  });

  it('Noncompliance 5: FROM build ships the build stage itself', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM build\nCMD ["node", "x.js"]\n' });
    expect(r.findings.map((f) => f.message)).toEqual([
      expect.stringMatching(/app\/Dockerfile:3: the final stage copies nothing from an earlier stage/),
      expect.stringMatching(/app\/Dockerfile:1: the final stage runs on `node:24`/),
    ]);
  });

  it('Noncompliance 6: two stages, but nothing is copied across', async () => {
    const r = await check({ Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM node:24-slim\nCOPY . .\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/copies nothing from an earlier stage/)]);
  });

  it('Noncompliance 7: the final base image comes from an ARG without default', async () => {
    const r = await check({ Dockerfile: 'ARG BASE\nFROM node:24 AS build\nRUN npm ci\nFROM ${BASE}\nCOPY --from=build /app /app\n' });
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/`\$\{BASE\}` depends on \$BASE, which has no default value/)]);
  });

  it('Noncompliance 8: a build arg turns a good default into latest', async () => {
    const r = await check({}, { asset: { buildArgs: { NODE_VERSION: 'latest' } } });
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/`node:latest-bookworm-slim` tag `latest-bookworm-slim` names no version/);
  });

  it('Noncompliance 9: the build target picks the full debug stage', async () => {
    const r = await check(
      { Dockerfile: 'FROM node:24 AS build\nRUN npm ci\nFROM node:24-slim AS runtime\nCOPY --from=build /app /app\nFROM node:24 AS debug\nCOPY --from=build /app /app\n' },
      { asset: { target: 'debug' } },
    );
    expect(r.findings.map((f) => f.message)).toEqual([expect.stringMatching(/app\/Dockerfile:5: .*`node:24`, a full OS image/)]);
  });

  it('Noncompliance 10: no image is built any more (a registry image instead)', async () => {
    const stack = new Stack(new App(), 'Test');
    new ecs.FargateTaskDefinition(stack, 'Task').addContainer('web', { image: ecs.ContainerImage.fromRegistry('node:24-slim') });
    const r = await checkStack(multiStageSlimFinal, stack);
    expect(r.status).toBe('fail');
    expect(r.findings[0].message).toMatch(/no container in this stack is built from a Dockerfile/);
  });

  it('names the Dockerfile relative to the build context outside a workspace', async () => {
    const r = await check({ Dockerfile: 'FROM node:latest\n' }, { noWorkspace: true });
    expect(r.findings[0].message).toMatch(/: Dockerfile:1: /);
  });

  it('recognises small images and pins', () => {
    const small = ['node:24-bookworm-slim', 'python:3.13-slim', 'node:24-alpine3.21', 'alpine:3.21', 'gcr.io/distroless/nodejs24-debian12:nonroot', 'cgr.dev/chainguard/node:latest', 'mcr.microsoft.com/dotnet/aspnet:9.0-noble-chiseled', 'registry.access.redhat.com/ubi9/ubi-minimal:9.5'];
    const full = ['node:24', 'node:latest', 'ubuntu:24.04', 'public.ecr.aws/docker/library/node:24-bookworm', 'python:3.13'];
    expect(small.filter((i) => !isSmallImage(parseImageRef(i)))).toEqual([]);
    expect(full.filter((i) => isSmallImage(parseImageRef(i)))).toEqual([]);
    expect(['node:24-slim', `node@${DIGEST}`, 'localhost:5000/app:1.2.3'].every((i) => isPinned(parseImageRef(i)))).toBe(true);
    expect(['node', 'node:latest', 'node:slim', 'localhost:5000/app', 'node@sha256:abc'].some((i) => isPinned(parseImageRef(i)))).toBe(false);
  });
});
