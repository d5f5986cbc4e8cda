import { describe, expect, it } from 'vitest';
import { hyperlink, supportsHyperlinks } from './hyperlink';

describe('terminal hyperlinks', () => {
  it('are on only in terminals known to support OSC 8, and never off a terminal or in CI', () => {
    expect(supportsHyperlinks({ TERM_PROGRAM: 'iTerm.app' }, true)).toBe(true);
    expect(supportsHyperlinks({ WT_SESSION: 'x' }, true)).toBe(true);
    expect(supportsHyperlinks({ VTE_VERSION: '7200' }, true)).toBe(true);
    expect(supportsHyperlinks({ VTE_VERSION: '4800' }, true)).toBe(false);
    expect(supportsHyperlinks({ TERM: 'xterm-256color' }, true)).toBe(false);
    expect(supportsHyperlinks({ TERM_PROGRAM: 'iTerm.app' }, false)).toBe(false);
    expect(supportsHyperlinks({ TERM_PROGRAM: 'vscode', CI: 'true' }, true)).toBe(false);
    expect(supportsHyperlinks({ FORCE_HYPERLINK: '1' }, false)).toBe(true);
    expect(supportsHyperlinks({ FORCE_HYPERLINK: '0', TERM_PROGRAM: 'vscode' }, true)).toBe(false);
  });

  it('wraps the URL in OSC 8 when enabled, and shows the plain URL otherwise', () => {
    const url = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html';
    expect(hyperlink(url, true)).toBe(`\x1b]8;;${url}\x1b\\${url}\x1b]8;;\x1b\\`);
    expect(hyperlink(url, false)).toBe(url);
    // A URL that could end the escape sequence early is never wrapped.
    expect(hyperlink('https://x.test/\x1b]8;;evil', true)).toBe('https://x.test/\x1b]8;;evil');
  });
});
