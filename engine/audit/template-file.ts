// A CloudFormation template file given to `lab audit`: JSON or YAML (short forms included), of a
// bounded size, and recognisably CloudFormation — a `Resources` mapping whose every entry has a
// `Type` string — before any check sees it.
import { extname } from 'node:path';
import { LabError } from '../errors';
import { readCapped } from '../limits';
import { MAX_JSON_BYTES } from '../synth/assembly';
import type { CfnTemplate } from '../types';
import { parseCfnYaml, type Position } from './yaml-template';

export interface TemplateFile {
  template: CfnTemplate;
  /** Where each resource is written in the file (YAML and JSON alike), for findings' locations. */
  resourcePositions: Map<string, Position>;
}

export const TEMPLATE_EXTENSIONS = ['.json', '.yaml', '.yml', '.template'];

/** Reads and validates a template file; `shown` is how errors name it. */
export function readTemplateFile(file: string, shown: string): TemplateFile {
  const text = readCapped(file, MAX_JSON_BYTES, shown, 'is it really one CloudFormation template?');
  return parseTemplateText(text, shown, extname(file).toLowerCase());
}

export function parseTemplateText(text: string, shown: string, extension = ''): TemplateFile {
  const looksJson = extension === '.json' || (extension !== '.yaml' && extension !== '.yml' && /^\s*\{/.test(text));
  let value: unknown;
  let resourcePositions = new Map<string, Position>();
  if (looksJson) {
    try {
      value = JSON.parse(text);
    } catch (e) {
      throw new LabError('E_SYNTAX', `${shown}: not valid JSON (${(e as Error).message.split('\n')[0]}) — fix the file, or give a YAML template`);
    }
    // JSON is YAML too: the same reader finds each resource's line for the report.
    try {
      resourcePositions = parseCfnYaml(text, shown).resourcePositions;
    } catch {
      // positions are a nicety; the JSON itself was read above
    }
  } else {
    const parsed = parseCfnYaml(text, shown);
    value = parsed.value;
    resourcePositions = parsed.resourcePositions;
  }
  const problem = notCloudFormation(value);
  if (problem) throw new LabError('E_ASSEMBLY', `${shown} is not a CloudFormation template: ${problem} — give a template (JSON or YAML), a cdk.out folder or a CDK app`);
  return { template: value as CfnTemplate, resourcePositions };
}

/** Why a parsed value is not a CloudFormation template, or undefined when it is one. */
export function notCloudFormation(value: unknown): string | undefined {
  if (!isObject(value)) return 'it is not a mapping';
  const resources = value.Resources;
  if (resources === undefined) return 'it has no Resources';
  if (!isObject(resources)) return 'its Resources is not a mapping';
  const entries = Object.entries(resources);
  if (entries.length === 0) return 'its Resources is empty';
  for (const [id, r] of entries) {
    if (!isObject(r) || typeof r.Type !== 'string' || r.Type === '') return `resource ${id.slice(0, 80)} has no Type string`;
  }
  return undefined;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
