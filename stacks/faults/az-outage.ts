// aws:network:disrupt-connectivity on one Availability Zone's subnets, plus aws:ecs:stop-task on
// the service's tasks in that zone — what losing a zone looks like to the service: the zone's
// network goes dark and its tasks die. ECS should place replacements in the zones still up.
import { Stack, Tags, type Duration } from 'aws-cdk-lib';
import type * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { ecsTaskTarget } from './ecs-task-target';
import { FaultExperiment, type FaultExperimentProps } from './experiment';
import { checkDuration, LAB_TAG_KEY } from './guard-rails';
import { stopTaskStatements } from './stop-tasks';

/** FIS resource type of a VPC subnet (FIS user guide, "Resource types"). */
export const EC2_SUBNET = 'aws:ec2:subnet';
/** The tag FIS puts on the network ACL it creates, and the managed policy's conditions test. */
const FIS_ACL_TAG = 'managedByFIS';

export interface AzOutageExperimentProps extends FaultExperimentProps {
  /** The lab's VPC: its subnets get the lab tag so FIS can find the zone's subnets by it. */
  vpc: ec2.IVpc;
  /** The zone to take out (default the VPC's first). */
  availabilityZone?: string;
  /** How long the zone stays dark; at most 10 minutes. */
  duration: Duration;
}

export class AzOutageExperiment extends FaultExperiment {
  /** The zone the experiment takes out. */
  readonly availabilityZone: string;

  constructor(scope: Construct, id: string, props: AzOutageExperimentProps) {
    const az = props.availabilityZone ?? props.vpc.availabilityZones[0];
    if (!az) throw new Error(`${id}: the VPC has no Availability Zone to take out`);
    super(scope, id, props, () => {
      Tags.of(props.vpc).add(LAB_TAG_KEY, props.labId);
      const duration = checkDuration(id, props.duration);
      // Both filters read the resource's own AvailabilityZone (DescribeSubnets / DescribeTasks).
      const inZone = [{ path: 'AvailabilityZone', values: [az] }];
      return {
        kind: 'az-outage',
        description: `Takes Availability Zone ${az} out for ${props.duration.toHumanString()}: its subnets lose all traffic and its tasks stop; the service should keep serving from the other zones`,
        targets: {
          Subnets: { resourceType: EC2_SUBNET, resourceTags: { [LAB_TAG_KEY]: props.labId }, filters: inZone, selectionMode: 'ALL' },
          Tasks: ecsTaskTarget(props.labId, props.service, 'ALL', inZone),
        },
        actions: {
          DisruptZone: {
            actionId: 'aws:network:disrupt-connectivity',
            description: `Deny all traffic in and out of the ${az} subnets`,
            parameters: { duration, scope: 'all' },
            targets: { Subnets: 'Subnets' },
          },
          StopZoneTasks: { actionId: 'aws:ecs:stop-task', description: `Stop the tasks in ${az}`, targets: { Tasks: 'Tasks' } },
        },
        statements: [...networkStatements(scope, props.vpc), ...stopTaskStatements(scope, props)],
      };
    });
    this.availabilityZone = az;
  }
}

/**
 * aws:network:disrupt-connectivity swaps the subnets' network ACL for one that denies everything
 * and swaps it back (FIS actions reference; the shape of AWSFaultInjectionSimulatorNetworkAccess):
 * it may create and delete only ACLs it tagged itself, in the lab's VPC.
 */
function networkStatements(scope: Construct, vpc: ec2.IVpc): iam.PolicyStatement[] {
  const stack = Stack.of(scope);
  const acls = stack.formatArn({ service: 'ec2', resource: 'network-acl', resourceName: '*' });
  const vpcArn = stack.formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId });
  const subnets = stack.formatArn({ service: 'ec2', resource: 'subnet', resourceName: '*' });
  const tagged = (key: string) => ({ StringEquals: { [key]: 'true' } });
  return [
    new iam.PolicyStatement({ sid: 'CreateFisAcl', actions: ['ec2:CreateNetworkAcl'], resources: [acls], conditions: tagged(`aws:RequestTag/${FIS_ACL_TAG}`) }),
    new iam.PolicyStatement({ sid: 'CreateFisAclInTheLabVpc', actions: ['ec2:CreateNetworkAcl'], resources: [vpcArn] }),
    new iam.PolicyStatement({
      sid: 'TagFisAclOnCreate',
      actions: ['ec2:CreateTags'],
      resources: [acls],
      conditions: { StringEquals: { 'ec2:CreateAction': 'CreateNetworkAcl', [`aws:RequestTag/${FIS_ACL_TAG}`]: 'true' } },
    }),
    new iam.PolicyStatement({ sid: 'FillAndDeleteFisAcl', actions: ['ec2:CreateNetworkAclEntry', 'ec2:DeleteNetworkAcl'], resources: [acls], conditions: tagged(`ec2:ResourceTag/${FIS_ACL_TAG}`) }),
    new iam.PolicyStatement({ sid: 'SwapSubnetAcls', actions: ['ec2:ReplaceNetworkAclAssociation'], resources: [acls, subnets] }),
    // Describe and prefix-list reads take no resource ARN.
    new iam.PolicyStatement({
      sid: 'ReadNetwork',
      actions: ['ec2:DescribeNetworkAcls', 'ec2:DescribeSubnets', 'ec2:DescribeVpcs', 'ec2:DescribeManagedPrefixLists', 'ec2:GetManagedPrefixListEntries'],
      resources: ['*'],
    }),
  ];
}
