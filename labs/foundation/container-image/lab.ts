// "A small, safe image": the first foundation lab. The learner's stack builds a Node.js app into a
// container image with CDK; the break turns the Dockerfile into a fat, root, secret-carrying
// single-stage build and empties the .dockerignore. The task: a container health check ECS runs.
import { defineLab } from '../../../engine/types';

const text = (...lines: string[]) => lines.join('\n') + '\n';

// app/Dockerfile after its `# syntax` line, as the starter ships it…
const GOOD_DOCKERFILE = text(
  '# One Node.js version for both stages, pinned to a major version.',
  'ARG NODE_VERSION=24',
  '',
  '# ---- build stage: the full image has npm and the tools native modules need to compile.',
  'FROM node:${NODE_VERSION}-bookworm AS build',
  'WORKDIR /app',
  'COPY package.json package-lock.json ./',
  'RUN npm ci --omit=dev',
  'COPY src ./src',
  '',
  '# ---- runtime stage: what ships. A slim base, only the app, an unprivileged user.',
  'FROM node:${NODE_VERSION}-bookworm-slim',
  'ENV NODE_ENV=production PORT=8080',
  'WORKDIR /app',
  '# The files stay owned by root, so the app cannot rewrite its own code.',
  'COPY --from=build /app ./',
  'USER node',
);

// …and as the "quick fix" left it: one stage on the full image, root, a key in ENV, everything copied.
const BROKEN_DOCKERFILE = text(
  '# TODO(lab): this image is big, runs as root and carries a secret. Make it small and safe',
  '#            again; `lab check` names what is wrong, `lab hint` helps.',
  '',
  '# Quick fix while debugging: one stage, everything in, works on my machine.',
  'FROM node:latest',
  'WORKDIR /app',
  'COPY . .',
  'RUN npm install',
  'ENV NODE_ENV=production PORT=8080',
  '# Set here so the app starts without waiting for Secrets Manager.',
  'ENV API_KEY=lab-fake-key-baked-into-the-image',
);

const GOOD_DOCKERIGNORE = text('.git', 'node_modules', '.env', '.env.*', 'npm-debug.log');
const BROKEN_DOCKERIGNORE = text('# Trimmed while debugging: "it was hiding files I needed".', 'npm-debug.log');

export default defineLab({
  id: 'foundation/container-image',
  title: 'A small, safe image',
  layer: 'foundation',
  order: 1,
  minutes: 45,
  objectives: [
    'Build the app with a multi-stage Dockerfile whose final stage is a slim base image pinned to a version',
    'Run the container as an unprivileged user',
    'Keep secrets out of the image and inject them from Secrets Manager at start-up',
    'Keep .git, node_modules and .env files out of the build context with .dockerignore',
    'Give the container a health check that ECS actually runs, and ship its logs to CloudWatch Logs',
  ],
  covers: [
    'foundation/multi-stage-builds',
    'foundation/image-optimization',
    'foundation/q/image-size',
    'scenario/high-availability/health-checks',
  ],
  entry: 'stack.ts',
  focus: 'app/Dockerfile',
  stackName: 'ContainerImageLab',
  breaks: [
    {
      id: 'fat-root-image',
      kind: 'code',
      story:
        'Friday night the app misbehaved in production. To debug it, a teammate "simplified" app/Dockerfile and ' +
        'app/.dockerignore until it worked on their machine, and the change was merged as it was. The app still ' +
        'answers, but the image is now several times bigger, a security scan of it came back long and red, and ' +
        'someone found the API key in `docker history`. Make the image small and safe again — without breaking the app.',
      edits: [
        { file: 'app/Dockerfile', find: GOOD_DOCKERFILE, replace: BROKEN_DOCKERFILE },
        { file: 'app/.dockerignore', find: GOOD_DOCKERIGNORE, replace: BROKEN_DOCKERIGNORE },
      ],
      breaks: ['docker.multi-stage-slim-final', 'docker.non-root-user', 'docker.no-secrets-in-image', 'docker.dockerignore'],
    },
    {
      // A second round (`lab break debug-tools-in-prod`): smaller than the first, two checks.
      id: 'debug-tools-in-prod',
      kind: 'code',
      story:
        'The app could not write its cache in production, and a teammate wanted curl and a shell to find out why. ' +
        'They switched the runtime stage of app/Dockerfile to the full Node.js image "for the tools" and removed the ' +
        'line that made the app give up root. The cache works; the next image scan and the security review do not.',
      edits: [
        { file: 'app/Dockerfile', find: 'FROM node:${NODE_VERSION}-bookworm-slim\n', replace: 'FROM node:${NODE_VERSION}-bookworm\n' },
        { file: 'app/Dockerfile', find: 'USER node\n', replace: '# (USER node removed while debugging the cache)\n' },
      ],
      breaks: ['docker.multi-stage-slim-final', 'docker.non-root-user'],
    },
  ],
  defaultBreak: 'fat-root-image',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['ecr', 'ecs'] }, points: 1 },
    { id: 'docker.multi-stage-slim-final', points: 3 },
    { id: 'docker.non-root-user', points: 3 },
    { id: 'docker.no-secrets-in-image', points: 3 },
    { id: 'docker.dockerignore', points: 2 },
    { id: 'ecs.container-health-check', points: 3 },
    { id: 'ecs.container-log-configuration', points: 1 },
  ],
  taskChecks: ['ecs.container-health-check'],
  hints: [
    'Run `lab check` and read each finding: it names the line of app/Dockerfile it is about. Then ask what the ' +
      'container needs at run time — node, src/ and production dependencies — and what it only needed to build. ' +
      'For the health check, remember that ECS never runs a Dockerfile HEALTHCHECK.',
    'Use two stages: `FROM node:24-bookworm AS build` installs with `npm ci --omit=dev`, and a final ' +
      '`FROM node:24-bookworm-slim` copies the result with `COPY --from=build` and ends with `USER node`. Delete ' +
      'the ENV that holds the key (the stack already injects API_KEY from Secrets Manager), put .git, node_modules, ' +
      '.env and .env.* back into app/.dockerignore, and add `healthCheck` to `addContainer` in stack.ts.',
    'In stack.ts: `healthCheck: { command: [\'CMD\', \'node\', \'src/healthcheck.js\'], interval: Duration.seconds(30), ' +
      'timeout: Duration.seconds(5), retries: 3, startPeriod: Duration.seconds(10) }` (import Duration from ' +
      'aws-cdk-lib; slim images have no curl, so the probe is a node script). In app/Dockerfile: ARG NODE_VERSION=24; ' +
      'a build stage `FROM node:${NODE_VERSION}-bookworm AS build` with WORKDIR /app, COPY package.json ' +
      'package-lock.json ./, RUN npm ci --omit=dev, COPY src ./src; then `FROM node:${NODE_VERSION}-bookworm-slim`, ' +
      'ENV NODE_ENV=production PORT=8080, WORKDIR /app, COPY --from=build /app ./, USER node — and no ENV API_KEY.',
  ],
});
