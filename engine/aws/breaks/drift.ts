// `lab break <drift> --target aws`: changes the deployed account through the SDK, as a teammate in
// the console would (opens a security group, scales a service down, detaches a policy), and
// records each change with the value it replaced. Everything is resolved and read first: a break
// naming a resource that is not deployed, or a policy that is not attached, changes nothing.
import { AuthorizeSecurityGroupIngressCommand, RevokeSecurityGroupIngressCommand } from '@aws-sdk/client-ec2';
import { DescribeServicesCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { AttachRolePolicyCommand, DetachRolePolicyCommand, paginateListAttachedRolePolicies } from '@aws-sdk/client-iam';
import { LabError } from '../../errors';
import type { BreakDefinition, CfnTemplate, DriftAction } from '../../types';
import type { AwsClients } from '../clients';
import { clusterOfServiceArn, resourceByConstruct, type DeployedStack } from '../live/stack';
import { DRIFT_SCHEMA, readDriftRecord, removeDriftRecord, writeDriftRecord, type DriftChange, type DriftRecord } from './drift-record';

/** Marks the rules a drift break adds, so a person looking at the group sees where they came from. */
export const DRIFT_RULE_DESCRIPTION = 'ecs-lab drift break: undo with lab reset';

/** A change resolved to physical ids and read, ready to make. */
type Planned = DriftChange;

export interface DriftEnv {
  clients: AwsClients;
  stack: DeployedStack;
  /** The deployed template: its construct paths map the break's construct ids to logical ids. */
  template: CfnTemplate;
  workspaceDir: string;
  now?: () => Date;
}

/** Applies a drift break; returns the record written to .lab/drift.json. */
export async function applyDrift(env: DriftEnv, brk: BreakDefinition): Promise<DriftRecord> {
  if (!brk.drift?.length) throw new LabError('E_LAB_DEFINITION', `break ${brk.id} is a drift break with no changes (a bug in the lab)`);
  const existing = readDriftRecord(env.workspaceDir);
  if (existing) {
    throw new LabError('E_DRIFT', `drift break ${existing.breakId} is still applied to stack ${existing.stackName} — run \`lab reset\` to undo it first; nothing was changed`);
  }
  const planned: Planned[] = [];
  for (const action of brk.drift) planned.push(await plan(env, action));
  const record: DriftRecord = {
    schema: DRIFT_SCHEMA,
    breakId: brk.id,
    stackName: env.stack.name,
    account: env.stack.account,
    region: env.stack.region,
    appliedAt: (env.now?.() ?? new Date()).toISOString(),
    changes: [],
  };
  for (const change of planned) {
    record.changes.push(await make(env.clients, change));
    writeDriftRecord(env.workspaceDir, record);
  }
  return record;
}

/** Resolves an action's construct id to the deployed resource and reads the value it replaces. */
async function plan(env: DriftEnv, action: DriftAction): Promise<Planned> {
  const { clients, stack, template } = env;
  switch (action.kind) {
    case 'open-ingress': {
      const sg = resourceByConstruct(stack, template, action.securityGroup, 'AWS::EC2::SecurityGroup', 'security group');
      return { kind: 'open-ingress', construct: action.securityGroup, groupId: sg.physicalId, cidr: action.cidr, port: action.port, ruleIds: [] };
    }
    case 'desired-count': {
      const svc = resourceByConstruct(stack, template, action.service, 'AWS::ECS::Service', 'ECS service');
      const cluster = clusterOfServiceArn(svc.physicalId) ?? 'default';
      const out = await clients.ecs.send(new DescribeServicesCommand({ cluster, services: [svc.physicalId] }));
      const previous = out.services?.[0]?.desiredCount;
      if (previous === undefined) throw new LabError('E_NOT_DEPLOYED', `ECS does not know service ${action.service} of stack ${stack.name} — deploy again (\`lab deploy\`); nothing was changed`);
      return { kind: 'desired-count', construct: action.service, cluster, service: svc.physicalId, previous, count: action.count };
    }
    case 'detach-policy': {
      const role = resourceByConstruct(stack, template, action.role, 'AWS::IAM::Role', 'IAM role');
      const attached: string[] = [];
      for await (const page of paginateListAttachedRolePolicies({ client: clients.iam }, { RoleName: role.physicalId })) {
        attached.push(...(page.AttachedPolicies ?? []).flatMap((p) => (p.PolicyArn ? [p.PolicyArn] : [])));
      }
      if (!attached.includes(action.policyArn)) {
        throw new LabError('E_DRIFT', `role ${action.role} (${role.physicalId}) has no policy ${action.policyArn} attached, so there is nothing to detach — nothing was changed`);
      }
      return { kind: 'detach-policy', construct: action.role, roleName: role.physicalId, policyArn: action.policyArn };
    }
  }
}

async function make(clients: AwsClients, change: Planned): Promise<DriftChange> {
  switch (change.kind) {
    case 'open-ingress': {
      const range = { CidrIp: change.cidr, Description: DRIFT_RULE_DESCRIPTION };
      const v6 = change.cidr.includes(':');
      const out = await clients.ec2.send(
        new AuthorizeSecurityGroupIngressCommand({
          GroupId: change.groupId,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: change.port,
              ToPort: change.port,
              ...(v6 ? { Ipv6Ranges: [{ CidrIpv6: change.cidr, Description: DRIFT_RULE_DESCRIPTION }] } : { IpRanges: [range] }),
            },
          ],
        }),
      );
      return { ...change, ruleIds: (out.SecurityGroupRules ?? []).flatMap((r) => (r.SecurityGroupRuleId ? [r.SecurityGroupRuleId] : [])) };
    }
    case 'desired-count':
      await clients.ecs.send(new UpdateServiceCommand({ cluster: change.cluster, service: change.service, desiredCount: change.count }));
      return change;
    case 'detach-policy':
      await clients.iam.send(new DetachRolePolicyCommand({ RoleName: change.roleName, PolicyArn: change.policyArn }));
      return change;
  }
}

/** SDK error names that mean "already undone": the rule or group is gone. */
const ALREADY_GONE = new Set(['InvalidPermission.NotFound', 'InvalidSecurityGroupRuleId.NotFound', 'InvalidGroup.NotFound', 'ServiceNotFoundException', 'ServiceNotActiveException', 'NoSuchEntity', 'NoSuchEntityException']);

/**
 * Puts back what the recorded drift break changed, newest first. Each undone change leaves the
 * record at once, so a second `lab reset` after a failure or Ctrl-C finishes the rest. A change
 * whose resource is gone (the stack was destroyed) counts as undone.
 */
export async function undoDrift(clients: AwsClients, workspaceDir: string, record: DriftRecord, stack?: DeployedStack): Promise<DriftChange[]> {
  if (stack) assertChangesInStack(record, stack);
  const undone: DriftChange[] = [];
  const remaining = [...record.changes];
  while (remaining.length) {
    const change = remaining[remaining.length - 1];
    try {
      await revert(clients, change);
    } catch (e) {
      if (!ALREADY_GONE.has((e as Error).name)) throw e;
    }
    remaining.pop();
    undone.push(change);
    if (remaining.length) writeDriftRecord(workspaceDir, { ...record, changes: remaining });
  }
  removeDriftRecord(workspaceDir);
  return undone;
}

/**
 * Every change must name a resource of the stack it was made in: a record is only ever undone on
 * that stack's own security groups, services and roles, never elsewhere in the account.
 */
export function assertChangesInStack(record: DriftRecord, stack: DeployedStack): void {
  const ids = (type: string) => new Set([...stack.resources.values()].filter((r) => r.type === type).map((r) => r.physicalId));
  const owned = { 'open-ingress': ids('AWS::EC2::SecurityGroup'), 'desired-count': ids('AWS::ECS::Service'), 'detach-policy': ids('AWS::IAM::Role') };
  for (const c of record.changes) {
    const id = c.kind === 'open-ingress' ? c.groupId : c.kind === 'desired-count' ? c.service : c.roleName;
    if (!owned[c.kind].has(id)) {
      throw new LabError('E_DRIFT', `.lab/drift.json names ${id}, which is not a resource of stack ${stack.name}, so nothing was undone — undo the change in the account by hand, then delete .lab/drift.json`);
    }
  }
}

async function revert(clients: AwsClients, change: DriftChange): Promise<void> {
  switch (change.kind) {
    case 'open-ingress':
      if (change.ruleIds.length === 0) return;
      await clients.ec2.send(new RevokeSecurityGroupIngressCommand({ GroupId: change.groupId, SecurityGroupRuleIds: change.ruleIds }));
      return;
    case 'desired-count':
      await clients.ecs.send(new UpdateServiceCommand({ cluster: change.cluster, service: change.service, desiredCount: change.previous }));
      return;
    case 'detach-policy':
      await clients.iam.send(new AttachRolePolicyCommand({ RoleName: change.roleName, PolicyArn: change.policyArn }));
      return;
  }
}

/** One line per change, for the terminal: what was done (or undone) and what it replaced. */
export function describeChange(c: DriftChange): string {
  switch (c.kind) {
    case 'open-ingress':
      return `security group ${c.construct} (${c.groupId}): opened tcp ${c.port} to ${c.cidr}`;
    case 'desired-count':
      return `service ${c.construct}: desired count ${c.previous} → ${c.count}`;
    case 'detach-policy':
      return `role ${c.construct} (${c.roleName}): detached ${c.policyArn}`;
  }
}
