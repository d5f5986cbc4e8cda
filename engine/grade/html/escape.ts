// Every string a learner controls (a folder name, a finding's message quoting their resource, a
// reflection, an answer) goes through here before it reaches the HTML: it is hostile input.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text and double- or single-quoted attribute values. Control characters (but tab and newline) are dropped. */
export function escapeHtml(value: string | number): string {
  return (
    String(value)
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[&<>"']/g, (c) => ENTITIES[c])
  );
}

/** A long label cut to `max` characters (the whole label stays in a tooltip). */
export function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
