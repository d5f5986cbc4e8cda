// The instructor's report: one self-contained HTML file (inline CSS, inline SVG charts, a few lines
// of inline script), readable offline. Its Content-Security-Policy allows no request at all and
// only the report's own style and script (by hash), so even a learner string that escaped the
// escaping could neither run nor load anything.
import { createHash } from 'node:crypto';
import type { LabReport, QuestionGrade, ReportedCheck } from '../../report/types';
import type { Learner } from '../schema';
import { barChart, percentText } from './charts';
import { SORT_SCRIPT } from './client';
import { escapeHtml as h } from './escape';
import { classStats, type HtmlReportInput } from './stats';
import { STYLES } from './styles';

export type { HtmlReportInput } from './stats';

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** `default-src 'none'`: no fetch, image, font or frame from anywhere; style and script only by hash. */
export function contentSecurityPolicy(): string {
  return [`default-src 'none'`, `style-src ${cspHash(STYLES)}`, `script-src ${cspHash(SORT_SCRIPT)}`, `img-src data:`, `base-uri 'none'`, `form-action 'none'`].join('; ');
}

export function renderHtmlReport(input: HtmlReportInput): string {
  const { report } = input;
  const stats = classStats(input);
  const labs = [...new Set(report.learners.map((l) => l.lab))];
  const title = `ecs-lab class report — ${labs.join(', ') || 'no learners'}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${h(contentSecurityPolicy())}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${STYLES}</style>`,
    '</head><body>',
    `<h1>${h(title)}</h1>`,
    `<p class="meta">Made ${h(input.generatedAt.toISOString())} by ecs-lab ${h(input.runnerVersion)}${report.shard ? ` · shard ${report.shard.index}/${report.shard.count}` : ''}</p>`,
    summary(report.summary),
    '<h2 id="overview">Class overview</h2>',
    '<h3>Pass rate per lab</h3>',
    barChart('labs', 'Pass rate per lab', stats.labs),
    '<h3>Pass rate per check</h3>',
    '<p class="dim">Learners whose check passed, of those it judged (a skipped check had nothing to judge).</p>',
    barChart('checks', 'Pass rate per check', stats.checks),
    '<h3>Right answers per question item</h3>',
    '<p class="dim">Each learner answers a draw from the pool: an item counts the learners it was drawn for.</p>',
    barChart('items', 'Right answers per question item', stats.items),
    '<h2 id="hardest">Hardest checks</h2>',
    hardest(stats.hardest),
    problems(report.problems),
    '<h2 id="learners-heading">Learners</h2>',
    '<p class="dim">Click a column to sort by it; click again to reverse.</p>',
    learnersTable(report.learners, input),
    '<h2 id="details">Per learner</h2>',
    ...report.learners.map((l, i) => learnerSection(l, i, input)),
    `<script>${SORT_SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

function summary(s: HtmlReportInput['report']['summary']): string {
  const box = (name: string, n: number, label: string) => `<div data-summary="${name}"><b>${n}</b>${label}</div>`;
  return `<div class="summary">${box('total', s.total, 'learners')}${box('passed', s.passed, 'passed')}${box('failed', s.failed, 'failed')}${box('errored', s.errored, 'could not be graded')}</div>`;
}

function hardest(rows: ReturnType<typeof classStats>['hardest']): string {
  if (rows.length === 0) return '<p class="empty" id="hardest-none">No check failed any learner.</p>';
  const items = rows.map(
    (r) =>
      `<li data-check="${h(r.key)}"><b>${h(r.label)}</b> <code>${h(r.key)}</code> — failed ${r.failing} of ${r.total} (${percentText(r)} pass)` +
      (r.commonFinding ? `<br><span class="finding dim">Most common finding (${r.commonFinding.count}): ${h(r.commonFinding.message)}</span>` : '') +
      '</li>',
  );
  return `<ol id="hardest-list">${items.join('')}</ol>`;
}

function problems(list: string[]): string {
  if (list.length === 0) return '';
  return `<h2 id="problems">Problems</h2><ul class="problems">${list.map((p) => `<li>${h(p)}</li>`).join('')}</ul>`;
}

/** Column order of the learners' table; the sort script sorts by a column's index. */
const COLUMNS = [
  { name: 'Learner', type: 'text' },
  { name: 'Lab', type: 'text' },
  { name: 'Status', type: 'text' },
  { name: 'Points', type: 'num' },
  { name: 'Percent', type: 'num' },
  { name: 'Hints', type: 'num' },
  { name: 'Time spent', type: 'num' },
] as const;

function learnersTable(learners: Learner[], input: HtmlReportInput): string {
  const head = COLUMNS.map((c, i) => `<th${c.type === 'num' ? ' class="num"' : ''}><button type="button" data-col="${i}" data-type="${c.type}">${c.name}</button></th>`).join('');
  const rows = learners.map((l, i) => {
    const pct = l.status === 'error' || l.maxPoints === 0 ? undefined : (l.points / l.maxPoints) * 100;
    const spent = input.timeSpentMs?.get(l.path);
    const hints = l.hintsShown ?? input.details.get(l.path)?.hintsShown;
    const cells = [
      cell(l.path, `<a href="#learner-${i}">${h(l.path)}</a>`),
      cell(l.lab, h(l.lab)),
      cell(l.status, `<span class="status-${l.status}">${l.status}</span>${l.late ? ' <span class="dim">(late)</span>' : ''}`),
      cell(l.status === 'error' ? '' : l.points, l.status === 'error' ? '—' : `${l.points}/${l.maxPoints}`, true),
      cell(pct === undefined ? '' : Math.round(pct * 10) / 10, pct === undefined ? '—' : `${Math.round(pct)}%`, true),
      cell(hints ?? '', hints === undefined ? '—' : String(hints), true),
      cell(spent ?? '', spent === undefined ? '—' : formatDuration(spent), true),
    ];
    return `<tr data-learner="${i}">${cells.join('')}</tr>`;
  });
  return `<table id="learners"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function cell(sort: string | number, html: string, numeric = false): string {
  return `<td${numeric ? ' class="num"' : ''} data-sort="${h(sort)}">${html}</td>`;
}

function learnerSection(l: Learner, i: number, input: HtmlReportInput): string {
  const rep = l.status === 'error' ? undefined : input.details.get(l.path);
  const spent = input.timeSpentMs?.get(l.path);
  const hints = l.hintsShown ?? rep?.hintsShown;
  const facts = [
    `<span class="status-${l.status}">${l.status}</span>`,
    l.status === 'error' ? '' : `${l.points}/${l.maxPoints} points`,
    `hints used: ${hints === undefined ? 'unknown' : hints}`,
    `time spent: ${spent === undefined ? 'unknown' : formatDuration(spent)}`,
    l.late ? 'late' : '',
  ].filter(Boolean);
  const body = rep ? [checksPart(rep.checks), answersPart(rep.questions), reflectionsPart(rep.questions)] : [`<p class="finding">Could not be graded: ${h(l.error ?? 'no report')}</p>`];
  return [`<section class="learner" id="learner-${i}">`, `<h3>${h(l.path)} <span class="dim">${h(l.lab)}</span></h3>`, `<p>${facts.join(' · ')}</p>`, ...body, '</section>'].join('\n');
}

/** Findings shown per failing check: a check on a wildcard policy can list hundreds, and the first few say it. */
export const FINDINGS_SHOWN = 4;

function checksPart(checks: ReportedCheck[]): string {
  const open = checks.filter((c) => c.status === 'fail' || c.status === 'error');
  const passed = checks.filter((c) => c.status === 'pass').length;
  const head = `<h4>Findings <span class="dim">(${passed} of ${checks.length} checks pass)</span></h4>`;
  if (open.length === 0) return `${head}<p class="dim">None: every check that judged something passed.</p>`;
  const items = open.map((c) => {
    const findings = c.findings.slice(0, FINDINGS_SHOWN).map((f) => {
      const where = f.location ? ` <code>${h(f.location.file)}:${f.location.line}</code>` : f.constructPath ? ` <code>${h(f.constructPath)}</code>` : '';
      return `<li class="finding">${h(f.message)}${where}${f.hint ? `<br><span class="dim">${h(f.hint)}</span>` : ''}</li>`;
    });
    const more = c.findings.length - FINDINGS_SHOWN;
    if (more > 0) findings.push(`<li class="dim">… and ${more} more (all in the learner's <code>lab check --json</code> report)</li>`);
    return `<li><b>${h(c.title)}</b> <code>${h(c.id)}</code> — ${c.status === 'error' ? 'error' : 'failed'} (${h(c.severity)})<ul>${findings.join('')}</ul></li>`;
  });
  return `${head}<ul>${items.join('')}</ul>`;
}

function answersPart(questions: QuestionGrade[] | undefined): string {
  if (!questions) return '<h4>Key questions</h4><p class="dim">Not graded (checked with --no-questions).</p>';
  const wrong = questions.flatMap((q) => q.items.filter((it) => !it.passed).map((it) => ({ q, it })));
  const total = questions.reduce((n, q) => n + q.items.length, 0);
  const head = `<h4>Key questions <span class="dim">(${total - wrong.length} of ${total} items right)</span></h4>`;
  if (wrong.length === 0) return `${head}<p class="dim">Every drawn item right.</p>`;
  const items = wrong.map(({ q, it }) => `<li class="finding">${h(q.title)}: ${h(it.prompt)} — answered <q>${h(it.answer ?? '')}</q>${it.answer === undefined ? ' <span class="dim">(unanswered)</span>' : ''}</li>`);
  return `${head}<ul>${items.join('')}</ul>`;
}

function reflectionsPart(questions: QuestionGrade[] | undefined): string {
  if (!questions?.length) return '';
  const parts = questions.map((q) => {
    const r = q.reflection;
    const text = r.text.trim() ? `<div class="reflection">${h(r.text)}</div>` : '<p class="dim">Not written.</p>';
    return `<p><b>${h(q.title)}</b> — ${h(r.prompt)} <span class="dim">(${r.words} words${r.present ? '' : ', below the minimum'})</span></p>${text}`;
  });
  return `<h4>Reflections to read</h4>${parts.join('\n')}`;
}

/** `45 s`, `12 min`, `3 h 05 min`, `2 d 4 h`: enough to compare learners, not a timesheet. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.round(s / 60);
  if (min < 60) return `${min} min`;
  const hours = Math.floor(min / 60);
  if (hours < 48) return `${hours} h ${String(min % 60).padStart(2, '0')} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
