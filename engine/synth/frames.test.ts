import { describe, expect, it } from 'vitest';
import { firstWorkspaceFrame } from './synthesize';

describe('firstWorkspaceFrame', () => {
  const ws = '/home/me/ecs-labs/iam-roles';
  it('skips library and node frames and returns the first workspace frame, relative', () => {
    const stack = [
      'Error: boom',
      '    at new Bucket (/x/node_modules/aws-cdk-lib/aws-s3/lib/bucket.js:1:100)',
      `    at Object.<anonymous> (${ws}/node_modules/foo/index.js:3:4)`,
      `    at new AppStack (${ws}/lib/app.ts:42:7)`,
      `    at main (${ws}/stack.ts:3:1)`,
    ].join('\n');
    expect(firstWorkspaceFrame(stack, ws)).toEqual({ file: 'lib/app.ts', line: 42, column: 7 });
  });

  it('ignores an unmapped bundle frame and a sibling folder with the same prefix', () => {
    expect(
      firstWorkspaceFrame([`at x (${ws}/.lab-stack.bundle.cjs:10:2)`, `at y (${ws}-old/stack.ts:1:1)`, `at z (file://${ws}/stack.ts:9:3)`], ws),
    ).toEqual({ file: 'stack.ts', line: 9, column: 3 });
    expect(firstWorkspaceFrame('no frames here', ws)).toBeUndefined();
  });
});
