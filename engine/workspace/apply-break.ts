// Applies a code break: search-and-replace edits on the learner's files. Pure: it takes file
// contents and returns new contents, so it can be tested and previewed without touching disk.
import type { BreakDefinition } from '../types';

export class BreakApplyError extends Error {}

/** Returns the edited files (only those the break touches). */
export function applyBreak(brk: BreakDefinition, read: (file: string) => string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const edit of brk.edits) {
    const current = out.get(edit.file) ?? read(edit.file);
    if (current === undefined) throw new BreakApplyError(`break ${brk.id}: ${edit.file} does not exist`);
    const at = current.indexOf(edit.find);
    if (at < 0) throw new BreakApplyError(`break ${brk.id}: text to replace not found in ${edit.file}: ${JSON.stringify(edit.find.slice(0, 60))}`);
    if (current.indexOf(edit.find, at + 1) >= 0) throw new BreakApplyError(`break ${brk.id}: text to replace occurs more than once in ${edit.file}`);
    out.set(edit.file, current.slice(0, at) + edit.replace + current.slice(at + edit.find.length));
  }
  return out;
}
