// The lab contract (docs/authoring-labs.md), proved for every lab in the catalogue:
// the starter with its default break fails exactly the checks the break and the task target,
// the solution passes every check, the questions meet the authoring rules and are answered right
// for any draw (writer → parser → grader) with the solution's reflections, the brief renders,
// and everything the manifest names exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isCurriculumId } from '../engine/catalogue/curriculum';
import { checkById } from '../engine/checking/registry';
import { LABS_DIR } from '../engine/paths';
import { parseAnswers, renderAnswers } from '../engine/questions/answers-file';
import { drawLab } from '../engine/questions/draw';
import { gradeAll } from '../engine/questions/grade';
import { lintQuestions } from '../engine/questions/lint';
import { issuesError, loadLabQuestions } from '../engine/questions/load';
import { rightAnswers } from '../engine/questions/solve';
import type { CheckResult } from '../engine/types';
import { predictFault } from '../engine/faults/predict';
import { layOutVariant, precheckWorkspaces, runVariant } from '../engine/testing/lab-harness';
import { labFolder } from '../engine/workspace/workspace';
import { renderMarkdownTerminal } from '../engine/ui/markdown-terminal';
import { LABS } from './index';

const only = process.env.LAB;
const labs = LABS.filter((l) => !only || l.id === only);

// Every variant the contract synthesizes, laid out first and type-checked in one compiler run
// (each variant's check then finds its result cached); the variants themselves are unchanged.
type Variant = 'broken' | 'starter' | 'solution';
const laidOut = new Map<string, string>();
const variantDir = (labId: string, v: Variant) => laidOut.get(`${labId}#${v}`);
beforeAll(async () => {
  const all: { workspaceDir: string; entryFile: string }[] = [];
  for (const lab of labs) {
    for (const [v, dir] of [
      ['broken', layOutVariant(lab, 'starter', lab.defaultBreak)],
      ['starter', layOutVariant(lab, 'starter')],
      ['solution', layOutVariant(lab, 'solution')],
    ] as const) {
      laidOut.set(`${lab.id}#${v}`, dir);
      all.push({ workspaceDir: dir, entryFile: join(dir, lab.entry) });
    }
  }
  await precheckWorkspaces(all);
}, 240_000);

describe('the catalogue', () => {
  it('lists every lab folder, with unique ids and slugs', () => {
    const folders = readdirSync(LABS_DIR, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((layer) => readdirSync(join(LABS_DIR, layer.name)).map((slug) => `${layer.name}/${slug}`))
      .filter((id) => existsSync(join(LABS_DIR, id, 'lab.ts')));
    expect(LABS.map((l) => l.id).sort()).toEqual(folders.sort());
    const slugs = LABS.map((l) => l.id.split('/')[1]);
    expect(new Set(slugs).size).toBe(slugs.length);
  });
});

describe.each(labs.map((l) => [l.id, l] as const))('lab %s', (_id, lab) => {
  it('names only things that exist', () => {
    expect(lab.id).toBe(`${lab.layer}/${lab.id.split('/')[1]}`);
    for (const ref of lab.checks) expect(checkById(ref.id), `check ${ref.id}`).toBeDefined();
    expect(lab.checks.map((c) => c.id)).toContain('ecs.service-behind-listener');
    expect(lab.checks.map((c) => c.id)).toContain('app.verifiable-offline');
    for (const id of lab.covers) expect(isCurriculumId(id), `curriculum id ${id}`).toBe(true);
    const checkIds = new Set(lab.checks.map((c) => c.id));
    for (const b of lab.breaks) for (const id of b.breaks) expect(checkIds.has(id), `break ${b.id} targets ${id}`).toBe(true);
    for (const id of lab.taskChecks ?? []) expect(checkIds.has(id)).toBe(true);
    expect(lab.breaks.some((b) => b.id === lab.defaultBreak)).toBe(true);
    expect(lab.hints).toHaveLength(3);
    for (const f of ['brief.md', 'questions.yaml', 'starter', 'solution', join('starter', lab.entry), join('solution', lab.entry)]) {
      expect(existsSync(join(labFolder(lab), f)), f).toBe(true);
    }
    expect(existsSync(join(labFolder(lab), 'starter', 'answers.md'))).toBe(false);
    expect(readFileSync(join(labFolder(lab), 'starter', lab.entry), 'utf8')).toMatch(/TODO/);
  });

  it('has questions that meet the authoring rules (pools, teaches, explanations, option lengths, evidence)', () => {
    const { questions, sections } = loadLabQuestions(labFolder(lab));
    for (const q of questions) expect(isCurriculumId(q.curriculum), q.curriculum).toBe(true);
    const issues = lintQuestions(questions, { covers: lab.covers, checks: lab.checks.map((c) => c.id), sections });
    const file = join(labFolder(lab), 'questions.yaml');
    expect(issues.length ? issuesError(file, readFileSync(file, 'utf8'), issues).message : '').toBe('');
  });

  it('answers every draw right with the solution: writer → parser → grader, and its reflections are written', () => {
    const { questions, sections } = loadLabQuestions(labFolder(lab));
    // The solution's reflections: its answers.md holds only those (items are drawn per workspace).
    const solution = readFileSync(join(labFolder(lab), 'solution', 'answers.md'), 'utf8');
    const reflections = parseAnswers(solution, drawLab(questions, lab.id, 'solution')).reflections;
    // Evidence items are judged by the checks, which the solution passes ("solution passes every check").
    const passing: CheckResult[] = lab.checks.map((c) => ({ id: c.id, title: c.id, severity: 'high', status: 'pass', findings: [], durationMs: 0 }));
    const drawn = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const draw = drawLab(questions, lab.id, `seed-${i}`, i % 3 ? { [questions[0].id]: i } : {});
      const text = renderAnswers(draw, rightAnswers(draw, reflections), { labTitle: lab.title });
      const parsed = parseAnswers(text, draw);
      expect(parsed.problems).toEqual([]);
      const grades = gradeAll(draw, parsed, { checks: passing, sections });
      const failing = grades.flatMap((g) => [...g.items.filter((it) => !it.passed).map((it) => `${g.id}/${it.id}: ${it.feedback}`), ...(g.reflection.present ? [] : [`${g.id}: reflection ${g.reflection.words} words`])]);
      expect(failing, `seed-${i}`).toEqual([]);
      for (const q of draw.questions) for (const d of q.items) drawn.add(d.item.id);
    }
    // Forty draws reach every item of every pool, so the round trip covers them all.
    expect([...drawn].sort()).toEqual(questions.flatMap((q) => q.items.map((it) => it.id)).sort());
  });

  it('has a brief that renders to the terminal', () => {
    const brief = readFileSync(join(labFolder(lab), 'brief.md'), 'utf8');
    const text = renderMarkdownTerminal(brief, { color: false, width: 80 });
    expect(text.length).toBeGreaterThan(200);
    // Markdown syntax was rendered, not echoed (code spans, shown with their backticks, may hold any text).
    expect(text.replace(/`[^`\n]*`/g, '')).not.toMatch(/[#*`]{2,}/);
  });

  it('starter with its default break fails exactly the targeted checks, naming resources', async () => {
    const brk = lab.breaks.find((b) => b.id === lab.defaultBreak);
    const run = await runVariant(lab, 'starter', lab.defaultBreak, variantDir(lab.id, 'broken'));
    const expected = new Set([...(brk?.breaks ?? []), ...(lab.taskChecks ?? [])]);
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();
    expect(failing).toEqual([...expected].map((id) => `${id}:fail`).sort());
    for (const f of run.results.flatMap((r) => r.findings)) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.logicalId || f.constructPath || f.location, f.message).toBeTruthy();
    }
    // Where the learner's code created the resource, at least one finding points at its line.
    expect(run.results.flatMap((r) => r.findings).some((f) => f.location && f.location.line > 0)).toBe(true);
    // A fault break can be predicted on the stack it breaks: its experiment is there and runnable,
    // its service is found, and the replay shows the damage the story tells of.
    if (brk?.kind === 'fault') {
      expect(brk.fault, `break ${brk.id} is a fault without a fault spec`).toBeDefined();
      const prediction = predictFault(run.synth.model, brk.fault!);
      expect('reason' in prediction ? prediction.reason : '').toBe('');
      if ('replay' in prediction) expect(prediction.replay.worstErrorRate, 'the predicted replay shows no errors').toBeGreaterThan(0);
    }
  }, 120_000);

  it('starter without any break fails only the task checks', async () => {
    const run = await runVariant(lab, 'starter', undefined, variantDir(lab.id, 'starter'));
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => r.id).sort();
    expect(failing).toEqual([...(lab.taskChecks ?? [])].sort());
  }, 120_000);

  it('solution passes every check', async () => {
    const run = await runVariant(lab, 'solution', undefined, variantDir(lab.id, 'solution'));
    const notPassing = run.results.filter((r) => r.status !== 'pass');
    expect(notPassing.map((r) => ({ id: r.id, status: r.status, findings: r.findings.map((f) => f.message) }))).toEqual([]);
  }, 120_000);
});
