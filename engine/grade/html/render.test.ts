import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { escapeHtml } from './escape';
import { HOSTILE_NAME, HOSTILE_REFLECTION, sampleInput } from './fixtures';
import { barChart } from './charts';
import { contentSecurityPolicy, FINDINGS_SHOWN, formatDuration, renderHtmlReport } from './render';

const html = renderHtmlReport(sampleInput());
const hashOf = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

describe('the HTML class report', () => {
  it('is one file that loads nothing: no external resource, and a policy that allows none', () => {
    expect(html).not.toMatch(/<link\b|<iframe\b|<object\b|<embed\b|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)="(https?:)?\/\//i);
    expect(contentSecurityPolicy()).toMatch(/^default-src 'none';/);
    expect(html).toContain(`content="${escapeHtml(contentSecurityPolicy())}"`);
  });

  it('allows exactly its own style and script by hash, and has one of each', () => {
    const style = html.match(/<style>([\s\S]*?)<\/style>/)![1];
    const script = html.match(/<script>([\s\S]*?)<\/script>/)![1];
    expect(contentSecurityPolicy()).toContain(`style-src ${hashOf(style)}`);
    expect(contentSecurityPolicy()).toContain(`script-src ${hashOf(script)}`);
    expect(html.match(/<script\b/g)).toHaveLength(1);
    expect(html.match(/<style\b/g)).toHaveLength(1);
    expect(html).not.toMatch(/\sstyle="/); // a style attribute would need 'unsafe-inline'
  });

  it('shows the class numbers: summary, one row and one section per learner, charts with their counts', () => {
    expect(html).toContain('<div data-summary="total"><b>4</b>');
    expect(html).toContain('<div data-summary="passed"><b>1</b>');
    expect(html).toContain('<div data-summary="errored"><b>1</b>');
    expect(html.match(/<tr data-learner=/g)).toHaveLength(4);
    expect(html.match(/<section class="learner"/g)).toHaveLength(4);
    expect(html).toMatch(/data-key="iam.task-role-least-privilege" data-passed="1" data-total="3"/);
    expect(html).toMatch(/data-chart="items"[\s\S]*data-key="roles\/who-signs" data-passed="2" data-total="3"/);
    expect(html).toContain('<li data-check="iam.task-role-least-privilege">');
  });

  it('shows per learner the findings, hints, time spent, wrong answers and reflections', () => {
    const bob = html.slice(html.indexOf('<section class="learner" id="learner-1">'), html.indexOf('<section class="learner" id="learner-2">'));
    expect(bob).toContain('iam.task-role-least-privilege failed for this learner <code>stack.ts:10</code>');
    expect(bob).toContain('hints used: 2');
    expect(bob).toContain('time spent: 30 min');
    expect(bob).toContain('answered <q>a) The execution role</q>');
    expect(bob).toContain('<div class="reflection">Roles split the agent from the app.</div>');
    const dave = html.slice(html.indexOf('id="learner-3"'));
    expect(dave).toContain('Could not be graded: grading took longer than 60 s and was stopped');
    expect(dave).toContain('time spent: unknown');
  });

  it('escapes every learner string: a hostile folder name and reflection appear only as text', () => {
    expect(html).not.toContain(HOSTILE_NAME);
    expect(html).not.toContain(HOSTILE_REFLECTION);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('evil.example/">');
    expect(html).toContain(escapeHtml(HOSTILE_NAME));
    expect(html).toContain(escapeHtml(HOSTILE_REFLECTION));
    // Table cells sort by attribute values, which must not break out of their quotes either.
    expect(html).toContain(`data-sort="${escapeHtml(HOSTILE_NAME)}"`);
  });

  it('shows the first findings of a check and says how many more there are', () => {
    const input = sampleInput();
    const bob = input.details.get('class/bob')!;
    bob.checks[0].findings = Array.from({ length: FINDINGS_SHOWN + 3 }, (_, i) => ({ message: `finding number ${i}` }));
    const page = renderHtmlReport(input);
    expect(page).toContain(`finding number ${FINDINGS_SHOWN - 1}`);
    expect(page).not.toContain(`finding number ${FINDINGS_SHOWN}<`);
    expect(page).toContain('… and 3 more');
  });

  it('labels an item chart bar with the item’s prompt and its key question in the tooltip', () => {
    expect(html).toMatch(/data-key="roles\/who-signs"[^>]*><title>Which role\? — Prompt of who-signs\?: 2 of 3 passed<\/title>/);
  });

  it('says when a chart has nothing to show instead of drawing an empty one', () => {
    expect(barChart('items', 'x', [])).toContain('Nothing to chart');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters that end text or an attribute, and drops control characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('a\u0000b\u001bc\nd')).toBe('abc\nd');
  });
});

describe('formatDuration', () => {
  it('reads at the scale that matters', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(185 * 60_000)).toBe('3 h 05 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
  });
});
