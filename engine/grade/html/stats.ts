// The numbers of the instructor report, computed from the class report and each learner's own
// `lab check` report: pass rates per lab, per check and per question item, and the hardest checks.
// Pure: the HTML renderer only formats what this returns, and the tests judge the numbers here.
import type { LabReport } from '../../report/types';
import type { GradeReport } from '../schema';

/** What the HTML report is made of: the class report and, per learner path, what is known of them. */
export interface HtmlReportInput {
  report: GradeReport;
  /** Each graded learner's `lab check` report, by the learner's `path`. */
  details: ReadonlyMap<string, LabReport>;
  /** Time from `lab start` to the submission's last change, by path (unknown with --merge). */
  timeSpentMs?: ReadonlyMap<string, number>;
  /** When the report was made (shown in the header; an argument so the output is reproducible). */
  generatedAt: Date;
  runnerVersion: string;
}

/** One bar of a chart: `passed` of `total`, where `total` counts only verdicts that judge something. */
export interface Rate {
  key: string;
  label: string;
  passed: number;
  total: number;
  /** Learners for whom it did not apply (a skipped check); not in `total`. */
  skipped: number;
  /** What the label belongs to (a question item's key question), shown in the tooltip. */
  group?: string;
}

export interface HardCheck extends Rate {
  /** Learners whose check failed or errored. */
  failing: number;
  /** The finding message most learners got, and how many got it. */
  commonFinding?: { message: string; count: number };
}

export interface ClassStats {
  labs: Rate[];
  checks: Rate[];
  items: Rate[];
  hardest: HardCheck[];
}

/** How many of the hardest checks the report lists. */
export const HARDEST_COUNT = 5;

export const rateOf = (r: Pick<Rate, 'passed' | 'total'>): number => (r.total > 0 ? r.passed / r.total : 0);

export function classStats(input: Pick<HtmlReportInput, 'report' | 'details'>): ClassStats {
  return { labs: labRates(input.report), checks: checkRates(input), items: itemRates(input), hardest: hardestChecks(input) };
}

/** Per lab: learners who passed of all learners of that lab (one that could not be graded did not pass). */
export function labRates(report: GradeReport): Rate[] {
  const byLab = new Map<string, Rate>();
  for (const l of report.learners) {
    const r = byLab.get(l.lab) ?? { key: l.lab, label: l.lab, passed: 0, total: 0, skipped: 0 };
    r.total++;
    if (l.status === 'passed') r.passed++;
    byLab.set(l.lab, r);
  }
  return [...byLab.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** The graded learners' reports, in the class report's order (a learner in error has none). */
function gradedReports(input: Pick<HtmlReportInput, 'report' | 'details'>): LabReport[] {
  return input.report.learners.flatMap((l) => {
    const d = l.status === 'error' ? undefined : input.details.get(l.path);
    return d ? [d] : [];
  });
}

/** Per check (in the order first seen): passes of pass + fail + error; a skip means the check had nothing to judge. */
export function checkRates(input: Pick<HtmlReportInput, 'report' | 'details'>): Rate[] {
  const rates = new Map<string, Rate>();
  for (const rep of gradedReports(input)) {
    for (const c of rep.checks) {
      const r = rates.get(c.id) ?? { key: c.id, label: c.title, passed: 0, total: 0, skipped: 0 };
      if (c.status === 'skip') r.skipped++;
      else {
        r.total++;
        if (c.status === 'pass') r.passed++;
      }
      rates.set(c.id, r);
    }
  }
  return [...rates.values()];
}

/** Per question item: right answers of the learners it was drawn for (each learner gets a draw from the pool). */
export function itemRates(input: Pick<HtmlReportInput, 'report' | 'details'>): Rate[] {
  const rates = new Map<string, Rate>();
  for (const rep of gradedReports(input)) {
    for (const q of rep.questions ?? []) {
      for (const i of q.items) {
        const key = `${q.id}/${i.id}`;
        const r = rates.get(key) ?? { key, label: i.prompt, group: q.title, passed: 0, total: 0, skipped: 0 };
        r.total++;
        if (i.passed) r.passed++;
        rates.set(key, r);
      }
    }
  }
  return [...rates.values()];
}

/** Checks that failed someone, lowest pass rate first (then most learners failing), with their most common finding. */
export function hardestChecks(input: Pick<HtmlReportInput, 'report' | 'details'>, count = HARDEST_COUNT): HardCheck[] {
  const findings = new Map<string, Map<string, number>>();
  for (const rep of gradedReports(input)) {
    for (const c of rep.checks) {
      if (c.status !== 'fail' && c.status !== 'error') continue;
      const m = findings.get(c.id) ?? new Map<string, number>();
      // A learner counts once per message, however many resources it names.
      for (const msg of new Set(c.findings.map((f) => f.message))) m.set(msg, (m.get(msg) ?? 0) + 1);
      findings.set(c.id, m);
    }
  }
  return checkRates(input)
    .map((r): HardCheck => {
      const common = [...(findings.get(r.key) ?? new Map<string, number>())].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0];
      return { ...r, failing: r.total - r.passed, ...(common ? { commonFinding: { message: common[0], count: common[1] } } : {}) };
    })
    .filter((r) => r.failing > 0)
    .sort((a, b) => rateOf(a) - rateOf(b) || b.failing - a.failing || a.key.localeCompare(b.key))
    .slice(0, count);
}
