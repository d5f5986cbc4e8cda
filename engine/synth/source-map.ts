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
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
    this.map = m ? new TraceMap(Buffer.from(m[1], 'base64').toString('utf8')) : undefined;
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
