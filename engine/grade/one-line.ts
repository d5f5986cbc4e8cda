// Messages that go into a class report stay one line each.

/** Report lines stay lines: the first line, control characters out, at most 300 characters. */
export function oneLine(s: string): string {
  // eslint-disable-next-line no-control-regex
  const first = (s.trim().split('\n')[0] ?? '').replace(/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, '');
  return first.length > 300 ? `${first.slice(0, 299)}…` : first;
}

/** The first problem zod found, as `path: message`. */
export function firstIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const i = error.issues[0];
  if (!i) return 'invalid';
  return `${i.path.length ? `${i.path.map(String).join('.')}: ` : ''}${i.message}`;
}
