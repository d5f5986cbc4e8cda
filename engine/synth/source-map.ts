// Maps positions in the bundled stack code back to the learner's .ts files, using the bundle's
// inline source map. Done here rather than through Node's --enable-source-maps so that it works
// the same under any host (the CLI, vitest, an editor plugin).
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { isAbsolute, join, normalize } from 'node:path';
import type { SourceLocation } from '../types';

export class BundleSourceMap {
  private readonly map: TraceMap | undefined;

  constructor(
    /** The file name the bundle was loaded under. */
    readonly bundleFile: string,
    code: string,
    private readonly workspaceDir: string,
  ) {
    // esbuild puts the inline map last; the learner's code may contain the same text elsewhere.
    const marker = '//# sourceMappingURL=data:application/json;base64,';
    const at = code.lastIndexOf(marker);
    const data = at >= 0 ? code.slice(at + marker.length).trim() : '';
    this.map = data && !/[^A-Za-z0-9+/=]/.test(data) ? new TraceMap(Buffer.from(data, 'base64').toString('utf8')) : undefined;
  }

  /** The original position (absolute file, 1-based line and column) of a bundle position. */
  original(line: number, column: number): SourceLocation | undefined {
    if (!this.map) return undefined;
    const pos = originalPositionFor(this.map, { line, column: Math.max(0, column - 1) });
    if (!pos.source || pos.line == null) return undefined;
    const file = isAbsolute(pos.source) ? pos.source : normalize(join(this.workspaceDir, pos.source));
    return { file, line: pos.line, column: (pos.column ?? 0) + 1 };
  }
}
