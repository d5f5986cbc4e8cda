// The headings of a lab's brief.md, by their GitHub anchor: `teaches: brief#<anchor>` must name one,
// and feedback says "see brief: <heading>" so a learner knows where to read.

/** GitHub's heading slug: lowercase, punctuation dropped, spaces to dashes. */
export function slugify(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The anchors of the brief's `##`–`######` headings (the `#` title too), mapped to the heading's
 * text. Repeated headings get GitHub's `-1`, `-2` suffixes. Fenced code is skipped.
 */
export function briefSections(markdown: string): Map<string, string> {
  const sections = new Map<string, string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const raw of markdown.split(/\r?\n/)) {
    const line = raw.trimStart();
    if (line.startsWith('```') || line.startsWith('~~~')) {
      const marker = line.slice(0, 3);
      fence = fence === undefined ? marker : fence === marker ? undefined : fence;
      continue;
    }
    if (fence !== undefined || !line.startsWith('#')) continue;
    let level = 0;
    while (line[level] === '#') level++;
    if (level > 6 || (line[level] !== ' ' && line[level] !== '\t')) continue;
    let title = line.slice(level).trim();
    while (title.endsWith('#')) title = title.slice(0, -1);
    title = title.trim().replace(/[`*_]/g, '');
    const base = slugify(title);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    sections.set(n === 0 ? base : `${base}-${n}`, title);
  }
  return sections;
}

/** "see brief: <heading>" or "see <docs URL>": where a wrong answer should send the learner. */
export function teachesPointer(teaches: string, sections?: Map<string, string>): string {
  if (teaches.startsWith('brief#')) {
    const anchor = teaches.slice('brief#'.length);
    const title = sections?.get(anchor);
    return `see brief: “${title ?? anchor}” (\`lab brief\`)`;
  }
  return `see ${teaches}`;
}
