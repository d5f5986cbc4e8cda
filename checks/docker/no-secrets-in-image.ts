import type { StackModel } from '../../engine/model/model';
import { defineCheck, type CheckOutcome, type Finding } from '../../engine/types';
import { ancestry, finalStage, properties, type DockerInstruction } from './dockerfile';
import { at, containerName, judgeImages, unreadable, type ImageContainer, type Unknown, dockerfileFinding } from './image-assets';

/**
 * No secret is baked into the image (ENV or ARG in any stage, where `docker history` and every
 * copy of the image keep it) or written in plain text into a container definition's
 * environment. Secrets belong in Secrets Manager or SSM and reach the container via `secrets`.
 *
 * The Dockerfile is judged for containers built from one; the task definition's `environment`
 * is judged for every container, including sidecars from registry images: an API key in a
 * sidecar's plain environment is exactly as readable as one in the app's.
 */
export const noSecretsInImage = defineCheck({
  id: 'docker.no-secrets-in-image',
  title: 'No secrets in the image or in plain container environment variables',
  severity: 'critical',
  why:
    'Anything set with ENV or ARG is stored in the image\'s layers and history: everyone who can pull the image can read it, and ' +
    'rotating it means rebuilding. Plain environment values in a task definition are visible to anyone who can describe it. ' +
    'That holds for every container of the task, a ready-made sidecar image as much as the one you build. ' +
    'Keep secrets in Secrets Manager or SSM Parameter Store and inject them at start-up with the container\'s `secrets`.',
  refs: {
    securityHub: ['ECS.8'],
    cdkNag: ['AwsSolutions-ECS2'],
    soc2: ['CC6.1'],
    wellArchitected: ['SEC 2: How do you manage authentication for people and machines? (SEC02-BP03 Store and use secrets securely)'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html', 'https://docs.docker.com/build/building/secrets/'],
  },
  offline(ctx) {
    return combine(judgeImages(ctx, judgeSecrets), environmentFindings(ctx.model));
  },
});

/**
 * The Dockerfile verdict with the environment findings added. When the image cannot be judged
 * (skip), plain-text secrets in the task definition are still evidence enough to fail.
 */
function combine(images: CheckOutcome, environment: Finding[]): CheckOutcome {
  if (environment.length === 0) return images;
  return { status: 'fail', findings: [...(images.status === 'fail' ? images.findings : []), ...environment] };
}

/** Secrets in the plain `environment` of every container of every task definition. */
function environmentFindings(model: StackModel): Finding[] {
  const findings: Finding[] = [];
  for (const td of model.ofType('AWS::ECS::TaskDefinition')) {
    for (const def of (td.props.ContainerDefinitions ?? []) as Record<string, any>[]) {
      const who = `container ${String(def.Name ?? 'container')} of ${model.describe(td.logicalId)}`;
      for (const env of (Array.isArray(def.Environment) ? def.Environment : []) as { Name?: string; Value?: unknown }[]) {
        const name = String(env?.Name ?? '');
        const value = env?.Value === undefined ? '' : String(env.Value);
        if ((isSecretName(name) && value !== '') || looksLikeSecretValue(value)) {
          findings.push(
            model.finding(td.logicalId, `${who}: environment variable ${name} holds a secret in plain text in the task definition`, 'Store the value in Secrets Manager or SSM and pass it with `secrets: { ' + name + ': ecs.Secret.fromSecretsManager(...) }` instead of `environment`.'),
          );
        }
      }
    }
  }
  return findings;
}

function judgeSecrets(c: ImageContainer, model: StackModel): Finding[] | Unknown {
  const cannot = unreadable(c, model);
  if (cannot) return cannot;
  const who = containerName(c, model);
  const findings: Finding[] = [];
  const instructions = [...c.dockerfile.globalArgInstructions, ...c.dockerfile.stages.flatMap((s) => s.instructions)];
  for (const ins of instructions.filter((i) => i.keyword === 'ENV' || i.keyword === 'ARG')) {
    for (const [name, value] of properties(ins.node)) {
      const problem = dockerfileSecret(ins, name, value);
      if (problem) {
        findings.push(
          dockerfileFinding(c, model, ins.line, `${who}: ${at(c, ins.line)}: ${ins.keyword} ${name} ${problem}`, 'Remove it from the Dockerfile; inject the secret at run time with the container\'s `secrets` (Secrets Manager or SSM), or use a BuildKit secret mount for build-time credentials.'),
        );
      }
    }
  }
  for (const ins of instructions.filter((i) => i.keyword === 'RUN')) {
    if (looksLikeSecretValue(runCommand(ins))) {
      findings.push(dockerfileFinding(c, model, ins.line, `${who}: ${at(c, ins.line)}: RUN has a value that looks like a credential; the command line is kept in the Dockerfile and the image history`, 'Pass the credential with a BuildKit secret mount (RUN --mount=type=secret,…) instead of writing it into the Dockerfile.'));
    }
  }
  // Files written in a layer stay in it even when a later layer deletes them; only the stages
  // the image is built on ship their layers (a build stage's are left behind).
  const final = finalStage(c.dockerfile, c.image.target);
  for (const stage of final ? ancestry(c.dockerfile, final) : []) {
    for (const ins of stage.instructions.filter((i) => i.keyword === 'RUN')) {
      for (const file of secretFilesLeftInLayer(ins)) {
        findings.push(
          dockerfileFinding(c, model, ins.line, `${who}: ${at(c, ins.line)}: RUN writes a secret to ${file}, which stays in the image layer (a later rm does not remove it from the layer)`, `Mount the secret where the tool reads it (RUN --mount=type=secret,id=…,target=${file}) or remove the file in the same RUN.`),
        );
      }
    }
  }
  return findings;
}

/** The shell command of a RUN, flags left out. */
function runCommand(ins: DockerInstruction): string {
  return ins.node.getArgumentsContent() ?? '';
}

/**
 * Files a RUN writes a secret into and does not remove before the layer is committed. A secret is
 * a BuildKit secret mount (its file, or the variable it is exposed as) or a variable with a
 * secret's name; a write is a redirect, `tee`, or `cp`/`mv`/`install` of the secret file.
 */
export function secretFilesLeftInLayer(ins: DockerInstruction): string[] {
  const flags = (ins.node as DockerInstruction['node'] & { getFlags?: () => { getName(): string; getValue(): string | null }[] }).getFlags?.() ?? [];
  const vars = new Set<string>();
  const files: string[] = [];
  for (const f of flags) {
    if (f.getName() !== 'mount') continue;
    const opts = Object.fromEntries((f.getValue() ?? '').split(',').map((kv) => [kv.split('=')[0], kv.slice(kv.indexOf('=') + 1)]));
    if (opts.type !== 'secret') continue;
    if (opts.env) vars.add(opts.env);
    // A secret mount without env or target is a file at /run/secrets/<id>.
    if (opts.target || opts.dst || opts.destination || !opts.env) files.push(opts.target ?? opts.dst ?? opts.destination ?? `/run/secrets/${opts.id ?? opts.source ?? opts.src}`);
  }
  const commands = runCommand(ins).split(/&&|\|\||;|\n/).map((s) => s.trim());
  const usesSecret = (cmd: string) =>
    files.some((f) => cmd.includes(f)) ||
    CREDENTIAL_FROM_VARIABLE.test(cmd) ||
    [...cmd.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].some((m) => vars.has(m[1]) || isSecretName(m[1]));
  const left: string[] = [];
  commands.forEach((cmd, i) => {
    if (!usesSecret(cmd)) return;
    for (const target of writeTargets(cmd, files)) {
      const removed = commands.slice(i + 1).some((later) => /^rm\s/.test(later) && later.split(/\s+/).includes(target));
      if (!removed && !left.includes(target)) left.push(target);
    }
  });
  return left;
}

// A credential setting filled from a variable, whatever the variable is called: npm's
// `_authToken=${X}` / `_auth=${X}` (.npmrc), `password=${X}` / `token=${X}` (pip.conf, .netrc-like files).
const CREDENTIAL_FROM_VARIABLE = /(_authToken|_auth|password|passwd|token|secret)\s*[=:]\s*["']?\$/i;

/** Where a shell command writes: redirect targets, `tee` files, the destination of a copy of a secret file. */
function writeTargets(cmd: string, secretFiles: string[]): string[] {
  const out: string[] = [];
  for (const m of cmd.matchAll(/(?<![0-9&])>>?\s*(?!&)("[^"]+"|'[^']+'|[^\s;&|]+)/g)) out.push(m[1].replace(/^["']|["']$/g, ''));
  const tee = /\btee\s+(?:-a\s+)?([^\s;&|]+)/.exec(cmd);
  if (tee) out.push(tee[1]);
  const copy = /^(?:cp|mv|install)\s+(.+)$/.exec(cmd);
  if (copy) {
    const args = copy[1].split(/\s+/).filter((a) => !a.startsWith('-'));
    if (args.length >= 2 && args.slice(0, -1).some((a) => secretFiles.includes(a))) out.push(args[args.length - 1]);
  }
  return out.filter((t) => !/^\/dev\/(null|stdout|stderr)$/.test(t));
}

function dockerfileSecret(ins: DockerInstruction, name: string, value: string | null): string | undefined {
  if (value && looksLikeSecretValue(value)) return 'has a value that looks like a credential; it is stored in the image layers';
  if (!isSecretName(name)) return undefined;
  // An ARG without a default still ends up in the image history once a value is passed with --build-arg.
  if (ins.keyword === 'ARG') return 'looks like a secret: build arguments are recorded in the image history';
  return value ? 'looks like a secret baked into the image (value hidden)' : undefined;
}

// Names that point at a secret rather than holding one (DB_SECRET_ARN, API_KEY_FILE, …).
const REFERENCE_SUFFIX = /_(ARN|NAME|FILE|PATH|PARAM|PARAMETER|ID|URL|URI|ENDPOINT|HEADER)$/;
const SECRET_NAME = /PASSWORD|PASSWD|(^|_)PASS($|_)|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|AUTH_?KEY|CREDENTIAL/;

export function isSecretName(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper === 'AWS_ACCESS_KEY_ID' || upper === 'AWS_SECRET_ACCESS_KEY' || upper === 'AWS_SESSION_TOKEN') return true;
  if (REFERENCE_SUFFIX.test(upper)) return false;
  return SECRET_NAME.test(upper);
}

const SECRET_VALUES = [
  /\b(AKIA|ASIA)[A-Z0-9]{16}\b/, // AWS access key id
  /-----BEGIN [A-Z ]*PRIVATE KEY-----/,
  /\bgh[pousr]_[A-Za-z0-9]{36}\b/, // GitHub token
  /\bnpm_[A-Za-z0-9]{36}\b/, // npm access token
  /[a-z][a-z0-9+.-]*:\/\/[^\s:@/]+:(?!\$)[^\s@/]+@/i, // credentials in a URL (not a ${VAR} placeholder)
];

export function looksLikeSecretValue(value: string): boolean {
  return SECRET_VALUES.some((re) => re.test(value));
}
