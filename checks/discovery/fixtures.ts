// Test fixture for the discovery checks: a frontend behind an internet-facing ALB that calls a
// backend by name, through Service Connect (default) or Cloud Map DNS, built from real constructs.
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

export const BACKEND_PORT = 8080;

export interface TwoServicesOptions {
  how?: 'service-connect' | 'cloud-map';
  /** The frontend is a Service Connect client (default true). */
  frontendClient?: boolean;
  /** The backend publishes nothing (a plain service). */
  unpublished?: boolean;
  /** Ingress rules of the backend's group; default: the frontend's group on the backend port. */
  backendIngress?: (backend: ec2.SecurityGroup, frontend: ec2.SecurityGroup, alb: ec2.SecurityGroup, vpc: ec2.Vpc) => void;
  /** A network ACL on the private subnets. */
  nacl?: (acl: ec2.NetworkAcl) => void;
}

export function twoServices(opts: TwoServicesOptions = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: opts.how !== 'cloud-map' } });
  const frontendSg = new ec2.SecurityGroup(stack, 'FrontendSg', { vpc });
  const backendSg = new ec2.SecurityGroup(stack, 'BackendSg', { vpc });
  const albSg = new ec2.SecurityGroup(stack, 'AlbSg', { vpc, allowAllOutbound: false });
  albSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80));
  if (opts.backendIngress) opts.backendIngress(backendSg, frontendSg, albSg, vpc);
  else backendSg.addIngressRule(frontendSg, ec2.Port.tcp(BACKEND_PORT), 'from the frontend');
  if (opts.nacl) opts.nacl(new ec2.NetworkAcl(stack, 'AppAcl', { vpc, subnetSelection: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }));

  const task = (id: string) => {
    const td = new ecs.FargateTaskDefinition(stack, id);
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: BACKEND_PORT, name: 'http' }] });
    return td;
  };
  const publish = opts.unpublished
    ? {}
    : opts.how === 'cloud-map'
      ? { cloudMapOptions: { name: 'backend' } }
      : { serviceConnectConfiguration: { services: [{ portMappingName: 'http', dnsName: 'backend', port: BACKEND_PORT }] } };
  new ecs.FargateService(stack, 'Backend', { cluster, taskDefinition: task('BackendTask'), securityGroups: [backendSg], ...publish });
  const frontend = new ecs.FargateService(stack, 'Frontend', {
    cluster,
    taskDefinition: task('FrontendTask'),
    securityGroups: [frontendSg],
    serviceConnectConfiguration: opts.how !== 'cloud-map' && opts.frontendClient !== false ? {} : undefined,
  });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true, securityGroup: albSg });
  alb.addListener('Http', { port: 80, open: false }).addTargets('Web', { port: BACKEND_PORT, targets: [frontend] });
  return stack;
}
