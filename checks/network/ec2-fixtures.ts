// Test fixture for EC2-hosted services: the web app on container instances of an Auto Scaling
// group, reached through a capacity provider (or, the older way, through the instances' user data),
// with bridge networking (dynamic host ports) or host networking, built from real constructs.
import { App, Stack } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

export const EC2_APP_PORT = 8080;

export interface Ec2StackOptions {
  networkMode?: ecs.NetworkMode.BRIDGE | ecs.NetworkMode.HOST;
  /** A fixed host port in bridge mode (0 or unset: dynamic). */
  hostPort?: number;
  desiredCount?: number;
  /** Put the instances in the public subnets with public IPs. */
  publicInstances?: boolean;
  /** Register the instances through user data (cluster.addCapacity) instead of a capacity provider. */
  viaUserData?: boolean;
  /** Extra instance security group rules. */
  instanceIngress?: (instanceSg: ec2.ISecurityGroup, albSg: ec2.ISecurityGroup, vpc: ec2.Vpc) => void;
  /** Leave out the rules that let the load balancer reach the instances. */
  cutIngress?: boolean;
  maxAzs?: number;
}

export function ec2Stack(opts: Ec2StackOptions = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: opts.maxAzs ?? 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const subnetType = opts.publicInstances ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS;
  const asgProps = {
    vpc,
    instanceType: new ec2.InstanceType('t3.small'),
    machineImage: ecs.EcsOptimizedImage.amazonLinux2(),
    minCapacity: 2,
    vpcSubnets: { subnetType },
    associatePublicIpAddress: opts.publicInstances ? true : undefined,
  };
  let asg: autoscaling.AutoScalingGroup;
  let strategy: ecs.CapacityProviderStrategy[] | undefined;
  if (opts.viaUserData) {
    asg = cluster.addCapacity('Capacity', asgProps);
  } else {
    asg = new autoscaling.AutoScalingGroup(stack, 'Asg', asgProps);
    const cp = new ecs.AsgCapacityProvider(stack, 'Cp', { autoScalingGroup: asg });
    cluster.addAsgCapacityProvider(cp);
    strategy = [{ capacityProvider: cp.capacityProviderName, weight: 1 }];
  }
  const task = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: opts.networkMode ?? ecs.NetworkMode.BRIDGE });
  task.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    memoryLimitMiB: 256,
    portMappings: [{ containerPort: EC2_APP_PORT, hostPort: opts.networkMode === ecs.NetworkMode.HOST ? EC2_APP_PORT : opts.hostPort }],
  });
  const service = new ecs.Ec2Service(stack, 'Service', { cluster, taskDefinition: task, desiredCount: opts.desiredCount ?? 2, capacityProviderStrategies: strategy });
  const albSg = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP');
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSg });
  alb.addListener('Http', { port: 80, open: false }).addTargets('App', { port: EC2_APP_PORT, targets: [service], healthCheck: { path: '/' } });
  const instanceSg = asg.connections.securityGroups[0];
  // CDK opens nothing for a bridge or host mode target (the service has no security group of its
  // own): the app lets the load balancer in on the instances itself, as the ECS docs tell it to.
  if (!opts.cutIngress) {
    const hostPort = opts.networkMode === ecs.NetworkMode.HOST ? EC2_APP_PORT : opts.hostPort;
    asg.connections.allowFrom(albSg, hostPort ? ec2.Port.tcp(hostPort) : ec2.Port.tcpRange(32768, 65535), 'from the load balancer');
  }
  opts.instanceIngress?.(instanceSg, albSg, vpc);
  return stack;
}
