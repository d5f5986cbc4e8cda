import { describe, expect, it } from 'vitest';
import { experimentSeconds, formatSeconds, parseIsoDuration } from './guard-rails';
import type { ExperimentView } from './read';

const experiment = (actions: ExperimentView['template']['actions']): ExperimentView => ({
  logicalId: 'E',
  name: 'experiment E',
  template: { targets: {}, actions },
  raw: { roleArn: undefined, stopConditionValues: [], resourceArns: {} },
});

describe('parseIsoDuration', () => {
  it.each([
    ['PT5M', 300],
    ['PT1M30S', 90],
    ['PT10M', 600],
    ['PT1H', 3600],
    ['P1D', 86_400],
    ['PT0.5S', 0.5],
  ])('%s is %d s', (text, seconds) => expect(parseIsoDuration(text)).toBe(seconds));

  it.each(['5m', 'PT', 'P', '', 'PT5X', '300'])('%j is not a duration', (text) => expect(parseIsoDuration(text)).toBeUndefined());
});

describe('experimentSeconds', () => {
  it('parallel actions last as long as the longest', () => {
    expect(experimentSeconds(experiment({ A: { actionId: 'aws:fis:wait', parameters: { duration: 'PT5M' } }, B: { actionId: 'aws:fis:wait', parameters: { duration: 'PT3M' } } }))).toEqual({ seconds: 300, problems: [] });
  });

  it('startAfter chains add up; an instant action adds nothing', () => {
    const r = experimentSeconds(
      experiment({
        A: { actionId: 'aws:fis:wait', parameters: { duration: 'PT4M' } },
        Stop: { actionId: 'aws:ecs:stop-task', startAfter: ['A'] },
        B: { actionId: 'aws:fis:wait', parameters: { duration: 'PT7M' }, startAfter: ['Stop'] },
      }),
    );
    expect(r).toEqual({ seconds: 660, problems: [] });
  });

  it('names an action without a duration, an unreadable one and a cycle', () => {
    const r = experimentSeconds(
      experiment({
        A: { actionId: 'aws:ecs:task-cpu-stress' },
        B: { actionId: 'aws:fis:wait', parameters: { duration: 'five minutes' } },
        C: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' }, startAfter: ['D'] },
        D: { actionId: 'aws:fis:wait', parameters: { duration: 'PT1M' }, startAfter: ['C'] },
      }),
    );
    expect(r.problems).toEqual([
      'action A (aws:ecs:task-cpu-stress) has no duration, so the lab cannot prove when it ends',
      'action B has the duration "five minutes", which is not an ISO-8601 duration such as PT5M',
      'action C starts after itself (a startAfter cycle)',
    ]);
  });

  it('formats seconds for messages', () => {
    expect([formatSeconds(600), formatSeconds(90), formatSeconds(30)]).toEqual(['10 min', '1 min 30 s', '30 s']);
  });
});
