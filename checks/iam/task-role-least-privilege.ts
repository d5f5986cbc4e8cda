import type { StackModel } from '../../engine/model/model';
import { neededOnStoreKeys, storeKey, type GrantRequest, type RoleView } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { constructIdParam, noOtherParams } from './params';
import { grantsBeyondNeed, mustAllow, objectReadProbe, unknownPolicyFindings } from './probes';
import { resourceById, roleLabel, roleOfTask, taskDefinitionsOf } from './task-roles';

const ID = 'iam.task-role-least-privilege';

interface Params {
  /** Construct id of the bucket the app reads from. */
  bucket: string;
}

/**
 * Computes what the task role can do — every action of every service its policies (and the
 * stack's resource policies) name, on the stack's resources and on any other — and compares it
 * with what the app needs: read the objects of its bucket. Every grant beyond that is a finding
 * per service and statement, with the catalogue's access levels.
 */
export const taskRoleLeastPrivilege = defineCheck<Params>({
  id: ID,
  title: 'The task role can read the app’s bucket and nothing more',
  severity: 'high',
  why:
    'The task role is the identity of your application code, so it is what an attacker gets after any code execution bug. ' +
    'An app that only downloads files should be able to read that one bucket’s objects: not write or delete them, not ' +
    'change who may read them, not touch other buckets, not manage IAM.',
  refs: {
    soc2: ['CC6.1', 'CC6.3'],
    wellArchitected: ['SEC03-BP02 Grant least privilege access'],
    docs: ['https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task-iam-roles.html'],
  },
  params(raw) {
    noOtherParams(ID, raw, ['bucket']);
    return { bucket: constructIdParam(ID, raw, 'bucket') };
  },
  async offline({ model, params }) {
    const tds = taskDefinitionsOf(model);
    if ('finding' in tds) return { status: 'fail', findings: [tds.finding] };
    const bucket = resourceById(model, params.bucket, 'AWS::S3::Bucket', 'S3 bucket', 'Put the bucket back: the app reads its files from it.');
    if ('finding' in bucket) return { status: 'fail', findings: [bucket.finding] };
    const findings: Finding[] = [];
    for (const td of tds.ok) {
      const role = roleOfTask(model, td, 'task');
      if ('finding' in role) {
        findings.push(role.finding);
        continue;
      }
      const label = roleLabel(model, td, role.ok.logicalId);
      findings.push(...unknownPolicyFindings(model, role.ok, label), ...(await judge(model, role.ok, label, bucket.ok.logicalId, params.bucket)));
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
  // The aws target: IAM's simulator on the deployed task role, for the same probes (loaded on use).
  live: async (ctx) => (await import('../../engine/aws/live/role-permissions')).taskRolePermissions(ctx),
});

/** Reading the app's bucket: the catalogue's Read and List actions on the bucket and its objects. */
const READ_LEVELS = new Set(['Read', 'List']);

const HINTS: Record<string, string> = {
  s3: 'The app only reads its bucket: grant read access (bucket.grantRead(taskRole)), not read-write, no bucket policy or ACL rights, and scope S3 statements to the app\'s bucket ARN and its objects, not `*`.',
  iam: 'The app never manages IAM: remove every iam: action from the task role.',
};
const OTHER_HINT = 'The app only reads its bucket: remove every statement that grants anything else.';

async function judge(model: StackModel, role: RoleView, label: string, bucketId: string, bucketName: string): Promise<Finding[]> {
  const bucketArn = String(model.resolve({ 'Fn::GetAtt': [bucketId, 'Arn'] }));
  // Reading an SSE-KMS bucket decrypts with the caller's permissions: kms:Decrypt on the bucket's
  // own key is part of reading it (store-keys.ts); decrypt on any other key is not.
  const onBucketKey = neededOnStoreKeys(model, [{ logicalId: bucketId, access: 'read' }]);
  const needed = (r: GrantRequest) => (r.logicalId === bucketId && r.service === 's3' && r.levels.every((l) => READ_LEVELS.has(l))) || onBucketKey(r);
  // S3 decrypts an SSE-KMS object with the reader's own permission, calling KMS through S3.
  const key = storeKey(model, bucketId);
  const keyProbe = key
    ? [{ action: 'kms:Decrypt', resource: key.keyArn, what: `key ${model.describe(key.keyId)} of bucket ${bucketName}` }]
    : [];
  return [
    ...mustAllow(model, role, label, [objectReadProbe(bucketArn, `objects of bucket ${bucketName}`), ...keyProbe], 'Grant the task role read access to the bucket\'s objects (bucket.grantRead(taskRole)); for a KMS-encrypted bucket that includes kms:Decrypt on its key, which the key policy must allow or delegate to IAM.'),
    ...(await grantsBeyondNeed(model, role, label, needed, (service) => HINTS[service] ?? OTHER_HINT)),
  ];
}
