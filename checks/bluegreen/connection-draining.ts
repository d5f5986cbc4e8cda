import { defineCheck, type Finding } from '../../engine/types';
import { attributesOf, blueGreenServices, targetGroupsOf } from './service';

export interface DrainingParams {
  /** The longest request the app serves, in seconds: a draining target must get at least this long (required: the lab knows it). */
  minSeconds: number;
  /** At most this long, so a shift or a rollback does not wait on idle targets (default 120). */
  maxSeconds: number;
}

const ID = 'bluegreen.connection-draining';
/** deregistration_delay.timeout_seconds when a target group does not set it (ELB user guide, "Deregistration delay"). */
export const AWS_DEFAULT_DEREGISTRATION_DELAY = 300;
export const DEFAULT_MAX_SECONDS = 120;

/**
 * Every target group the service registers with — blue and green — drains a leaving target for at
 * least `minSeconds` (its in-flight requests finish) and at most `maxSeconds` (ECS waits for the
 * delay before it stops the task, on every shift and rollback).
 */
export const connectionDraining = defineCheck<DrainingParams>({
  id: ID,
  title: 'Leaving targets drain long enough for in-flight requests, and no longer',
  severity: 'medium',
  why:
    'When a task leaves a target group — blue after the bake time, green on a rollback — the load balancer stops sending it ' +
    'new requests and waits the deregistration delay for the ones in flight. At 0 s a checkout in progress is cut off; ' +
    'left at the 300 s default, every release and rollback waits five minutes on targets that are already idle.',
  refs: {
    wellArchitected: ['REL 8: How do you implement change?'],
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#deregistration-delay'],
  },
  params(raw) {
    if (raw.minSeconds === undefined) throw new Error(`${ID} needs the parameter "minSeconds": the app's longest request, which only the lab knows`);
    const read = (k: string, d: number) => {
      const v = raw[k] ?? d;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 3600) throw new Error(`${ID}: ${k} must be a number of seconds from 0 to 3600, got ${JSON.stringify(raw[k])}`);
      return v;
    };
    const p = { minSeconds: read('minSeconds', 0), maxSeconds: read('maxSeconds', DEFAULT_MAX_SECONDS) };
    if (p.minSeconds > p.maxSeconds) throw new Error(`${ID}: minSeconds (${p.minSeconds}) is above maxSeconds (${p.maxSeconds})`);
    return p;
  },
  offline({ model, params }) {
    const services = blueGreenServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no targets to drain' };
    const groups = [...new Set(services.flatMap(targetGroupsOf))];
    if (groups.length === 0) return { status: 'skip', reason: 'no service registers with a target group of this stack' };
    const findings: Finding[] = [];
    for (const id of groups) {
      const raw = attributesOf(model.resource(id)!)['deregistration_delay.timeout_seconds'];
      const delay = raw === undefined ? AWS_DEFAULT_DEREGISTRATION_DELAY : Number(raw);
      const set = raw === undefined ? ` (unset: the ${AWS_DEFAULT_DEREGISTRATION_DELAY} s default)` : '';
      if (delay < params.minSeconds) {
        findings.push(model.finding(id, `target group ${model.describe(id)} drains leaving targets for ${delay} s; requests take up to ${params.minSeconds} s, so the ones in flight are cut off`, `Set deregistrationDelay: Duration.seconds(${params.minSeconds}) or a little more.`));
      } else if (delay > params.maxSeconds) {
        findings.push(model.finding(id, `target group ${model.describe(id)} drains leaving targets for ${delay} s${set}; every shift and rollback waits that long, the lab allows ${params.maxSeconds} s`, `Set deregistrationDelay to about the longest request: Duration.seconds(${params.minSeconds}) to Duration.seconds(${params.maxSeconds}).`));
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
