// CloudFormation templates in YAML: the short-form intrinsics (`!Ref X`, `!GetAtt A.B`, `!Sub …`)
// become the long form the model reads (`{ Ref: X }`, `{ 'Fn::GetAtt': ['A', 'B'] }`). The
// document is walked node by node rather than through the `yaml` package's tag resolvers, so a
// tag nobody defined is an error that names its line instead of a string that passes for data.
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { LabError } from '../errors';

/** Short-form tags and the long-form key each stands for (CloudFormation User Guide, "Intrinsic function reference"). */
export const SHORT_FORMS: Readonly<Record<string, string>> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAtt': 'Fn::GetAtt',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!Sub': 'Fn::Sub',
  '!Transform': 'Fn::Transform',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

/** YAML's own tags (`!!str`, `!!int` …) are resolved by the parser as usual. */
const YAML_CORE_TAG = 'tag:yaml.org,2002:';
/** Aliases expanded at most this often: `&a [*b, *b]` chains would otherwise grow exponentially. */
const MAX_ALIAS_EXPANSIONS = 10_000;
const MAX_DEPTH = 200;

export interface Position {
  line: number;
  column: number;
}

export interface ParsedYaml {
  value: unknown;
  /** Where each resource is defined: `Resources.<id>` key → its line and column (1-based). */
  resourcePositions: Map<string, Position>;
}

/** Parses a CloudFormation YAML template; `shown` names the file in errors. */
export function parseCfnYaml(text: string, shown: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const pos = lineCounter.linePos(e.pos[0]);
    const at = `:${pos.line}:${pos.col}`;
    throw new LabError('E_SYNTAX', `${shown}${at}: not valid YAML: ${firstLine(e.message)} — fix the file, or give a JSON template`);
  }
  const where = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    if (offset === undefined) return shown;
    const pos = lineCounter.linePos(offset);
    return `${shown}:${pos.line}:${pos.col}`;
  };
  const walker = new Walker(doc, where);
  const value = walker.toJs(doc.contents, 0);
  return { value, resourcePositions: resourcePositions(doc, lineCounter) };
}

class Walker {
  private expansions = 0;

  constructor(
    private readonly doc: Document,
    private readonly where: (node: Node | null | undefined) => string,
  ) {}

  toJs(node: unknown, depth: number): unknown {
    if (depth > MAX_DEPTH) throw new LabError('E_SYNTAX', `${this.where(node as Node)}: the template nests deeper than ${MAX_DEPTH} levels`);
    if (node === null || node === undefined) return null;
    if (isAlias(node)) {
      if (++this.expansions > MAX_ALIAS_EXPANSIONS) throw new LabError('E_SYNTAX', `${this.where(node)}: the template expands YAML aliases more than ${MAX_ALIAS_EXPANSIONS} times`);
      return this.toJs(node.resolve(this.doc), depth + 1);
    }
    const tag = (node as Node).tag;
    const plain = this.plain(node as Node, depth);
    if (!tag || tag.startsWith(YAML_CORE_TAG)) return plain;
    const long = SHORT_FORMS[tag];
    if (!long) {
      throw new LabError('E_SYNTAX', `${this.where(node as Node)}: unknown YAML tag ${tag.slice(0, 60)} — CloudFormation's short forms are ${Object.keys(SHORT_FORMS).join(' ')}`);
    }
    if (tag === '!GetAtt' && typeof plain === 'string') {
      // `!GetAtt Resource.Attribute`: the attribute may itself hold dots (Endpoint.Address).
      const dot = plain.indexOf('.');
      if (dot <= 0 || dot === plain.length - 1) throw new LabError('E_SYNTAX', `${this.where(node as Node)}: !GetAtt needs Resource.Attribute, got "${plain.slice(0, 80)}"`);
      return { [long]: [plain.slice(0, dot), plain.slice(dot + 1)] };
    }
    return { [long]: plain };
  }

  /** The node's value without its tag. */
  private plain(node: Node, depth: number): unknown {
    if (isScalar(node)) {
      // A tagged scalar the parser could not resolve keeps its source text; `!GetAZs ''` is ''.
      return node.tag && !node.tag.startsWith(YAML_CORE_TAG) ? String(node.value ?? '') : node.value;
    }
    if (isSeq(node)) return node.items.map((item) => this.toJs(item, depth + 1));
    if (isMap(node)) {
      const out: Record<string, unknown> = {};
      for (const pair of node.items) {
        const key = this.toJs(pair.key, depth + 1);
        if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') {
          throw new LabError('E_SYNTAX', `${this.where(pair.key as Node)}: a mapping key must be a plain value`);
        }
        Object.defineProperty(out, String(key), { value: this.toJs(pair.value, depth + 1), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    throw new LabError('E_SYNTAX', `${this.where(node)}: a YAML node ecs-lab cannot read`);
  }
}

function resourcePositions(doc: Document, lineCounter: LineCounter): Map<string, Position> {
  const out = new Map<string, Position>();
  const root = doc.contents;
  if (!isMap(root)) return out;
  const resources = root.items.find((p) => isScalar(p.key) && p.key.value === 'Resources')?.value;
  if (!isMap(resources)) return out;
  for (const pair of resources.items) {
    if (!isScalar(pair.key) || pair.key.range === undefined || pair.key.range === null) continue;
    const pos = lineCounter.linePos(pair.key.range[0]);
    out.set(String(pair.key.value), { line: pos.line, column: pos.col });
  }
  return out;
}

const firstLine = (s: string) => s.split('\n')[0];
