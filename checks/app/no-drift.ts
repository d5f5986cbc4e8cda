import { defineCheck } from '../../engine/types';

/**
 * The deployed stack is what its template says: CloudFormation's drift detection finds no resource
 * changed or deleted outside it. Only the aws target can judge this; offline it skips.
 */
export const noDrift = defineCheck({
  id: 'app.no-drift',
  title: 'The deployed stack has not drifted from its template',
  severity: 'high',
  why:
    'A change made in the console or with the CLI "just for a minute" is invisible to the code, the reviews and every ' +
    'check of the template, and the next deployment may silently undo it or fail on it. Infrastructure as code only ' +
    'holds if the account matches the code: detect drift and fix it in the code, never only in the account.',
  refs: {
    wellArchitected: ['OPS05-BP10 Fully automate integration and deployment'],
    docs: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/using-cfn-stack-drift.html'],
  },
  offline() {
    return { status: 'skip', reason: 'drift is a property of the deployed stack: it needs the aws target (`lab check --target aws`)' };
  },
  // Loaded on use, so the offline target never loads the AWS SDK.
  live: async (ctx) => (await import('../../engine/aws/live/stack-drift')).stackDrift(ctx),
});
