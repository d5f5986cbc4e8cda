import { expect, it } from 'vitest';
import iamRoles from '../../../labs/security/iam-roles/lab';
import type { WorkspaceState } from '../../workspace/state';
import { checkById } from '../../checking/registry';
import { hintDocs } from './hint';

const docsOf = (id: string) => checkById(id)?.refs.docs ?? [];

const state = (failing?: string[]) => ({ lab: iamRoles.id, createdAt: '', seed: 's', hintsShown: 0, ...(failing ? { lastCheck: { at: '', passed: false, points: 0, maxPoints: 1, failing } } : {}) }) as unknown as WorkspaceState;

it("shows the doc links of the checks still failing under a hint, at most three, deduplicated", () => {
  expect(hintDocs({ lab: iamRoles, state: state(['iam.roles-separated']) }, docsOf)).toEqual([
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html',
    'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html',
  ]);
  // Before the first check: the lab's checks in order, capped.
  expect(hintDocs({ lab: iamRoles, state: state() }, docsOf)).toHaveLength(3);
  expect(hintDocs({ lab: iamRoles, state: state([]) }, docsOf)).toEqual([]);
});
