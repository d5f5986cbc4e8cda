import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { ancestry, expand, finalStage, parseImageRef, rootStage, scopeAt, type DockerfileModel, type Stage } from './dockerfile';
import { at, containerName, judgeImages, unreadable, type ImageContainer, type Unknown, dockerfileFinding } from './image-assets';

/**
 * The container runs as an unprivileged user: the task definition sets a non-root `user` (Security
 * Hub ECS.20's view), or the image's final stage (or a stage it builds on) sets USER to someone
 * other than root and the task definition does not switch it back to root.
 */
export const nonRootUser = defineCheck({
  id: 'docker.non-root-user',
  title: 'The container runs as a non-root user',
  severity: 'high',
  why:
    'A process running as root inside a container is root on every file of the image and one kernel or runtime bug away from ' +
    'the host. Running as an unprivileged user limits what an attacker who gets code execution in your app can change or read.',
  refs: {
    securityHub: ['ECS.20'],
    wellArchitected: ['SEC 6: How do you protect your compute resources?'],
    docs: ['https://docs.docker.com/reference/dockerfile/#user', 'https://docs.aws.amazon.com/config/latest/developerguide/ecs-task-definition-linux-user-non-root.html'],
  },
  offline(ctx) {
    return judgeImages(ctx, judgeUser);
  },
});

function judgeUser(c: ImageContainer, model: StackModel): Finding[] | Unknown {
  const who = containerName(c, model);
  const findings: Finding[] = [];
  const override = c.definition.User;
  if (typeof override === 'string' && isRootUser(override)) {
    findings.push(
      model.finding(c.taskDefinitionId, `${who}: the container definition sets user "${override}", which runs it as root whatever the image says`, 'Remove `user` from the container definition or set it to an unprivileged user.'),
    );
  }
  // A non-root `user` in the task definition decides what the process runs as, whatever the
  // image says: that is what Security Hub ECS.20 checks, and it is a correct fix on its own.
  if (typeof override === 'string' && !isRootUser(override)) return [];
  const cannot = unreadable(c, model);
  if (cannot) return findings.length ? findings : cannot;
  const final = finalStage(c.dockerfile, c.image.target);
  if (!final) return findings;
  const user = effectiveUser(c.dockerfile, final);
  if (!user) {
    const base = rootStage(c.dockerfile, final);
    if (!runsAsNonRootByDefault(base.image)) {
      findings.push(
        dockerfileFinding(c, model, final.line, `${who}: ${at(c, final.line)}: the final stage sets no USER, so the container runs as root (the default of \`${base.image}\`)`, 'Add a USER instruction with an unprivileged user to the final stage (node images ship a `node` user).'),
      );
    }
  } else if (user.unresolved.length) {
    findings.push(dockerfileFinding(c, model, user.line, `${who}: ${at(c, user.line)}: USER ${user.raw} depends on ${user.unresolved.map((v) => `$${v}`).join(', ')}, which has no value`, 'Give the variable a default, or name the user directly.'));
  } else if (isRootUser(user.value)) {
    findings.push(dockerfileFinding(c, model, user.line, `${who}: ${at(c, user.line)}: USER ${user.value} runs the container as root`, 'Switch to an unprivileged user in the final stage, e.g. USER node.'));
  }
  return findings;
}

/** The last USER in effect for a stage, following `FROM <stage>` to the stages it builds on. */
function effectiveUser(df: DockerfileModel, stage: Stage): { raw: string; value: string; line: number; unresolved: string[] } | undefined {
  for (const s of ancestry(df, stage)) {
    const users = s.instructions.filter((i) => i.keyword === 'USER');
    const last = users[users.length - 1];
    if (!last) continue;
    const raw = last.node.getArguments().map((a) => a.getValue()).join(' ');
    const { value, unresolved } = expand(raw, scopeAt(df, s, last.line));
    return { raw, value, line: last.line, unresolved };
  }
  return undefined;
}

/** root, 0, 0:0, root:anything — what the user part names decides. */
export function isRootUser(spec: string): boolean {
  const user = spec.trim().split(':')[0].trim();
  return user === '' || user === 'root' || /^0+$/.test(user);
}

// Base images documented to default to an unprivileged user.
function runsAsNonRootByDefault(image: string): boolean {
  const ref = parseImageRef(image);
  if (ref.repository.startsWith('distroless/') && /nonroot/.test(ref.tag ?? '')) return true;
  return ref.registry === 'cgr.dev';
}
