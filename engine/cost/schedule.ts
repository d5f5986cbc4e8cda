// Scheduled scaling, read as the hours of a week at which each action fires. Application Auto
// Scaling takes `cron(minutes hours day-of-month month day-of-week year)` (CDK's Schedule.cron
// writes it); this reads the common case a lab needs: fixed hours, any day of the month, and days
// of the week as names, ranges or numbers (1 = SUN). Anything else is reported as not understood.

export const HOURS_PER_WEEK = 168;
const DAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
/** Cron numbers days 1–7 from Sunday. */
const CRON_DAY_NUMBER: Record<string, number> = { '1': 6, '2': 0, '3': 1, '4': 2, '5': 3, '6': 4, '7': 5 };

function dayIndex(token: string): number | undefined {
  const t = token.toUpperCase();
  const byName = DAYS.indexOf(t);
  return byName >= 0 ? byName : CRON_DAY_NUMBER[t];
}

function expand(field: string, max: number, index: (t: string) => number | undefined): number[] | undefined {
  if (field === '*' || field === '?') return Array.from({ length: max }, (_, i) => i);
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [a, b] = part.split('-');
    const from = index(a);
    const to = b === undefined ? from : index(b);
    if (from === undefined || to === undefined) return undefined;
    // A range may wrap (FRI-MON).
    for (let i = from; ; i = (i + 1) % max) {
      out.add(i);
      if (i === to) break;
    }
  }
  return [...out];
}

/** The hours of the week (0 = Monday 00:00) at which the expression fires, or undefined if not understood. */
export function cronHoursOfWeek(expression: string): number[] | undefined {
  const m = /^cron\(\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)(?:\s+(\S+))?\s*\)$/.exec(expression.trim());
  if (!m) return undefined;
  const [, , hour, dom, month, dow] = m;
  if (!['*', '?'].includes(dom) || month !== '*') return undefined;
  const hourIndex = (t: string) => (/^\d+$/.test(t) && Number(t) < 24 ? Number(t) : undefined);
  const hours = expand(hour, 24, hourIndex);
  const days = expand(dow, 7, dayIndex);
  if (!hours || !days) return undefined;
  return days.flatMap((d) => hours.map((h) => d * 24 + h)).sort((x, y) => x - y);
}

export interface ScheduledFloor {
  /** Hours of the week at which it fires. */
  hours: number[];
  minCapacity?: number;
}

/**
 * The minimum capacity in effect in each hour of a week: the target's own minimum until a
 * scheduled action changes it, each action's minimum from the hour it fires until the next one
 * (the week wraps: Monday morning inherits Friday night's action).
 */
export function floorPerHour(baseMin: number, actions: ScheduledFloor[]): number[] {
  const out: number[] = [];
  let current = baseMin;
  // Two passes: the first settles what is in effect at Monday 00:00, the second records.
  for (let pass = 0; pass < 2; pass++) {
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      for (const a of actions) if (a.minCapacity !== undefined && a.hours.includes(h)) current = a.minCapacity;
      if (pass === 1) out.push(current);
    }
  }
  return out;
}
