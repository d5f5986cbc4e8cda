import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';
import { execServices, NO_SERVICE, type ExecService } from './exec-services';

/**
 * The oldest Fargate platform version (Linux) that supports ECS Exec. Source: ECS developer guide,
 * "ECS Exec" → considerations (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html).
 */
export const MIN_FARGATE_PLATFORM = [1, 4, 0];

/** `1.3.0` → [1, 3, 0]; LATEST and anything unparsable → undefined. */
function versionParts(v: string): number[] | undefined {
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(v.trim());
  return m ? m.slice(1).map(Number) : undefined;
}

export function belowMinimum(version: string): boolean {
  const parts = versionParts(version);
  if (!parts) return false;
  for (let i = 0; i < parts.length; i++) if (parts[i] !== MIN_FARGATE_PLATFORM[i]) return parts[i] < MIN_FARGATE_PLATFORM[i];
  return false;
}

/**
 * The service's tasks can host an exec session: on Fargate a platform version of at least 1.4.0
 * (unset means LATEST); every container runs an init process (initProcessEnabled), which reaps the
 * processes an exec session leaves behind; and no container has a read-only root file system,
 * since the SSM agent ECS adds must write its files into the container's file system.
 */
export const execReadyContainer = defineCheck({
  id: 'ecs.exec-ready-container',
  title: 'The task’s containers can host an ECS Exec session',
  severity: 'medium',
  why:
    'ECS Exec runs an SSM agent inside each container. It needs Fargate platform 1.4.0 or later, a writable root file system ' +
    'for its own files (a read-only root file system is not supported), and an init process as PID 1 so that the shells ' +
    'and commands of a session are reaped instead of piling up as zombies in a long-running container.',
  refs: {
    securityHub: ['ECS.10'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html', 'https://github.com/aws-containers/amazon-ecs-exec-checker'],
  },
  offline({ model }) {
    const services = execServices(model);
    if (services.length === 0) return NO_SERVICE;
    const findings = services.flatMap((svc) => [...platformFindings(model, svc), ...containerFindings(model, svc)]);
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function platformFindings(model: StackModel, svc: ExecService): Finding[] {
  const version = svc.resource.props.PlatformVersion;
  if (!svc.fargate || typeof version !== 'string' || !belowMinimum(version)) return [];
  return [
    model.finding(
      svc.logicalId,
      `service ${model.describe(svc.logicalId)} pins Fargate platform ${version}; ECS Exec needs ${MIN_FARGATE_PLATFORM.join('.')} or later`,
      'Remove platformVersion (LATEST) or set ecs.FargatePlatformVersion.VERSION1_4.',
    ),
  ];
}

function containerFindings(model: StackModel, svc: ExecService): Finding[] {
  const td = svc.taskDefinition;
  if (!td) return [];
  const findings: Finding[] = [];
  for (const c of td.containers) {
    const who = `container ${c.Name ?? '?'} of ${model.describe(td.logicalId)}`;
    if (c.LinuxParameters?.InitProcessEnabled !== true) {
      findings.push(model.finding(td.logicalId, `${who} runs without an init process (initProcessEnabled), so processes an exec session leaves behind are never reaped`, 'Give the container linuxParameters: new ecs.LinuxParameters(this, …, { initProcessEnabled: true }).'));
    }
    if (c.ReadonlyRootFilesystem === true) {
      findings.push(model.finding(td.logicalId, `${who} has a read-only root file system, where the SSM agent of ECS Exec cannot write its files, so exec sessions fail`, 'Drop readonlyRootFilesystem for the container you exec into, and keep the rest of the hardening (non-root user, no secrets on disk); see the brief.'));
    }
  }
  return findings;
}
