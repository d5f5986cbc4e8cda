import type { StackModel } from '../../engine/model/model';
import type { RoleView } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';
import { constructIdParam, noOtherParams } from './params';
import { iamProbes, MODIFY, mustAllow, mustDeny, objectReadProbe, s3Probes, unknownPolicyFindings } from './probes';
import { resourceById, roleLabel, roleOfTask, taskDefinitionsOf } from './task-roles';

const ID = 'iam.task-role-least-privilege';
/** A bucket that is not in the stack: reading it must be impossible too. */
const ANOTHER_BUCKET = 'ecs-lab-another-bucket';

interface Params {
  /** Construct id of the bucket the app reads from. */
  bucket: string;
}

/**
 * Simulates the task role against the real S3 and IAM actions: it can read the objects of the
 * app's bucket, and cannot write to it, change its permissions, read any other bucket or call IAM.
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

async function judge(model: StackModel, role: RoleView, label: string, bucketId: string, bucketName: string): Promise<Finding[]> {
  const arnOf = (id: string) => String(model.resolve({ 'Fn::GetAtt': [id, 'Arn'] }));
  const bucketArn = arnOf(bucketId);
  const otherBuckets = [
    ...model.ofType('AWS::S3::Bucket').filter((b) => b.logicalId !== bucketId).map((b) => ({ arn: arnOf(b.logicalId), name: model.describe(b.logicalId) })),
    { arn: `arn:${model.env.partition}:s3:::${ANOTHER_BUCKET}`, name: `${ANOTHER_BUCKET} (any bucket outside this stack)` },
  ];
  return [
    ...mustAllow(model, role, label, [objectReadProbe(bucketArn, `objects of bucket ${bucketName}`)], 'Grant the task role read access to the bucket\'s objects (bucket.grantRead(taskRole)).'),
    ...mustDeny(model, role, label, await s3Probes(bucketArn, bucketName, MODIFY), 'The app only reads: grant read access (grantRead), not read-write, and no bucket policy or ACL rights.'),
    ...mustDeny(model, role, label, otherBuckets.map((b) => objectReadProbe(b.arn, `objects of bucket ${b.name}`)), 'Scope S3 statements to the app\'s bucket ARN and its objects, not `*`.'),
    ...mustDeny(model, role, label, await iamProbes(model), 'The app never manages IAM: remove every iam: action from the task role.'),
  ];
}
