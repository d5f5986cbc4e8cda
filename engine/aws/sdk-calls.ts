// Which AWS API calls the runner makes, read from its own source: every command imported from an
// `@aws-sdk/client-*` package (and every `paginateX`), mapped to its IAM action. The IAM policy
// test (docs/aws-iam-policy.json) checks the policy against this list, so a new SDK call without
// a permission fails a test instead of a learner's deploy. Nothing is listed by hand but the
// calls toolkit-lib makes with the learner's own credentials, which are not in this source.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** IAM service prefix of each SDK client package the runner uses. */
export const IAM_PREFIX: Record<string, string> = {
  cloudformation: 'cloudformation',
  ec2: 'ec2',
  ecs: 'ecs',
  'elastic-load-balancing-v2': 'elasticloadbalancing',
  fis: 'fis',
  iam: 'iam',
  sts: 'sts',
  'resource-groups-tagging-api': 'tag',
  ssm: 'ssm',
  cloudwatch: 'cloudwatch',
};

/**
 * toolkit-lib's own calls with the learner's credentials on a modern bootstrap (v6+): who am I,
 * then assume the bootstrap roles, which do the rest (CloudFormation, S3, ECR, SSM) themselves.
 * https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping-env.html#bootstrapping-env-roles
 */
export const TOOLKIT_CALLS: readonly SdkCall[] = [
  { action: 'sts:GetCallerIdentity', file: '@aws-cdk/toolkit-lib' },
  { action: 'sts:AssumeRole', file: '@aws-cdk/toolkit-lib', resource: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-deploy-role-111111111111-eu-west-1' },
  { action: 'sts:AssumeRole', file: '@aws-cdk/toolkit-lib', resource: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-file-publishing-role-111111111111-eu-west-1' },
  { action: 'sts:AssumeRole', file: '@aws-cdk/toolkit-lib', resource: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-image-publishing-role-111111111111-eu-west-1' },
  { action: 'sts:AssumeRole', file: '@aws-cdk/toolkit-lib', resource: 'arn:aws:iam::111111111111:role/cdk-hnb659fds-lookup-role-111111111111-eu-west-1' },
];

export interface SdkCall {
  /** `service:Action` as IAM names it. */
  action: string;
  /** Where the call is made (relative source path, or the package). */
  file: string;
  /** A representative resource, when the call's permission is scoped by ARN. */
  resource?: string;
}

export interface ScanResult {
  calls: SdkCall[];
  /** SDK usage the scan cannot map to an action (a waiter, an unknown client): the test fails on it. */
  unknown: string[];
}

const IMPORT = /import\s*(type\s*)?\{([^}]*)\}\s*from\s*'@aws-sdk\/client-([a-z0-9-]+)'/g;
const DYNAMIC = /import\('@aws-sdk\/client-([a-z0-9-]+)'\)\)\.(\w+)/g;

/** The SDK calls one source file makes. */
export function sdkCallsIn(source: string, file: string): ScanResult {
  const calls: SdkCall[] = [];
  const unknown: string[] = [];
  const add = (pkg: string, name: string) => {
    const prefix = IAM_PREFIX[pkg];
    const bare = name.replace(/^type\s+/, '').split(/\s+as\s+/)[0].trim();
    if (!bare || name.trim().startsWith('type ')) return;
    const op = bare.endsWith('Command') ? bare.slice(0, -'Command'.length) : bare.startsWith('paginate') ? bare.slice('paginate'.length) : undefined;
    if (bare.startsWith('waitUntil') || bare.startsWith('waitFor')) unknown.push(`${file}: waiter ${bare} (poll with the Describe command instead, so its calls are listed)`);
    if (!op) return;
    if (!prefix) unknown.push(`${file}: @aws-sdk/client-${pkg} has no IAM prefix in IAM_PREFIX`);
    else calls.push({ action: `${prefix}:${op}`, file });
  };
  for (const m of source.matchAll(IMPORT)) {
    if (m[1]) continue; // `import type { … }` makes no call
    for (const name of m[2].split(',')) add(m[3], name);
  }
  for (const m of source.matchAll(DYNAMIC)) add(m[1], m[2]);
  return { calls, unknown };
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') out.push(...sourceFiles(p));
    } else if (entry.name.endsWith('.ts') && !/\.(test|e2e\.test|live)\.ts$/.test(entry.name) && !entry.name.endsWith('.d.ts')) {
      out.push(p);
    }
  }
  return out;
}

/** Every SDK call the runner's source under `root` (the engine folder) makes, tests excluded. */
export function runnerSdkCalls(root: string): ScanResult {
  const all: ScanResult = { calls: [], unknown: [] };
  for (const file of sourceFiles(root)) {
    const r = sdkCallsIn(readFileSync(file, 'utf8'), relative(root, file));
    all.calls.push(...r.calls);
    all.unknown.push(...r.unknown);
  }
  return all;
}
