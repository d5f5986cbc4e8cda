// Test fixture for the network checks: the lab's web app built from real constructs (VPC with
// public and private subnets, internet-facing ALB, Fargate service), with switches that misconfigure
// one thing at a time the way a learner (or an incident) would.
import { App, Stack } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

export const APP_PORT = 8080;
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555';

export interface WebStackOptions {
  /** Tasks in the public subnets with public IPs. */
  publicTasks?: boolean;
  /** Only a public IP, in the private subnets. */
  publicIpOnly?: boolean;
  /** Extra task security group rules, as a learner might add them. */
  taskIngress?: (taskSg: ec2.SecurityGroup, albSg: ec2.SecurityGroup, vpc: ec2.Vpc) => void;
  /** Extra load balancer security group rules. */
  albIngress?: (albSg: ec2.SecurityGroup) => void;
  /** What the port 80 listener does; `none` leaves it out. */
  http?: 'redirect' | 'forward' | 'none';
  /** Open 443 to the internet (default true). */
  open443?: boolean;
  desiredCount?: number;
  /** Availability Zones of the VPC; more than 2 needs an environment (CDK caps agnostic stacks at 2). */
  maxAzs?: number;
  internal?: boolean;
  /** Remove the rules CDK adds between the groups when the service is registered as a target. */
  cutLinks?: 'ingress' | 'egress' | 'both';
}

export function webStack(opts: WebStackOptions = {}) {
  const stack = (opts.maxAzs ?? 2) > 2 ? stackWithThreeAzs() : new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', {
    maxAzs: opts.maxAzs ?? 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'App', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
  const albSg = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  if (opts.open443 !== false) albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS');
  if (opts.http !== 'none') albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP');
  opts.albIngress?.(albSg);
  const taskSg = new ec2.SecurityGroup(stack, 'TaskSg', { vpc });
  opts.taskIngress?.(taskSg, albSg, vpc);

  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: APP_PORT }] });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition: task,
    desiredCount: opts.desiredCount ?? 2,
    securityGroups: [taskSg],
    assignPublicIp: opts.publicTasks || opts.publicIpOnly,
    vpcSubnets: { subnetType: opts.publicTasks ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });

  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: !opts.internal, securityGroup: albSg });
  const https = alb.addListener('Https', {
    port: 443,
    open: false,
    certificates: [acm.Certificate.fromCertificateArn(stack, 'Cert', CERT)],
  });
  https.addTargets('App', { port: APP_PORT, targets: [service], healthCheck: { path: '/' } });
  if (opts.http === undefined || opts.http === 'redirect') {
    alb.addListener('Http', { port: 80, open: false, defaultAction: elbv2.ListenerAction.redirect({ protocol: 'HTTPS', port: '443', permanent: true }) });
  } else if (opts.http === 'forward') {
    alb.addListener('Http', { port: 80, open: false }).addTargets('Plain', { port: APP_PORT, targets: [service] });
  }
  if (opts.cutLinks) cutLinks(taskSg, albSg, opts.cutLinks);
  return stack;
}

function stackWithThreeAzs(): Stack {
  const context = { 'availability-zones:account=123456789012:region=us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'] };
  return new Stack(new App({ context }), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
}

// Registering the service as a target makes CDK open both groups; a learner who "closes
// everything" ends up where removing those rules leaves us.
function cutLinks(taskSg: ec2.SecurityGroup, albSg: ec2.SecurityGroup, which: 'ingress' | 'egress' | 'both') {
  const remove = (sg: ec2.SecurityGroup, type: typeof ec2.CfnSecurityGroupIngress | typeof ec2.CfnSecurityGroupEgress) => {
    for (const child of [...sg.node.children]) if (child instanceof type) sg.node.tryRemoveChild(child.node.id);
  };
  if (which !== 'egress') remove(taskSg, ec2.CfnSecurityGroupIngress);
  if (which !== 'ingress') {
    remove(albSg, ec2.CfnSecurityGroupEgress);
    // With no egress rule left AWS would add its allow-all default; keep the group closed instead.
    albSg.addEgressRule(ec2.Peer.ipv4('10.0.0.0/16'), ec2.Port.tcp(9999), 'somewhere else');
  }
}
