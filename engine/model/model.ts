// The model checks read: every resource of the template with its properties resolved to
// concrete synthetic values, its construct path and, when known, where the learner's code
// created it. Network and IAM views are built from this on demand (see ./network and ./iam).

import type { CfnResource, CfnTemplate, Finding, SourceLocation } from '../types';
import type { StackInfo } from './app-template';
import { DEFAULT_ENV, Resolver, type SyntheticEnv } from './resolve';

export interface ResourceOrigin {
  constructPath?: string;
  location?: SourceLocation;
}

export interface ModelResource {
  logicalId: string;
  type: string;
  /** Properties with every intrinsic resolved to a synthetic value. */
  props: Record<string, any>;
  /** The resource exactly as it stands in the template. */
  raw: CfnResource;
  constructPath?: string;
  location?: SourceLocation;
  /** The stack it belongs to, when the app has more than one (see app-template.ts). */
  stack?: string;
}

/** How the model's template was made from the app's stacks (absent for a single template). */
export interface AppShape {
  stackOf: ReadonlyMap<string, string>;
  stacks: StackInfo[];
}

export class StackModel {
  readonly resolver: Resolver;
  private readonly byId = new Map<string, ModelResource>();

  constructor(
    readonly template: CfnTemplate,
    origins: ReadonlyMap<string, ResourceOrigin> = new Map(),
    env: SyntheticEnv = DEFAULT_ENV,
    /** The app's stacks, when the template folds several of them together. */
    readonly app?: AppShape,
  ) {
    this.resolver = new Resolver(template, env);
    for (const [logicalId, raw] of Object.entries(template.Resources ?? {})) {
      const origin = origins.get(logicalId);
      const metaPath = raw.Metadata?.['aws:cdk:path'];
      this.byId.set(logicalId, {
        logicalId,
        type: raw.Type,
        props: this.resolver.resolve(raw.Properties ?? {}),
        raw,
        constructPath: origin?.constructPath ?? (typeof metaPath === 'string' ? metaPath : undefined),
        location: origin?.location,
        stack: app?.stackOf.get(logicalId),
      });
    }
  }

  get env(): SyntheticEnv {
    return this.resolver.env;
  }

  resources(): ModelResource[] {
    return [...this.byId.values()];
  }

  resource(logicalId: string): ModelResource | undefined {
    return this.byId.get(logicalId);
  }

  ofType(type: string): ModelResource[] {
    return this.resources().filter((r) => r.type === type);
  }

  /**
   * Resources whose construct path contains the given construct id or sub-path as whole
   * segments (`Assets` matches `Lab/Assets/Resource`, not `Lab/AssetsPolicy/Resource`).
   */
  findByPath(fragment: string, type?: string): ModelResource[] {
    const want = fragment.split('/').filter(Boolean);
    return this.resources().filter((r) => {
      if (type && r.type !== type) return false;
      const segs = r.constructPath?.split('/') ?? [];
      for (let i = 0; i + want.length <= segs.length; i++) {
        if (want.every((w, j) => segs[i + j] === w)) return true;
      }
      return false;
    });
  }

  /**
   * The logical id a value points at: a raw `Ref`/`Fn::GetAtt`, or a resolved synthetic string
   * (an ARN, `sg-...`, a name) handed out for that resource.
   */
  targetOf(value: unknown): string | undefined {
    // A resource without a name resolves to its own logical id (a role without RoleName), so a
    // bare id counts when it is what that resource hands out.
    if (typeof value === 'string') return this.resolver.ownerOf(value);
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const v = value as Record<string, unknown>;
      if (typeof v.Ref === 'string') return this.byId.has(v.Ref) ? v.Ref : undefined;
      const att = v['Fn::GetAtt'];
      if (att) {
        const name = Array.isArray(att) ? String(att[0]) : String(att).split('.')[0];
        return this.byId.has(name) ? name : undefined;
      }
    }
    return undefined;
  }

  /** Resolves any template value (handy for values inside raw properties). */
  resolve(value: unknown): any {
    return this.resolver.resolve(value);
  }

  /** A finding about a resource, carrying its logical id, construct path and source location. */
  finding(logicalId: string | undefined, message: string, hint?: string): Finding {
    const r = logicalId ? this.byId.get(logicalId) : undefined;
    return {
      message,
      logicalId,
      constructPath: r?.constructPath,
      location: r?.location,
      hint,
    };
  }

  /** A short human name for a resource: its construct path without the stack and `/Resource`. */
  describe(logicalId: string): string {
    const path = this.byId.get(logicalId)?.constructPath;
    if (!path) return logicalId;
    return path.split('/').slice(1).filter((s) => s !== 'Resource').join('/') || logicalId;
  }
}
