import { defineCheck, type Finding } from '../../engine/types';
import { attributesOf, blueGreenServices, targetGroupsOf } from './service';

export interface StickinessParams {
  /** How long a session lives in a task, in seconds: the stickiness cookie must last at least this long (required). */
  minDurationSeconds: number;
}

const ID = 'bluegreen.sticky-sessions';
/** The stickiness types that pin a client to a target by cookie (ELB user guide, "Sticky sessions for your Application Load Balancer"). */
const COOKIE_TYPES = ['lb_cookie', 'app_cookie'];

/**
 * Where sessions live in the task (the lab says they do), every target group of the service —
 * blue and green alike, since green becomes production — keeps a client on one target with a
 * cookie that lasts at least a session.
 */
export const stickySessions = defineCheck<StickinessParams>({
  id: ID,
  title: 'A session stays on the task that holds it, in both target groups',
  severity: 'medium',
  why:
    'When a session lives in a task\'s memory, a request that lands on another task loses it: the cart is empty. ' +
    'Stickiness pins a client to one target for the cookie\'s lifetime. Both target groups need it, because after the ' +
    'shift green is production. (Better still is a session store outside the task; the lab\'s app keeps carts in memory.)',
  refs: {
    docs: ['https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-target-group-attributes.html#sticky-sessions'],
  },
  params(raw) {
    // Whether sessions live in the task, and for how long, is the app's: only a lab can say (an audit skips).
    if (raw.minDurationSeconds === undefined) throw new Error(`${ID} needs the parameter "minDurationSeconds": how long a session lives in a task, which only the lab knows`);
    const v = raw.minDurationSeconds;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 1 || v > 604800) throw new Error(`${ID}: minDurationSeconds must be from 1 to 604800 (7 days), got ${JSON.stringify(raw.minDurationSeconds)}`);
    return { minDurationSeconds: v };
  },
  offline({ model, params }) {
    const services = blueGreenServices(model);
    if (services.length === 0) return { status: 'skip', reason: 'the stack has no ECS service, so no sessions to keep' };
    const groups = [...new Set(services.flatMap(targetGroupsOf))];
    if (groups.length === 0) return { status: 'skip', reason: 'no service registers with a target group of this stack' };
    const findings: Finding[] = [];
    for (const id of groups) {
      const a = attributesOf(model.resource(id)!);
      const name = `target group ${model.describe(id)}`;
      if (a['stickiness.enabled'] !== 'true') {
        findings.push(model.finding(id, `${name} has no stickiness: a shopper's next request may land on a task without their cart`, `Set stickinessCookieDuration: Duration.seconds(${params.minDurationSeconds}) on the target group.`));
        continue;
      }
      const type = a['stickiness.type'] ?? 'lb_cookie';
      if (!COOKIE_TYPES.includes(type)) {
        findings.push(model.finding(id, `${name} sticks by ${type}, not by a cookie`, 'Use lb_cookie (stickinessCookieDuration) or app_cookie (stickinessCookieName).'));
        continue;
      }
      const raw = a[`stickiness.${type}.duration_seconds`];
      // Both cookie types default to one day when the duration is unset (ELB target group attributes).
      const duration = raw === undefined ? 86400 : Number(raw);
      if (duration < params.minDurationSeconds) {
        findings.push(model.finding(id, `${name} keeps a client on its target for ${duration} s; sessions last ${params.minDurationSeconds} s`, `Set the cookie duration to at least ${params.minDurationSeconds} s.`));
      }
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});
