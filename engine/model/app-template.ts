// Folds every stack of an app — siblings, stacks in Stages, nested stacks — into one template, so
// every check judges the whole app with the model it already knows. The lab's own stack keeps its
// logical ids; every other stack's ids get the stack's name as a prefix (`Prod/Db/Bucket12AB`).
// The wiring between stacks is replaced by what it stands for: a nested stack's parameter by the
// value its parent passes, `Fn::GetAtt Nested.Outputs.X` by that output's value, and
// `Fn::ImportValue` of a sibling's export by the exported value. A role granted in one stack and
// used in another is then one role to the model, as it is in the account.
import type { CfnResource, CfnTemplate } from '../types';

/** One stack as the assembly reader found it (see engine/synth/assembly.ts). */
export interface AppStack {
  name: string;
  template: CfnTemplate;
  parent?: { name: string; logicalId: string };
}

export interface StackInfo {
  name: string;
  /** The lab's own stack (its ids are not prefixed). */
  primary: boolean;
  /** Template-level transforms (macros, SAM): what they expand to is unknown offline. */
  transforms: string[];
}

export interface MergedApp {
  template: CfnTemplate;
  /** The stack each merged logical id came from. */
  stackOf: Map<string, string>;
  stacks: StackInfo[];
  /** The merged id of a stack's own logical id. */
  mergedId(stackName: string, logicalId: string): string;
}

type Json = unknown;

export function mergeStacks(stacks: AppStack[], primaryName: string): MergedApp {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  // A '.' would break the `Name.Attribute` form of GetAtt and Fn::Sub.
  const prefixOf = (s: AppStack) => (s.name === primaryName ? '' : `${s.name.replace(/\./g, '-')}/`);
  const mergedId = (stackName: string, id: string) => {
    const s = byName.get(stackName);
    return s ? prefixOf(s) + id : id;
  };

  // Exports of every stack, by literal export name, for Fn::ImportValue.
  const exportsByName = new Map<string, { stack: AppStack; output: string }>();
  for (const s of stacks) {
    for (const [name, out] of Object.entries((s.template.Outputs ?? {}) as Record<string, { Export?: { Name?: unknown } }>)) {
      const exportName = out?.Export?.Name;
      if (typeof exportName === 'string') exportsByName.set(exportName, { stack: s, output: name });
    }
  }

  const inProgress = new Set<string>();
  /** A value of `stack`'s template rewritten into the merged template's namespace. */
  const rewrite = (stack: AppStack, value: Json): Json => {
    const prefix = prefixOf(stack);
    const resources = stack.template.Resources ?? {};
    const params = (stack.template.Parameters ?? {}) as Record<string, unknown>;
    const conditions = (stack.template.Conditions ?? {}) as Record<string, unknown>;
    const mappings = (stack.template.Mappings ?? {}) as Record<string, unknown>;
    const walk = (v: Json): Json => {
      if (Array.isArray(v)) return v.map(walk);
      if (v === null || typeof v !== 'object') return v;
      const obj = v as Record<string, Json>;
      const keys = Object.keys(obj);
      if (keys.length === 1) {
        const [fn] = keys;
        const arg = obj[fn];
        switch (fn) {
          case 'Ref': {
            const name = String(arg);
            if (name in resources) return { Ref: prefix + name };
            if (name in params) return parameterValue(stack, name) ?? { Ref: prefix + name };
            return { Ref: name };
          }
          case 'Fn::GetAtt': {
            const [res, ...rest] = Array.isArray(arg) ? arg.map(String) : String(arg).split('.');
            const attribute = rest.join('.');
            const nested = nestedOutput(stack, res, attribute);
            if (nested !== undefined) return nested;
            return res in resources ? { 'Fn::GetAtt': [prefix + res, attribute] } : { 'Fn::GetAtt': [res, attribute] };
          }
          case 'Fn::Sub':
            return rewriteSub(arg);
          case 'Fn::ImportValue': {
            const name = arg;
            const exported = typeof name === 'string' ? exportsByName.get(name) : undefined;
            if (exported) {
              const out = (exported.stack.template.Outputs as Record<string, { Value?: Json }>)[exported.output];
              return guarded(`${exported.stack.name}#export#${exported.output}`, () => rewrite(exported.stack, out?.Value));
            }
            return { 'Fn::ImportValue': walk(name) };
          }
          case 'Fn::If': {
            const [cond, a, b] = arg as [string, Json, Json];
            return { 'Fn::If': [String(cond) in conditions ? prefix + cond : cond, walk(a), walk(b)] };
          }
          case 'Condition':
            return { Condition: String(arg) in conditions ? prefix + String(arg) : arg };
          case 'Fn::FindInMap': {
            const [map, ...rest] = arg as Json[];
            return { 'Fn::FindInMap': [typeof map === 'string' && map in mappings ? prefix + map : walk(map), ...rest.map(walk)] };
          }
        }
      }
      const out: Record<string, Json> = {};
      for (const k of keys) out[k] = walk(obj[k]);
      return out;
    };

    // `${Name}` and `${Name.Attr}` in a Sub string: a resource gets its prefix; a parameter passed
    // by the parent or a nested stack's output becomes a Sub variable holding the value.
    const rewriteSub = (arg: Json): Json => {
      const [text, vars] = Array.isArray(arg) ? [String(arg[0]), (arg[1] ?? {}) as Record<string, Json>] : [String(arg), {}];
      const newVars: Record<string, Json> = {};
      for (const [k, v] of Object.entries(vars)) newVars[k] = walk(v);
      let counter = 0;
      const newText = text.replace(/\$\{([^}!][^}]*)\}/g, (whole, expr: string) => {
        if (expr in vars || expr.startsWith('AWS::')) return whole;
        const dot = expr.indexOf('.');
        const name = dot > 0 ? expr.slice(0, dot) : expr;
        const attribute = dot > 0 ? expr.slice(dot + 1) : undefined;
        let replacement: Json | undefined;
        if (attribute !== undefined) replacement = nestedOutput(stack, name, attribute);
        else if (name in params) replacement = parameterValue(stack, name);
        if (replacement !== undefined) {
          const v = `ecsLabVar${counter++}`;
          newVars[v] = replacement;
          return `\${${v}}`;
        }
        if (name in resources || name in params) return `\${${prefix}${expr}}`;
        return whole;
      });
      return Object.keys(newVars).length ? { 'Fn::Sub': [newText, newVars] } : { 'Fn::Sub': newText };
    };
    return walk(value);
  };

  const guarded = <T>(key: string, f: () => T): T | undefined => {
    if (inProgress.has(key)) return undefined; // a cycle: leave the reference as it is
    inProgress.add(key);
    try {
      return f();
    } finally {
      inProgress.delete(key);
    }
  };

  /** What a nested stack's parameter stands for: the value its parent passes, in the parent's namespace. */
  const parameterValue = (stack: AppStack, name: string): Json | undefined => {
    if (!stack.parent) return undefined;
    const parent = byName.get(stack.parent.name);
    const holder = parent?.template.Resources?.[stack.parent.logicalId];
    const passed = (holder?.Properties?.Parameters as Record<string, Json> | undefined)?.[name];
    if (!parent || passed === undefined) return undefined;
    return guarded(`${stack.name}#param#${name}`, () => rewrite(parent, passed));
  };

  /** `Fn::GetAtt [NestedStackResource, Outputs.X]` → the nested template's output value. */
  const nestedOutput = (stack: AppStack, resource: string, attribute: string): Json | undefined => {
    if (!attribute.startsWith('Outputs.')) return undefined;
    const child = stacks.find((s) => s.parent?.name === stack.name && s.parent.logicalId === resource);
    const out = (child?.template.Outputs as Record<string, { Value?: Json }> | undefined)?.[attribute.slice('Outputs.'.length)];
    if (!child || !out) return undefined;
    return guarded(`${child.name}#output#${attribute}`, () => rewrite(child, out.Value));
  };

  const template: CfnTemplate = { Resources: {}, Outputs: {}, Parameters: {}, Conditions: {}, Mappings: {} };
  const stackOf = new Map<string, string>();
  const infos: StackInfo[] = [];
  for (const s of stacks) {
    const prefix = prefixOf(s);
    const t = s.template;
    for (const [id, res] of Object.entries(t.Resources ?? {})) {
      const r = rewrite(s, res) as CfnResource;
      if (res.Condition) r.Condition = prefix + res.Condition;
      if (res.DependsOn) r.DependsOn = (Array.isArray(res.DependsOn) ? res.DependsOn : [res.DependsOn]).map((d) => prefix + d);
      template.Resources![prefix + id] = r;
      stackOf.set(prefix + id, s.name);
    }
    for (const [k, v] of Object.entries(t.Outputs ?? {})) template.Outputs![prefix + k] = rewrite(s, v);
    for (const [k, v] of Object.entries(t.Conditions ?? {})) template.Conditions![prefix + k] = rewrite(s, v);
    for (const [k, v] of Object.entries(t.Mappings ?? {})) template.Mappings![prefix + k] = v;
    for (const [k, v] of Object.entries(t.Parameters ?? {})) {
      if (!s.parent || parameterValue(s, k) === undefined) template.Parameters![prefix + k] = v;
    }
    const transform = t.Transform;
    infos.push({
      name: s.name,
      primary: prefix === '',
      transforms: (Array.isArray(transform) ? transform : transform === undefined ? [] : [transform]).map((x) => (typeof x === 'string' ? x : JSON.stringify(x))),
    });
  }
  return { template, stackOf, stacks: infos, mergedId };
}
