import { describe, expect, it } from 'vitest';
import { healthCheckLine, refinedLocation } from './locate';

const stack = [
  "    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDef', {", // 1
  '      cpu: 256,',
  '    });',
  '',
  "    taskDefinition.addContainer('web', {", // 5
  '      image,',
  '      // healthCheck: a comment does not count',
  '      healthCheck: {', // 8
  "        command: ['CMD', 'node', 'src/healthcheck.js'],",
  '      },',
  '    });',
  "    listener.addTargets('Web', {", // 12
  "      healthCheck: { path: '/health' },",
  '    });',
].join('\n');

describe('health-check findings are placed where the learner acts', () => {
  it('at the healthCheck line after the task definition, else at addContainer', () => {
    expect(healthCheckLine(stack, 1)).toBe(8);
    // Not the target group's healthCheck further down: the container has none, so its addContainer.
    expect(healthCheckLine(stack.replace('      healthCheck: {', '      probe: {'), 1)).toBe(5);
    expect(healthCheckLine('const x = 1;\n', 1)).toBeUndefined();
  });

  it('moves only the health check findings of a TypeScript file', () => {
    const at = { file: 'stack.ts', line: 1, column: 28 };
    expect(refinedLocation('ecs.container-health-check', at, () => stack)).toEqual({ file: 'stack.ts', line: 8, column: 7 });
    expect(refinedLocation('docker.non-root-user', at, () => stack)).toBeUndefined();
    expect(refinedLocation('ecs.container-health-check', { ...at, file: 'app/Dockerfile' }, () => stack)).toBeUndefined();
    expect(refinedLocation('ecs.container-health-check', at, () => undefined)).toBeUndefined();
  });
});
