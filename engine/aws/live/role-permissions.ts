// Live side of iam.task-role-least-privilege: IAM's own policy simulator (SimulatePrincipalPolicy)
// on each deployed task role, for the lab's probes — read the app's bucket, nothing more. It sees
// what the account holds, so a policy attached or detached by hand shows here and not offline.
// The simulator evaluates identity policies (and boundaries); bucket policies are not included.
import { paginateSimulatePrincipalPolicy, type EvaluationResult } from '@aws-sdk/client-iam';
import type { CheckOutcome, Finding, LiveCheckContext } from '../../types';

/** The bucket reads must stay possible on; the same object key the offline probes use. */
const PROBE_KEY = 'ecs-lab-probe/object.txt';
/** A bucket outside the stack: reading it must be impossible (as offline: ecs-lab-another-bucket). */
const ANOTHER_BUCKET = 'ecs-lab-another-bucket';
/**
 * Representative writes and permission changes, one or two per kind the offline probes cover
 * (S3 write and permissions-management actions, every IAM action): the simulator is an API call
 * per resource, so the live side asks the actions a leak would show in, not the whole catalogue.
 * Names: Service Authorization Reference, Amazon S3 and IAM actions.
 */
const OBJECT_WRITES = ['s3:PutObject', 's3:DeleteObject', 's3:PutObjectAcl'];
const BUCKET_CHANGES = ['s3:PutBucketPolicy', 's3:DeleteBucketPolicy', 's3:PutBucketAcl', 's3:DeleteBucket'];
const IAM_ACTIONS = ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PutRolePolicy', 'iam:PassRole', 'iam:CreateAccessKey', 'iam:CreateUser'];

interface Params {
  bucket: string;
}

interface Ask {
  resource: string;
  actions: string[];
  what: string;
  expect: 'allowed' | 'denied';
  hint: string;
}

export async function taskRolePermissions(ctx: LiveCheckContext<Params>): Promise<CheckOutcome> {
  const bucketId = ctx.model.findByPath(ctx.params.bucket, 'AWS::S3::Bucket')[0]?.logicalId;
  const bucketName = bucketId ? ctx.resources.get(bucketId)?.physicalId : undefined;
  if (!bucketName) return { status: 'skip', reason: `bucket ${ctx.params.bucket} is not deployed in stack ${ctx.stackName}` };
  const roles = deployedTaskRoles(ctx);
  if (roles.length === 0) return { status: 'skip', reason: `no task role of stack ${ctx.stackName} is deployed` };
  const p = partitionOf(ctx.region);
  const bucketArn = `arn:${p}:s3:::${bucketName}`;
  const asks: Ask[] = [
    { resource: `${bucketArn}/${PROBE_KEY}`, actions: ['s3:GetObject'], what: `objects of bucket ${bucketName}`, expect: 'allowed', hint: 'Grant the task role read access to the bucket\'s objects (bucket.grantRead(taskRole)).' },
    { resource: `${bucketArn}/${PROBE_KEY}`, actions: OBJECT_WRITES, what: `objects of bucket ${bucketName}`, expect: 'denied', hint: 'The app only reads: grant read access (grantRead), not read-write.' },
    { resource: bucketArn, actions: BUCKET_CHANGES, what: `bucket ${bucketName}`, expect: 'denied', hint: 'No bucket policy or ACL rights for the app: grant read access only.' },
    { resource: `arn:${p}:s3:::${ANOTHER_BUCKET}/${PROBE_KEY}`, actions: ['s3:GetObject'], what: `objects of bucket ${ANOTHER_BUCKET} (outside the stack)`, expect: 'denied', hint: 'Scope S3 statements to the app\'s bucket ARN, not `*`.' },
    { resource: '*', actions: IAM_ACTIONS, what: 'IAM resources', expect: 'denied', hint: 'The app never manages IAM: remove every iam: action (and policies attached by hand) from the task role.' },
  ];
  const findings: Finding[] = [];
  for (const role of roles) {
    const arn = `arn:${p}:iam::${ctx.account}:role${role.path}${role.name}`;
    for (const ask of asks) {
      for (const r of await simulate(ctx, arn, ask)) {
        const allowed = r.EvalDecision === 'allowed';
        if (allowed === (ask.expect === 'allowed')) continue;
        const message =
          ask.expect === 'allowed'
            ? `task role ${role.label} cannot ${r.EvalActionName} on ${ask.what} in the account (IAM's simulator says ${r.EvalDecision})`
            : `task role ${role.label} can ${r.EvalActionName} on ${ask.what} in the account${matchedBy(r)}`;
        findings.push(ctx.model.finding(role.logicalId, message, ask.hint));
      }
    }
  }
  return findings.length ? { status: 'fail', findings } : { status: 'pass' };
}

async function simulate(ctx: LiveCheckContext<Params>, arn: string, ask: Ask): Promise<EvaluationResult[]> {
  const out: EvaluationResult[] = [];
  const pages = paginateSimulatePrincipalPolicy({ client: ctx.clients.iam }, { PolicySourceArn: arn, ActionNames: ask.actions, ResourceArns: [ask.resource] });
  for await (const page of pages) out.push(...(page.EvaluationResults ?? []));
  return out;
}

function matchedBy(r: EvaluationResult): string {
  const ids = [...new Set((r.MatchedStatements ?? []).map((s) => s.SourcePolicyId).filter(Boolean))];
  return ids.length ? ` (allowed by ${ids.join(', ')})` : '';
}

/** The task roles of the stack's task definitions, with the name and path the account gave them. */
function deployedTaskRoles(ctx: LiveCheckContext<unknown>): { logicalId: string; name: string; path: string; label: string }[] {
  const ids = new Set(ctx.model.ofType('AWS::ECS::TaskDefinition').flatMap((td) => ctx.model.targetOf(td.raw.Properties?.TaskRoleArn) ?? []));
  return [...ids].flatMap((id) => {
    const name = ctx.resources.get(id)?.physicalId;
    if (!name) return [];
    const path = String(ctx.model.resource(id)?.props.Path ?? '/');
    return [{ logicalId: id, name, path, label: ctx.model.describe(id) }];
  });
}

/** The ARN partition of a region (China and GovCloud have their own). */
export function partitionOf(region: string): string {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  return 'aws';
}
