// The instructor workflow is generated for a list of learner repositories and validated with
// GitHub's own workflow parser (@actions/workflow-parser, through engine/model/workflow); the
// copy-ready docs/ci-grading/grade.yml is that generator's output for the documented example.
import { describe, expect, it } from 'vitest';
import { parseWorkflowText } from '../model/workflow/parse';
import { instructorWorkflow, MAX_MATRIX_JOBS, PINNED_ACTIONS, workflowProblem, type WorkflowOptions } from './workflow';

/** The example in docs/ci-grading.md. */
const DOC_EXAMPLE: WorkflowOptions = {
  lab: 'security/iam-roles',
  learners: ['my-class/iam-roles-ada', 'my-class/iam-roles-grace', 'my-class/iam-roles-linus'],
  runnerRepository: 'ecs-lab/ecs-lab',
  runnerRef: 'v0.1.0',
};

describe('the instructor workflow', () => {
  it('is accepted by GitHub’s workflow parser, for the documented example and for a larger class', async () => {
    const learners = Array.from({ length: 40 }, (_, i) => `course-2026/learner.${i}_repo`);
    for (const options of [DOC_EXAMPLE, { ...DOC_EXAMPLE, learners, runnerRef: '0123456789abcdef0123456789abcdef01234567', timeoutSeconds: 300 }]) {
      const text = instructorWorkflow(options);
      const wf = await parseWorkflowText('.github/workflows/grade.yml', text);
      expect(wf.on).toEqual(['workflow_dispatch']);
      expect(wf.permissions).toMatchObject({ kind: 'scopes', scopes: { contents: 'read' } });
      expect(wf.jobs.map((j) => [j.id, j.matrix, j.needs])).toEqual([
        ['check', true, []],
        ['merge', false, ['check']],
      ]);
      for (const l of options.learners) expect(text).toContain(`          - "${l}"`);
    }
  });

  it('takes the runner from the instructor’s pinned ref and reads the learner’s repository without keeping credentials', async () => {
    const wf = await parseWorkflowText('grade.yml', instructorWorkflow(DOC_EXAMPLE));
    const [check, merge] = wf.jobs;
    expect(wf.env).toMatchObject({ LAB: DOC_EXAMPLE.lab, RUNNER_REPOSITORY: 'ecs-lab/ecs-lab', RUNNER_REF: 'v0.1.0' });
    const checkouts = check.steps.filter((s) => s.uses?.kind === 'remote' && s.uses.repo === 'checkout');
    expect(checkouts.map((s) => s.with)).toEqual([
      { repository: '${{ env.RUNNER_REPOSITORY }}', ref: '${{ env.RUNNER_REF }}', path: 'runner', 'persist-credentials': 'false' },
      { repository: '${{ matrix.learner }}', token: '${{ secrets.LEARNER_REPOS_TOKEN }}', path: 'submission', 'persist-credentials': 'false' },
    ]);
    // Every action is pinned to a full commit SHA.
    for (const s of [...check.steps, ...merge.steps]) if (s.uses?.kind === 'remote') expect(s.uses.shaPinned).toBe(true);
    const grade = check.steps.find((s) => s.id === 'grade')!;
    expect(grade.run).toContain('node ../runner/bin/lab.mjs check --lab "$LAB" --json');
    expect(grade.env).toEqual({ LEARNER: '${{ matrix.learner }}' }); // never ${{ }} inside the script
    expect(merge.if).toBe('${{ always() }}');
    expect(merge.steps.map((s) => s.run ?? '').join('\n')).toContain('node runner/bin/lab.mjs grade --merge reports --lab "$LAB"');
    expect(merge.steps.find((s) => s.uses?.kind === 'remote' && s.uses.repo === 'download-artifact')?.with).toMatchObject({ pattern: 'report-*', 'merge-multiple': 'true' });
  });

  it('docs/ci-grading/grade.yml is the generator’s output for the documented example', async () => {
    await expect(instructorWorkflow(DOC_EXAMPLE)).toMatchFileSnapshot('../../docs/ci-grading/grade.yml');
  });

  it('refuses what would not make a valid or safe workflow', () => {
    expect(workflowProblem({ ...DOC_EXAMPLE, learners: ['ada"; rm -rf /'] })).toMatch(/is not owner\/repo/);
    expect(workflowProblem({ ...DOC_EXAMPLE, learners: [] })).toBe('no learner repositories');
    expect(workflowProblem({ ...DOC_EXAMPLE, learners: Array.from({ length: MAX_MATRIX_JOBS + 1 }, (_, i) => `o/r${i}`) })).toMatch(/at most 256 jobs/);
    expect(workflowProblem({ ...DOC_EXAMPLE, runnerRef: 'main; echo' })).toMatch(/not a tag or commit SHA/);
    expect(workflowProblem({ ...DOC_EXAMPLE, lab: 'iam roles' })).toMatch(/not a lab id/);
    expect(Object.values(PINNED_ACTIONS).every((a) => /@[0-9a-f]{40} # v\d/.test(a))).toBe(true);
  });
});
