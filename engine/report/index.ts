export { REPORTERS, REPORTER_NAMES, isReporterName, renderReport, type ReporterName } from './reporters';
export type { ReportOptions, Reporter } from './options';
export { LabReportSchema, reportJsonSchema } from './schema';
export { REPORT_SCHEMA, type LabReport, type QuestionGrade, type ItemGrade, type ReflectionGrade } from './types';
