// The machine-readable report: exactly the LabReport (docs/json-output.md, docs/report.schema.json).
import type { LabReport } from './types';

export function jsonReporter(report: LabReport): string {
  return JSON.stringify(report, null, 2);
}
