// The instructor's grading workflow for GitHub Actions (docs/ci-grading.md): a matrix job per
// learner repository checks out the runner at the instructor's pinned version and the learner's
// repository read-only, runs `lab check --lab <id> --json` and uploads the report; a last job runs
// `lab grade --merge` over them. It lives in the instructor's repository, so a learner's
// repository cannot change what runs; learner code runs only inside `lab check`'s isolated child.

/** Actions pinned to full commit SHAs (a tag can be moved); the comment names the release. */
export const PINNED_ACTIONS = {
  checkout: 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2',
  setupNode: 'actions/setup-node@49933ea5288caeca8642d1e84afbd3f7d6820020 # v4.4.0',
  upload: 'actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02 # v4.6.2',
  download: 'actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093 # v4.3.0',
} as const;

/** GitHub runs at most 256 jobs from one matrix (docs: "Using a matrix for your jobs"). */
export const MAX_MATRIX_JOBS = 256;
const REPOSITORY = /^[A-Za-z0-9-]+\/[A-Za-z0-9._-]+$/;
const LAB_ID = /^[a-z0-9-]+\/[a-z0-9-]+$/;
const GIT_REF = /^[A-Za-z0-9._/-]+$/;

export interface WorkflowOptions {
  lab: string;
  /** `owner/repo` of each learner. */
  learners: string[];
  /** Where the instructor takes the runner from, and the tag or commit SHA pinned. */
  runnerRepository: string;
  runnerRef: string;
  /** Seconds one learner's check may take (`lab check --timeout`). */
  timeoutSeconds?: number;
}

/** Why the options cannot make a workflow, or undefined. */
export function workflowProblem(o: WorkflowOptions): string | undefined {
  if (!LAB_ID.test(o.lab)) return `"${o.lab}" is not a lab id (<layer>/<slug>)`;
  if (!REPOSITORY.test(o.runnerRepository)) return `"${o.runnerRepository}" is not owner/repo`;
  if (!GIT_REF.test(o.runnerRef)) return `"${o.runnerRef}" is not a tag or commit SHA`;
  if (o.learners.length === 0) return 'no learner repositories';
  if (o.learners.length > MAX_MATRIX_JOBS) return `${o.learners.length} learners: one matrix runs at most ${MAX_MATRIX_JOBS} jobs — split the class over several workflows`;
  const bad = o.learners.find((l) => !REPOSITORY.test(l));
  return bad === undefined ? undefined : `"${bad}" is not owner/repo`;
}

export function instructorWorkflow(o: WorkflowOptions): string {
  const problem = workflowProblem(o);
  if (problem) throw new Error(problem);
  const timeout = o.timeoutSeconds ?? 120;
  const q = (s: string) => JSON.stringify(s); // a JSON string is a YAML double-quoted scalar
  return `# Grades one ecs-lab lab for every learner repository listed below (docs/ci-grading.md).
# Lives in the INSTRUCTOR's repository: learners' repositories are only read, never run as workflows.
name: Grade ${o.lab}

on:
  workflow_dispatch:

permissions:
  contents: read

env:
  LAB: ${q(o.lab)}
  RUNNER_REPOSITORY: ${q(o.runnerRepository)}
  # A tag or, better, a commit SHA of the runner: every learner is graded by exactly this version.
  RUNNER_REF: ${q(o.runnerRef)}

jobs:
  check:
    name: check \${{ matrix.learner }}
    runs-on: ubuntu-latest
    timeout-minutes: 15
    strategy:
      fail-fast: false
      max-parallel: 20
      matrix:
        learner:
${o.learners.map((l) => `          - ${q(l)}`).join('\n')}
    steps:
      - name: Check out the runner at the pinned version
        uses: ${PINNED_ACTIONS.checkout}
        with:
          repository: \${{ env.RUNNER_REPOSITORY }}
          ref: \${{ env.RUNNER_REF }}
          path: runner
          persist-credentials: false
      - name: Check out the learner's repository, read-only
        uses: ${PINNED_ACTIONS.checkout}
        with:
          repository: \${{ matrix.learner }}
          # A fine-grained token with read access to the learners' repositories (Contents: read).
          token: \${{ secrets.LEARNER_REPOS_TOKEN }}
          path: submission
          persist-credentials: false
      - uses: ${PINNED_ACTIONS.setupNode}
        with:
          node-version: 20
      - name: Install the runner
        working-directory: runner
        run: npm ci
      - name: Grade (lab check --lab, isolated)
        id: grade
        working-directory: submission
        env:
          LEARNER: \${{ matrix.learner }}
        run: |
          name="\${LEARNER//\\//__}"
          mkdir -p ../reports
          set +e
          node ../runner/bin/lab.mjs check --lab "$LAB" --json --timeout ${timeout} > "../reports/$name.json"
          code=$?
          set -e
          # 0 passed, 1 failed, 2 could not be graded (the JSON says why): all are results.
          if [ "$code" -gt 2 ]; then exit "$code"; fi
          echo "name=$name" >> "$GITHUB_OUTPUT"
      - name: Upload the report
        uses: ${PINNED_ACTIONS.upload}
        with:
          name: report-\${{ steps.grade.outputs.name }}
          path: reports/\${{ steps.grade.outputs.name }}.json
          retention-days: 30

  merge:
    name: class report
    needs: check
    if: \${{ always() }}
    runs-on: ubuntu-latest
    timeout-minutes: 15
    steps:
      - name: Check out the runner at the pinned version
        uses: ${PINNED_ACTIONS.checkout}
        with:
          repository: \${{ env.RUNNER_REPOSITORY }}
          ref: \${{ env.RUNNER_REF }}
          path: runner
          persist-credentials: false
      - uses: ${PINNED_ACTIONS.setupNode}
        with:
          node-version: 20
      - name: Install the runner
        working-directory: runner
        run: npm ci
      - name: Download every learner's report
        uses: ${PINNED_ACTIONS.download}
        with:
          pattern: report-*
          path: reports
          merge-multiple: true
      - name: Merge (validates each report against the schema, the lab and this runner's version)
        run: |
          set +e
          node runner/bin/lab.mjs grade --merge reports --lab "$LAB" --csv grades.csv --junit grades.xml --html grades.html --json > grades.json
          code=$?
          set -e
          if [ "$code" -gt 1 ]; then exit "$code"; fi
      - name: Upload the class report
        uses: ${PINNED_ACTIONS.upload}
        with:
          name: class-report
          path: |
            grades.json
            grades.csv
            grades.xml
            grades.html
`;
}
