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

  it('ignores a sibling folder with the same prefix', () => {
    expect(firstWorkspaceFrame([`at y (${ws}-old/stack.ts:1:1)`, `at z (file://${ws}/stack.ts:9:3)`], ws)).toEqual({ file: 'stack.ts', line: 9, column: 3 });
    expect(firstWorkspaceFrame('no frames here', ws)).toBeUndefined();
  });
});

describe('parseFrame', () => {
  it('reads the three shapes of a frame', async () => {
    const { parseFrame } = await import('./synthesize');
    expect(parseFrame('    at new Stack (/w/stack.ts:12:5)')).toEqual({ file: '/w/stack.ts', line: 12, column: 5 });
    expect(parseFrame('at /w/lib/a.ts:3:1')).toEqual({ file: '/w/lib/a.ts', line: 3, column: 1 });
    expect(parseFrame('at x (file:///w/stack.ts:9:3)')).toEqual({ file: '/w/stack.ts', line: 9, column: 3 });
    expect(parseFrame('at x (node:internal/modules:1:2)')).toBeUndefined();
    expect(parseFrame('no frame here')).toBeUndefined();
  });

  it('stays linear on a long crafted line (the app writes its own traces)', async () => {
    const { parseFrame } = await import('./synthesize');
    // 2000 lines of 4 kB: a backtracking pattern would not finish within the test's time limit.
    for (let i = 0; i < 2000; i++) expect(parseFrame('(/' + 'a:'.repeat(1995) + ':x')).toBeUndefined();
  });
});
