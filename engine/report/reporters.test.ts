import { describe, expect, it } from 'vitest';
import { LabError } from '../errors';
import { REPORTER_NAMES, REPORTERS, isReporterName, renderReport } from './reporters';
import { failingReport, passingReport } from './test-fixtures';

describe('REPORTERS', () => {
  it('has the built-in reporters', () => {
    expect(REPORTER_NAMES).toEqual(['terminal', 'json', 'junit', 'markdown', 'github', 'sarif']);
    expect(isReporterName('junit')).toBe(true);
    expect(isReporterName('toString')).toBe(false);
  });

  it.each(REPORTER_NAMES)('%s renders without colour codes or a trailing newline', (name) => {
    for (const report of [passingReport(), failingReport()]) {
      const out = renderReport(name, report, { repoRoot: '/home/learner/repo' });
      expect(out.length).toBeGreaterThan(0);
      expect(out).not.toMatch(/\x1b\[/);
      expect(out.endsWith('\n')).toBe(false);
    }
  });

  it('renderReport passes options on', () => {
    expect(renderReport('terminal', failingReport(), { color: true })).toMatch(/\x1b\[/);
  });

  it('rejects an unknown reporter with a usage error that lists the known ones', () => {
    expect(() => renderReport('xml', passingReport())).toThrow(LabError);
    expect(() => renderReport('xml', passingReport())).toThrow('unknown reporter "xml": use one of terminal, json, junit, markdown, github, sarif');
  });
});
