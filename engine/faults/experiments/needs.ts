// What an experiment's role must be able to do — the permissions each FIS action needs, as
// simulated requests on resources like the ones the experiment targets — and what it must never
// be able to do, whatever the experiment.
import type { ExperimentTemplateTarget } from '@aws-sdk/client-fis';
import { expandActionPattern, sampleResources, type RequestContext } from '../../model/iam';
import type { StackModel } from '../../model/model';
import { actionIds, type ExperimentView } from './read';

export interface Probe {
  action: string;
  resource: string;
  /** What the resource is, for messages. */
  what: string;
  context?: RequestContext;
  /** The context lists every key the request carries (an absent tag is absent, not unknown). */
  contextComplete?: boolean;
}

/** The tag FIS puts on the network ACL it creates (AWSFaultInjectionSimulatorNetworkAccess conditions). */
const FIS_ACL_TAG = 'managedByFIS';
/** A name standing for resources FIS creates or finds at run time, which the template cannot name. */
const PROBE = 'ecslabprobe0123456789';

export const TASK_ACTION_PREFIX = 'aws:ecs:task-';

function arn(model: StackModel, service: string, resource: string, regional = true): string {
  const { partition, region, account } = model.env;
  return `arn:${partition}:${service}:${regional ? region : ''}:${account}:${resource}`;
}

/** Targets of an action, by the names its `targets` map gives. */
function targetsOf(e: ExperimentView, actionName: string): ExperimentTemplateTarget[] {
  const names = Object.values(e.template.actions[actionName]?.targets ?? {});
  return names.flatMap((n) => (e.template.targets[n] ? [e.template.targets[n]] : []));
}

/** A task of the cluster a target names (`parameters.cluster`), else of any cluster. */
function taskArn(model: StackModel, t: ExperimentTemplateTarget | undefined): { arn: string; what: string } {
  const cluster = t?.parameters?.cluster;
  return { arn: arn(model, 'ecs', `task/${cluster ?? PROBE}/${PROBE}`), what: cluster ? `tasks of cluster ${cluster}` : 'ECS tasks' };
}

/** One of the stack's subnets (in the zone the target filters on, when it does) and its VPC. */
function subnetAndVpc(model: StackModel, t: ExperimentTemplateTarget | undefined): { subnet: string; vpc: string } {
  const zones = t?.filters?.find((f) => f.path === 'AvailabilityZone')?.values ?? [];
  const subnets = model.ofType('AWS::EC2::Subnet');
  const s = subnets.find((x) => zones.includes(String(x.props.AvailabilityZone))) ?? subnets[0];
  const id = s ? String(model.resolve({ Ref: s.logicalId })) : `subnet-${PROBE}`;
  const vpc = s ? String(s.props.VpcId) : `vpc-${PROBE}`;
  return { subnet: arn(model, 'ec2', `subnet/${id}`), vpc: arn(model, 'ec2', `vpc/${vpc}`) };
}

/** The permissions one FIS action needs (FIS actions reference; the FIS user guide for aws:ecs:task-*). */
function actionNeeds(model: StackModel, actionId: string, targets: ExperimentTemplateTarget[]): Probe[] | undefined {
  const task = taskArn(model, targets.find((t) => t.resourceType === 'aws:ecs:task'));
  if (actionId === 'aws:ecs:stop-task') {
    return [
      { action: 'ecs:DescribeTasks', resource: task.arn, what: task.what },
      { action: 'ecs:StopTask', resource: task.arn, what: task.what },
      { action: 'ecs:ListTasks', resource: arn(model, 'ecs', `container-instance/${PROBE}/${PROBE}`), what: 'the cluster’s tasks' },
    ];
  }
  if (actionId.startsWith(TASK_ACTION_PREFIX)) {
    const { partition, region } = model.env;
    return [
      { action: 'ecs:DescribeTasks', resource: task.arn, what: task.what },
      // An AWS-owned document (no account in its ARN) on the managed instance the sidecar registered.
      { action: 'ssm:SendCommand', resource: `arn:${partition}:ssm:${region}::document/AWSFIS-Run-CPU-Stress`, what: 'FIS’s SSM documents' },
      { action: 'ssm:SendCommand', resource: arn(model, 'ssm', `managed-instance/mi-${PROBE}`), what: 'the tasks’ managed instances' },
      { action: 'ssm:ListCommands', resource: '*', what: 'SSM commands' },
      { action: 'ssm:CancelCommand', resource: '*', what: 'SSM commands' },
    ];
  }
  if (actionId === 'aws:network:disrupt-connectivity') {
    const { subnet, vpc } = subnetAndVpc(model, targets.find((t) => t.resourceType === 'aws:ec2:subnet'));
    const acl = arn(model, 'ec2', `network-acl/acl-${PROBE}`);
    const created = { [`aws:RequestTag/${FIS_ACL_TAG}`]: 'true' };
    const fisAcl = { [`ec2:ResourceTag/${FIS_ACL_TAG}`]: 'true' };
    return [
      { action: 'ec2:CreateNetworkAcl', resource: acl, what: 'the network ACL FIS creates', context: created },
      { action: 'ec2:CreateNetworkAcl', resource: vpc, what: 'the subnets’ VPC', context: created },
      { action: 'ec2:CreateTags', resource: acl, what: 'the network ACL FIS creates', context: { ...created, 'ec2:CreateAction': 'CreateNetworkAcl' } },
      { action: 'ec2:CreateNetworkAclEntry', resource: acl, what: 'the network ACL FIS creates', context: fisAcl },
      { action: 'ec2:DeleteNetworkAcl', resource: acl, what: 'the network ACL FIS creates', context: fisAcl },
      { action: 'ec2:ReplaceNetworkAclAssociation', resource: acl, what: 'network ACLs' },
      { action: 'ec2:ReplaceNetworkAclAssociation', resource: subnet, what: 'the targeted subnets' },
      ...['DescribeNetworkAcls', 'DescribeSubnets', 'DescribeVpcs', 'DescribeManagedPrefixLists'].map((a) => ({ action: `ec2:${a}`, resource: '*', what: 'the network' })),
      { action: 'ec2:GetManagedPrefixListEntries', resource: arn(model, 'ec2', `prefix-list/pl-${PROBE}`), what: 'managed prefix lists' },
    ];
  }
  return undefined;
}

export interface ExperimentNeeds {
  /** Probes per FIS action id. */
  byAction: Map<string, Probe[]>;
  /** Action ids the lab does not know the needs of. */
  unknownActions: string[];
  /** Needs of the experiment as a whole: finding tagged targets, writing its log. */
  common: Probe[];
}

export function experimentNeeds(model: StackModel, e: ExperimentView): ExperimentNeeds {
  const byAction = new Map<string, Probe[]>();
  const unknownActions: string[] = [];
  for (const [name, a] of Object.entries(e.template.actions)) {
    const id = a.actionId ?? '';
    const needs = actionNeeds(model, id, targetsOf(e, name));
    if (!needs) unknownActions.push(id || `(action ${name} has no ActionId)`);
    else byAction.set(id, [...(byAction.get(id) ?? []), ...needs]);
  }
  const common: Probe[] = [];
  // FIS resolves tag-selected targets through the Resource Groups Tagging API.
  if (Object.values(e.template.targets).some((t) => t.resourceTags && Object.keys(t.resourceTags).length)) {
    common.push({ action: 'tag:GetResources', resource: '*', what: 'tagged resources' });
  }
  if (e.template.logConfiguration?.cloudWatchLogsConfiguration) {
    for (const a of ['CreateLogDelivery', 'PutResourcePolicy', 'DescribeResourcePolicies', 'DescribeLogGroups']) {
      common.push({ action: `logs:${a}`, resource: '*', what: 'the experiment log' });
    }
  }
  return { byAction, unknownActions: [...new Set(unknownActions)], common };
}

/** Destructive actions no experiment of the labs needs, on the stack's own resources and any other. */
const DESTRUCTIVE: Record<string, string[]> = {
  ecs: ['DeleteService', 'UpdateService', 'DeleteCluster', 'RegisterTaskDefinition', 'DeregisterTaskDefinition', 'RunTask', 'CreateService'],
  ec2: ['TerminateInstances', 'StopInstances', 'RunInstances', 'DeleteSubnet', 'DeleteVpc', 'AuthorizeSecurityGroupIngress', 'DeleteSecurityGroup', 'CreateRoute', 'DeleteRoute'],
};

/**
 * What an experiment role must never be able to do: any IAM or S3 action, the destructive ECS and
 * EC2 actions above, delete a network ACL FIS did not create, or run commands on EC2 instances.
 */
export async function forbiddenProbes(model: StackModel, e: ExperimentView): Promise<Probe[]> {
  const probes: Probe[] = [];
  const stackArns = (type: string, ref: (id: string) => unknown) => model.ofType(type).map((r) => String(model.resolve(ref(r.logicalId))));
  const roles = stackArns('AWS::IAM::Role', (id) => ({ 'Fn::GetAtt': [id, 'Arn'] }));
  const services = stackArns('AWS::ECS::Service', (id) => ({ Ref: id }));
  for (const pattern of ['iam:*', 's3:*']) {
    for (const a of await expandActionPattern(pattern)) {
      const resources = new Set(await sampleResources(a, model.env));
      if (a.service === 'iam' && a.resourceTypes.includes('role')) roles.forEach((r) => resources.add(r));
      for (const resource of resources) probes.push({ action: a.action, resource, what: a.service === 'iam' ? 'IAM resources' : 'S3 buckets and objects' });
    }
  }
  for (const [service, names] of Object.entries(DESTRUCTIVE)) {
    for (const name of names) {
      for (const a of await expandActionPattern(`${service}:${name}`)) {
        const resources = new Set(await sampleResources(a, model.env));
        if (a.resourceTypes.includes('service')) services.forEach((s) => resources.add(s));
        for (const resource of resources) probes.push({ action: a.action, resource, what: `${service.toUpperCase()} resources` });
      }
    }
  }
  const acl = arn(model, 'ec2', `network-acl/acl-${PROBE}`);
  // contextComplete: the ACL carries no managedByFIS tag, so a condition on it must not pass.
  probes.push({ action: 'ec2:DeleteNetworkAcl', resource: acl, what: 'network ACLs FIS did not create', context: {}, contextComplete: true });
  probes.push({ action: 'ec2:ReplaceRoute', resource: arn(model, 'ec2', `route-table/rtb-${PROBE}`), what: 'route tables' });
  if (!actionIds(e).some((id) => id.startsWith(TASK_ACTION_PREFIX))) {
    probes.push({ action: 'ssm:SendCommand', resource: arn(model, 'ssm', `managed-instance/mi-${PROBE}`), what: 'SSM managed instances' });
  }
  probes.push({ action: 'ssm:SendCommand', resource: arn(model, 'ec2', `instance/i-${PROBE}`), what: 'EC2 instances' });
  return probes;
}
