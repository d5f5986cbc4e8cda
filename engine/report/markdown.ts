// A Markdown summary for CI pages (GitHub's $GITHUB_STEP_SUMMARY and the like): a table of
// checks, what each failing, errored or skipped check found, the questions, the score.
import type { CheckResult, CheckStatus } from '../types';
import { KIND_LABEL, answerText, checkCounts, faultLine, findingLocation, findingResource, formatDuration, nextStep, questionCounts, reflectionLine } from './describe';
import { TSC_TITLES, evidenceOf, type EvidenceRow } from './evidence';
import type { LabReport, QuestionGrade } from './types';

const STATUS: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', error: '⚠️ error', skip: '⏭️ skip' };

export function markdownReporter(report: LabReport): string {
  const out: string[] = [];
  const icon = report.passed ? '✅' : '❌';
  out.push(`## ${icon} ${text(report.lab.title)} (${code(report.lab.id)})`, '');
  out.push(
    [
      `**Checks** ${checkCounts(report)}`,
      `**Questions** ${questionCounts(report)}`,
      `**Score** ${report.score.points}/${report.score.maxPoints}`,
      `${report.target}, ${formatDuration(report.durationMs)}`,
    ].join(' · '),
    '',
  );

  out.push('| Status | Check | Id | Severity |', '| --- | --- | --- | --- |');
  for (const c of report.checks) out.push(row([STATUS[c.status], text(c.title), code(c.id), c.severity]));

  if (report.faults?.length) {
    out.push('', '### Faults replayed', '', '| Status | Fault | Check |', '| --- | --- | --- |');
    for (const f of report.faults) out.push(row([f.passed ? STATUS.pass : STATUS.fail, text(faultLine(f)), code(f.check)]));
  }

  for (const c of report.checks.filter((c) => c.status !== 'pass')) out.push('', ...checkSection(c, report.workspace));

  if (report.questions && report.questions.length > 0) {
    out.push('', '### Key questions', '', '| Status | Question | Points |', '| --- | --- | --- |');
    for (const q of report.questions) out.push(row([q.passed ? STATUS.pass : STATUS.fail, text(q.title), `${q.points}/${q.maxPoints}`]));
    for (const q of report.questions) out.push('', ...questionSection(q));
  }

  out.push(...evidenceSection(report));

  if (report.warnings.length > 0) {
    out.push('', '### Warnings', '');
    for (const w of report.warnings) out.push(`- ${text(w)}`);
  }

  // Our own sentence, whose `code` spans should render.
  out.push('', `**Next:** ${nextStep(report)}`);
  return out.join('\n');
}

/** Every drawn item (prompt, answer, verdict, feedback) and the reflection beside the model answer. */
function questionSection(q: QuestionGrade): string[] {
  const out = [`#### ${q.passed ? '✅' : '❌'} ${text(q.title)} (${code(q.id)})`, ''];
  for (const i of q.items) {
    const lines = [`${i.passed ? '✅' : '❌'} **${KIND_LABEL[i.kind]}** ${code(i.id)} — ${text(i.prompt)}`];
    if (i.kind !== 'evidence') lines.push(`Your answer: ${text(answerText(i))}`);
    lines.push(`${i.passed ? '' : '→ '}${text(i.feedback)}`);
    out.push(`- ${lines.join('  \n  ')}`);
  }
  const r = q.reflection;
  out.push('', `**Reflection** — ${text(r.prompt)}`, '');
  if (r.text.trim()) out.push(...r.text.trim().split('\n').map((l) => `> ${text(l)}`), '');
  out.push(text(reflectionLine(q)));
  if (r.present && r.modelAnswer) {
    out.push('', `**Model answer:** ${text(r.modelAnswer)}`, '', '**Self-check:**', '');
    for (const s of r.selfCheck) out.push(`- [ ] ${text(s)}`);
  }
  return out;
}

const EVIDENCE_RESULT: Record<CheckStatus, string> = { pass: '✅ met', fail: '❌ exception', error: '⚠️ not evaluated', skip: '⏭️ not applicable' };

/**
 * For an auditor: every check that names a SOC 2 criterion, by criterion, with the controls it
 * stands for and its result. Absent when no check of the report names one.
 */
function evidenceSection(report: LabReport): string[] {
  const { rows, unmapped } = evidenceOf(report);
  if (rows.length === 0) return [];
  const source = report.target === 'aws' ? 'the synthesized CloudFormation template and the deployed resources' : 'the synthesized CloudFormation template';
  const out = [
    '',
    '### Evidence by SOC 2 Trust Services Criteria',
    '',
    `Each row is an automated check of ${source} (${code(report.lab.id)}), listed under each criterion it supports. ` +
      'It shows how the system is configured at this point in time (design), not that the control operated over a period.',
    '',
    '| Criterion | Check | Result | Security Hub | AWS Config rule |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) out.push(row([criterionCell(r.criterion), `${text(r.title)} (${code(r.checkId)})`, resultCell(r), controls(r.securityHub), controls(r.awsConfig)]));
  if (unmapped.length) out.push('', `Checks that name no criterion (the lab's guards and other topics): ${unmapped.map(code).join(', ')}.`);
  return out;
}

function criterionCell(id: string): string {
  const title = TSC_TITLES[id];
  return title ? `**${id}** ${text(title)}` : `**${text(id)}**`;
}

function resultCell(r: EvidenceRow): string {
  if (r.status === 'fail') return `${EVIDENCE_RESULT.fail}: ${r.findings} finding${r.findings === 1 ? '' : 's'}, listed above`;
  return r.note ? `${EVIDENCE_RESULT[r.status]}: ${text(r.note)}` : EVIDENCE_RESULT[r.status];
}

const controls = (ids: string[]) => (ids.length ? ids.map(code).join(', ') : 'none');

function checkSection(c: CheckResult, workspace: string): string[] {
  const out = [`### ${STATUS[c.status].split(' ')[0]} ${text(c.title)} (${code(c.id)})`, ''];
  for (const f of c.findings) {
    // Two trailing spaces make a line break inside the list item.
    const lines = [c.status === 'skip' ? `skipped: ${text(f.message)}` : text(f.message)];
    const where = [findingLocation(f, workspace), findingResource(f)].filter((s): s is string => !!s).map(code);
    if (where.length) lines.push(where.join(' · '));
    if (f.hint) lines.push(`→ ${text(f.hint)}`);
    out.push(`- ${lines.join('  \n  ')}`);
  }
  return out;
}

function row(cells: string[]): string {
  // GFM splits table cells at `|` even inside code spans, so pipes are escaped in every cell.
  return `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** Text from checks and learners, made inert: no emphasis, links, HTML or line breaks. */
export function text(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/[\\`*_[\]<>~&#]/g, (ch) => `\\${ch}`);
}

/** An inline code span that survives backticks in its content. */
export function code(s: string): string {
  const flat = s.replace(/[\r\n]+/g, ' ');
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
