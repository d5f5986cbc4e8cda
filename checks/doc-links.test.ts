// Learners read documentation where the runner shows it: under every failing check and hint (the
// check's `refs.docs`) and in the lab's brief. These tests keep both pointing at official pages.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { labFolder } from '../engine/workspace/workspace';
import { LABS } from '../labs/index';
import { ALL_CHECKS } from './index';

/**
 * Hosts whose pages count as documentation: AWS and GitHub's own docs, Docker's, OWASP's. A link
 * elsewhere (a blog, a mirror) can move or go stale without the vendor noticing.
 */
const ALLOWED_DOC_HOSTS = new Set([
  'docs.aws.amazon.com',
  'aws.amazon.com',
  'docs.github.com',
  'github.com',
  'docs.docker.com',
  'owasp.org',
  'cheatsheetseries.owasp.org',
]);

/** Why `url` is not an acceptable documentation link, or undefined when it is. */
function docLinkProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL';
  }
  if (parsed.protocol !== 'https:') return 'is not https';
  if (!ALLOWED_DOC_HOSTS.has(parsed.hostname)) return `is on ${parsed.hostname}, not an allowed documentation host`;
  if (parsed.pathname === '/' || parsed.pathname === '') return 'names a site, not a page';
  return undefined;
}

/**
 * The URLs a reader of `markdown` sees as links: Markdown links, autolinks and bare URLs (GitHub
 * links those, and terminals make them clickable), but not URLs inside code, which are examples.
 */
function markdownLinks(markdown: string): string[] {
  const prose = markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '');
  // A URL ends at whitespace or at the bracket that closes its Markdown link; trailing sentence punctuation is not part of it.
  return [...prose.matchAll(/https?:\/\/[^\s)>\]]+/g)].map((m) => m[0].replace(/[.,;:!?]+$/, ''));
}

/** A page of the AWS documentation (not the marketing site, not GitHub's docs). */
const isAwsDocPage = (url: string) => new URL(url).hostname === 'docs.aws.amazon.com';

describe('docLinkProblem', () => {
  it('accepts an https page on an allowed host', () => {
    expect(docLinkProblem('https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html')).toBeUndefined();
    expect(docLinkProblem('https://docs.github.com/en/actions/how-tos/write-workflows')).toBeUndefined();
  });

  it('refuses http, other hosts, look-alike hosts, bare sites and non-URLs', () => {
    expect(docLinkProblem('http://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html')).toMatch(/https/);
    expect(docLinkProblem('https://medium.com/some-post')).toMatch(/not an allowed/);
    expect(docLinkProblem('https://docs.aws.amazon.com.evil.example/AmazonECS/')).toMatch(/not an allowed/);
    expect(docLinkProblem('https://docs.aws.amazon.com/')).toMatch(/site/);
    expect(docLinkProblem('docs.aws.amazon.com/AmazonECS')).toMatch(/not a URL/);
  });
});

describe('markdownLinks', () => {
  it('finds Markdown links, autolinks and bare URLs, not URLs in code', () => {
    const md = [
      'See [ECS](https://docs.aws.amazon.com/a.html) and <https://docs.github.com/b>, not `https://token.example`.',
      'Read https://docs.aws.amazon.com/c.html.',
      '```',
      'curl http://localhost:8080/health',
      '```',
    ].join('\n');
    expect(markdownLinks(md)).toEqual(['https://docs.aws.amazon.com/a.html', 'https://docs.github.com/b', 'https://docs.aws.amazon.com/c.html']);
  });
});

describe('every registered check', () => {
  it.each(ALL_CHECKS.map((c) => [c.id, c] as const))('%s links at least one documentation page, all on allowed hosts', (_id, check) => {
    const docs = check.refs.docs ?? [];
    expect(docs.length, 'refs.docs is empty').toBeGreaterThan(0);
    for (const url of docs) expect(docLinkProblem(url), url).toBeUndefined();
  });
});

describe('every lab brief', () => {
  it.each(LABS.map((l) => [l.id, l] as const))('%s links an AWS documentation page, and only allowed hosts', (_id, lab) => {
    const links = markdownLinks(readFileSync(join(labFolder(lab), 'brief.md'), 'utf8'));
    expect(links.some(isAwsDocPage), 'no link to docs.aws.amazon.com').toBe(true);
    for (const url of links) expect(docLinkProblem(url), url).toBeUndefined();
  });
});
