// The lab contract (docs/authoring-labs.md), proved for every lab in the catalogue:
// the starter with its default break fails exactly the checks the break and the task target,
// the solution passes every check, its answers.md passes every question, the brief renders,
// and everything the manifest names exists.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCurriculumId } from '../engine/catalogue/curriculum';
import { checkById } from '../engine/checking/registry';
import { LABS_DIR } from '../engine/paths';
import { parseAnswers } from '../engine/questions/answers-file';
import { gradeAll } from '../engine/questions/grade';
import { loadQuestions } from '../engine/questions/load';
import { runVariant } from '../engine/testing/lab-harness';
import { labFolder } from '../engine/workspace/workspace';
import { renderMarkdownTerminal } from '../engine/ui/markdown-terminal';
import { LABS } from './index';

const only = process.env.LAB;
const labs = LABS.filter((l) => !only || l.id === only);

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

  it('has questions whose curriculum ids exist, and a solution answers.md that passes them all', () => {
    const questions = loadQuestions(join(labFolder(lab), 'questions.yaml'));
    for (const q of questions) expect(isCurriculumId(q.curriculum), q.curriculum).toBe(true);
    const answers = readFileSync(join(labFolder(lab), 'solution', 'answers.md'), 'utf8');
    const grades = gradeAll(questions, parseAnswers(answers, questions));
    expect(grades.filter((g) => !g.passed).map((g) => ({ id: g.id, missing: g.open.missing, choice: g.choice }))).toEqual([]);
  });

  it('has a brief that renders to the terminal', () => {
    const brief = readFileSync(join(labFolder(lab), 'brief.md'), 'utf8');
    const text = renderMarkdownTerminal(brief, { color: false, width: 80 });
    expect(text.length).toBeGreaterThan(200);
    expect(text).not.toMatch(/[#*`]{2,}/); // markdown syntax was rendered, not echoed
  });

  it('starter with its default break fails exactly the targeted checks, naming resources', async () => {
    const brk = lab.breaks.find((b) => b.id === lab.defaultBreak);
    const run = await runVariant(lab, 'starter', lab.defaultBreak);
    const expected = new Set([...(brk?.breaks ?? []), ...(lab.taskChecks ?? [])]);
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => `${r.id}:${r.status}`).sort();
    expect(failing).toEqual([...expected].map((id) => `${id}:fail`).sort());
    for (const f of run.results.flatMap((r) => r.findings)) {
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.logicalId || f.constructPath || f.location, f.message).toBeTruthy();
    }
    // Where the learner's code created the resource, at least one finding points at its line.
    expect(run.results.flatMap((r) => r.findings).some((f) => f.location && f.location.line > 0)).toBe(true);
  }, 120_000);

  it('starter without any break fails only the task checks', async () => {
    const run = await runVariant(lab, 'starter');
    const failing = run.results.filter((r) => r.status !== 'pass').map((r) => r.id).sort();
    expect(failing).toEqual([...(lab.taskChecks ?? [])].sort());
  }, 120_000);

  it('solution passes every check', async () => {
    const run = await runVariant(lab, 'solution');
    const notPassing = run.results.filter((r) => r.status !== 'pass');
    expect(notPassing.map((r) => ({ id: r.id, status: r.status, findings: r.findings.map((f) => f.message) }))).toEqual([]);
  }, 120_000);
});
