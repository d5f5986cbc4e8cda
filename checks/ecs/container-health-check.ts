import type { StackModel } from '../../engine/model/model';
import { defineCheck, type Finding } from '../../engine/types';

/**
 * Every essential application container of a task definition has a container health check in
 * the task definition itself. ECS ignores a Dockerfile HEALTHCHECK: only the task definition's
 * `healthCheck` is run and reported. FireLens log routers, which CDK adds on its own, are exempt,
 * and so are non-essential sidecars — but not the app container: marked non-essential, its failure
 * stops nothing, and its health check counts only when no essential container has one (ECS API
 * reference, HealthCheck: task healthStatus).
 */
export const containerHealthCheck = defineCheck({
  id: 'ecs.container-health-check',
  title: 'The essential container has a health check in the task definition',
  severity: 'medium',
  why:
    'ECS only runs the health check written in the task definition; a HEALTHCHECK in the Dockerfile is ignored. Without one, a ' +
    'container whose process is alive but stuck counts as healthy, and ECS never replaces it. A health check that cannot fail ' +
    '(`exit 0`, `|| true`) is the same as none, and so is the app container marked non-essential: when it stops, the task keeps running.',
  refs: {
    wellArchitected: ['REL 11: How do you design your workload to withstand component failures?'],
    docs: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-ecs-taskdefinition-healthcheck.html'],
  },
  offline({ model }) {
    const tasks = model.ofType('AWS::ECS::TaskDefinition');
    if (tasks.length === 0) {
      return { status: 'fail', findings: [{ message: 'the stack has no ECS task definition, so no container is health-checked', hint: 'Keep the service\'s task definition; the lab is about making its container observable.' }] };
    }
    const findings = tasks.flatMap((td) => healthFindings(model, td.logicalId, (td.props.ContainerDefinitions ?? []) as Record<string, any>[]));
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

function healthFindings(model: StackModel, taskId: string, containers: Record<string, any>[]): Finding[] {
  const findings: Finding[] = [];
  const app = appContainers(model, taskId, containers);
  for (const c of containers) {
    const who = `container ${c.Name ?? '?'} of ${model.describe(taskId)}`;
    if (c.Essential === false && app.has(String(c.Name))) {
      findings.push(
        model.finding(
          taskId,
          `${who}: is marked non-essential although ${app.get(String(c.Name))}: when it stops the task keeps running and ECS does not replace it, and its health check counts towards the task's health only when no essential container has one`,
          'Remove `essential: false` from the app container; mark only sidecars the app can live without as non-essential.',
        ),
      );
      continue;
    }
    // Essential defaults to true when omitted; a FireLens log router is plumbing, not the app.
    if (c.Essential === false || c.FirelensConfiguration) continue;
    const problem = healthCheckProblem(c.HealthCheck);
    if (problem) findings.push(model.finding(taskId, `${who}: ${problem}`, 'Add healthCheck to the container (addContainer): a command that fails when the app cannot serve, e.g. a request to its /health endpoint.'));
  }
  return findings;
}

/**
 * The app containers of a task definition, with why each counts as the app: the containers a
 * service's load balancer or service registry sends traffic to. When no service names one, a
 * container with port mappings is the app if it is the only kind that has any (no essential
 * container takes traffic instead).
 */
function appContainers(model: StackModel, taskId: string, containers: Record<string, any>[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of model.ofType('AWS::ECS::Service')) {
    if (model.targetOf(svc.props.TaskDefinition) !== taskId) continue;
    for (const lb of (svc.props.LoadBalancers ?? []) as Record<string, unknown>[]) {
      if (lb?.ContainerName !== undefined) out.set(String(lb.ContainerName), 'the service\'s load balancer sends it traffic');
    }
    for (const reg of (svc.props.ServiceRegistries ?? []) as Record<string, unknown>[]) {
      if (reg?.ContainerName !== undefined && !out.has(String(reg.ContainerName))) out.set(String(reg.ContainerName), 'the service registers it for discovery');
    }
  }
  if (out.size > 0) return out;
  const withPorts = containers.filter((c) => !c.FirelensConfiguration && Array.isArray(c.PortMappings) && c.PortMappings.length > 0);
  if (withPorts.length > 0 && withPorts.every((c) => c.Essential === false)) {
    for (const c of withPorts) out.set(String(c.Name), 'it is the container that serves the task\'s ports');
  }
  return out;
}

/** What is wrong with a container definition's HealthCheck, or undefined when it can detect a failure. */
export function healthCheckProblem(hc: { Command?: unknown } | undefined): string | undefined {
  const command = Array.isArray(hc?.Command) ? (hc!.Command as unknown[]).map(String) : [];
  if (command.length === 0) return 'has no health check in the task definition (ECS ignores a Dockerfile HEALTHCHECK)';
  if (command[0] === 'NONE') return 'disables its health check (NONE)';
  const script = shellScriptOf(command);
  const shown = (command[0] === 'CMD' || command[0] === 'CMD-SHELL' ? command.slice(1) : command).join(' ').trim();
  if (shown === '') return 'has a health check with an empty command';
  if (script === undefined ? TRIVIAL_PROGRAM.test(command[1] ?? '') : alwaysSucceeds(script)) {
    return `has a health check that can never fail (\`${shown}\`)`;
  }
  return undefined;
}

/**
 * The shell script a health check runs, or undefined when it runs a program directly. CMD-SHELL
 * runs its string with /bin/sh -c; CMD runs argv, which is a script again when it is `sh -c …`.
 * (ECS documents CMD and CMD-SHELL; CDK prefixes CMD-SHELL when neither is given.)
 */
function shellScriptOf(command: string[]): string | undefined {
  if (command[0] === 'CMD-SHELL') return command.slice(1).join(' ');
  if (command[0] !== 'CMD') return command.join(' ');
  const argv = command.slice(1);
  if (!SHELL.test(argv[0] ?? '')) return undefined;
  const flags = argv.slice(1, -1);
  // `sh -e -c …` / `sh -ec …`: errexit makes an earlier failing command fail the check.
  if (!flags.some((f) => /^-[a-z]*c[a-z]*$/.test(f))) return undefined;
  if (flags.some((f) => /^-[a-z]*e/.test(f))) return undefined;
  return argv[argv.length - 1];
}

// `exit 1`, `exit $?`, a bare `exit` (the last command's status), `set -e`/`set -o errexit`.
const CAN_EXIT_FAILING = /(^|[\s;&|(])exit(\s+(?!0\b)\S+|\s*$|\s*[;&|)])|\bset\s+(-[a-z]*e|-o\s+errexit)/;
// Programs that exit 0 when run directly (exec form).
const TRIVIAL_PROGRAM = /^(\/usr)?(\/bin\/)?(true|echo|printf)$/;
const SHELL = /^(\/usr)?(\/bin\/)?(sh|bash|ash|dash|zsh)$/;
// A single command that exits 0 whatever state the app is in.
const TRIVIAL_COMMAND = /^\s*(exit\s+0|(\/usr)?(\/bin\/)?true|:|echo(\s.*)?|printf(\s.*)?)\s*$/s;

/**
 * Whether a /bin/sh script exits 0 whatever happens. A script's status is that of the last
 * command it ran, so it always succeeds when its last list item always succeeds (`…; exit 0`),
 * an and-or chain ends in `|| <always succeeds>`, and nothing earlier can leave with a non-zero
 * status (`exit 1`, a bare `exit`, `set -e`).
 */
export function alwaysSucceeds(script: string): boolean {
  const items = splitTopLevel(script, /^(;|\n|&(?!&))/).map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) return false;
  // An earlier item that can leave with a failure (`|| exit 1`, a bare `exit`) or turns on errexit
  // means the last item does not decide alone.
  if (items.slice(0, -1).some((i) => CAN_EXIT_FAILING.test(i))) return false;
  return andOrAlwaysSucceeds(items[items.length - 1]);
}

/** `a && b || c`: left to right, `|| x` succeeds if x always does, `&& x` needs both. */
function andOrAlwaysSucceeds(item: string): boolean {
  const parts = splitTopLevel(item, /^(&&|\|\|)/, true);
  let ok = pipelineAlwaysSucceeds(parts[0]);
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const next = pipelineAlwaysSucceeds(parts[i + 1]);
    ok = parts[i] === '||' ? ok || next : ok && next;
  }
  return ok;
}

/** A pipeline's status is its last command's (no pipefail in /bin/sh). */
function pipelineAlwaysSucceeds(pipeline: string): boolean {
  const cmds = splitTopLevel(pipeline, /^\|(?!\|)/);
  return TRIVIAL_COMMAND.test(cmds[cmds.length - 1] ?? '');
}

/**
 * Splits a shell string at separators outside quotes. With keep, the separators are returned
 * between the pieces. Quotes are tracked so `"a;exit 0"` stays one word.
 */
function splitTopLevel(text: string, sep: RegExp, keep = false): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"' && i + 1 < text.length) {
        cur += ch + text[++i];
        continue;
      }
      if (ch === quote) quote = undefined;
      cur += ch;
      continue;
    }
    if (ch === '"' || ch === "'") {
      quote = ch;
      cur += ch;
      continue;
    }
    if (ch === '\\' && i + 1 < text.length) {
      cur += ch + text[++i];
      continue;
    }
    const m = sep.exec(text.slice(i));
    if (m) {
      out.push(cur);
      if (keep) out.push(m[0]);
      cur = '';
      i += m[0].length - 1;
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}
