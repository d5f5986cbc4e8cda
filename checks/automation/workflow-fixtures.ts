// For the workflow check tests: a deploy workflow that passes every check, written into a
// temporary workspace, and a runner that judges it the way `lab check` does.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CheckDefinition, CheckResult } from '../../engine/types';

export const SHA_CHECKOUT = '11bd71901bbe5b1630ceea73d27597364c9af683';
export const SHA_CREDENTIALS = 'e3dd6a429d7300a6a4c196c26e071d42e0343502';
export const SHA_SLACK = '485a9d42d3a73031f12ec201c457e2162c45d02d';

export const GOOD_WORKFLOW = `name: deploy
on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@${SHA_CHECKOUT}
      - run: npm ci
      - run: npm test
  deploy:
    needs: test
    runs-on: ubuntu-latest
    environment: production
    permissions:
      id-token: write
      contents: read
    concurrency:
      group: deploy-production
      cancel-in-progress: false
    steps:
      - uses: actions/checkout@${SHA_CHECKOUT}
      - uses: aws-actions/configure-aws-credentials@${SHA_CREDENTIALS} # v4
        with:
          role-to-assume: \${{ vars.DEPLOY_ROLE_ARN }}
          aws-region: eu-west-1
      - run: npm ci
      - run: npx cdk deploy --require-approval never
      - name: Tell the team and roll back
        if: failure()
        uses: slackapi/slack-github-action@${SHA_SLACK} # v2
        with:
          webhook: \${{ secrets.SLACK_WEBHOOK }}
`;

export const WORKFLOW_FILE = '.github/workflows/deploy.yml';

/** Writes the workflow (or none) into a fresh workspace and runs the check on it (by default named, as a lab names it). */
export function runOnWorkflow(
  check: CheckDefinition<any>,
  workflow: string | undefined,
  params: Record<string, unknown> = { workflow: WORKFLOW_FILE },
  workspace = true,
  /** Other files of the workspace (package.json, scripts), by relative path. */
  files: Record<string, string> = {},
): Promise<CheckResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ecs-lab-workflow-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  if (workflow !== undefined) {
    mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
    writeFileSync(join(dir, WORKFLOW_FILE), workflow);
  }
  const template = { Resources: {} };
  return runCheck(check, { template, model: new StackModel(template), workspaceDir: workspace ? dir : undefined }, params);
}

/** GOOD_WORKFLOW with one exact edit (the edit must apply). */
export function edited(find: string, replace: string): string {
  if (!GOOD_WORKFLOW.includes(find)) throw new Error(`the fixture has no ${JSON.stringify(find)}`);
  return GOOD_WORKFLOW.replace(find, replace);
}
