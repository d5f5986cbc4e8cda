// The corpus: realistic ECS CDK apps written for the test suite, each the shape a team would
// deploy (not a lab's), synthesized in-process to a cloud assembly and judged the way
// `lab audit <cdk.out>` judges it. Every app builds its image from a Dockerfile it holds, a good
// one, so the docker checks have something to judge; what differs between the apps is the ECS
// and network shape the model has to read.
import { App, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const APP_PORT = 8080;
const ENV = { account: '123456789012', region: 'eu-west-1' };

const DOCKERFILE = [
  'FROM node:24-bookworm AS build',
  'WORKDIR /app',
  'COPY package.json ./',
  'RUN npm install --omit=dev',
  'COPY src ./src',
  'FROM node:24-bookworm-slim',
  'ENV NODE_ENV=production',
  'WORKDIR /app',
  'COPY --from=build /app ./',
  'USER node',
  'CMD ["node", "src/server.js"]',
  '',
].join('\n');

/** A workspace with the app's source folder (`app/`) and the folder its cloud assembly goes to. */
export function workspace(): { root: string; appDir: string; outdir: string } {
  const root = mkdtempSync(join(tmpdir(), 'ecs-lab-corpus-'));
  const files: Record<string, string> = {
    Dockerfile: DOCKERFILE,
    '.dockerignore': '.git\nnode_modules\n.env\n.env.*\n',
    'package.json': '{ "name": "svc", "version": "1.0.0" }\n',
    'src/server.js': 'require("node:http").createServer((q, s) => s.end("ok")).listen(8080);\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, 'app', rel)), { recursive: true });
    writeFileSync(join(root, 'app', rel), text);
  }
  return { root, appDir: join(root, 'app'), outdir: join(root, 'cdk.out') };
}

/** The container every app runs: its image, an HTTP health check, logs to CloudWatch. */
function appContainer(appDir: string, hostPort?: number): ecs.ContainerDefinitionOptions {
  return {
    image: ecs.ContainerImage.fromAsset(appDir),
    portMappings: [{ containerPort: APP_PORT, hostPort, name: 'http' }],
    healthCheck: {
      command: ['CMD-SHELL', `node -e "fetch('http://localhost:${APP_PORT}/health').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"`],
      interval: Duration.seconds(30),
      retries: 3,
      startPeriod: Duration.seconds(15),
    },
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app', logRetention: logs.RetentionDays.ONE_MONTH }),
    memoryLimitMiB: 512,
  };
}

function vpcOf(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', {
    maxAzs: 2,
    natGateways: 1,
    subnetConfiguration: [
      { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
      { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 24 },
    ],
  });
}

/** An internet-facing ALB whose HTTP listener forwards to the service's app container. */
function albInFrontOf(stack: Stack, vpc: ec2.IVpc, service: ecs.BaseService): elbv2.ApplicationLoadBalancer {
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
  alb.addListener('Http', { port: 80 }).addTargets('App', {
    port: APP_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: APP_PORT })],
    healthCheck: { path: '/health' },
  });
  return alb;
}

/** EC2 launch type, bridge networking, dynamic host ports, an Auto Scaling group capacity provider. */
export function ec2BridgeAlb(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const stack = new Stack(app, 'Ec2Bridge', { env: ENV });
  const vpc = vpcOf(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  cluster.addCapacity('Instances', {
    instanceType: new ec2.InstanceType('t3.small'),
    minCapacity: 2,
    maxCapacity: 4,
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
  });
  const task = new ecs.Ec2TaskDefinition(stack, 'Task', { networkMode: ecs.NetworkMode.BRIDGE });
  task.addContainer('app', appContainer(ws.appDir, 0));
  const service = new ecs.Ec2Service(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
  albInFrontOf(stack, vpc, service);
  return app;
}

/** Fargate tasks in private subnets behind an internet-facing NLB with a security group (TCP 80 → 8080). */
export function nlbFargate(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const stack = new Stack(app, 'Nlb', { env: ENV });
  const vpc = vpcOf(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  task.addContainer('app', appContainer(ws.appDir));
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
  // Since 2023 an NLB can have a security group: the tasks then admit only that group, the way
  // they would admit an ALB's (client IPs are still preserved, the group is what is matched).
  const nlbSg = new ec2.SecurityGroup(stack, 'NlbSg', { vpc, allowAllOutbound: false });
  nlbSg.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'clients');
  const nlb = new elbv2.NetworkLoadBalancer(stack, 'Nlb', { vpc, internetFacing: true, securityGroups: [nlbSg] });
  nlb.addListener('Tcp', { port: 80 }).addTargets('App', {
    port: APP_PORT,
    targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: APP_PORT })],
  });
  // CDK opens task ingress for an ALB target, not for an NLB one: without this rule the NLB's
  // health checks and traffic never reach the tasks.
  service.connections.allowFrom(nlbSg, ec2.Port.tcp(APP_PORT), 'from the NLB');
  return app;
}

/** A network stack (VPC, cluster, ALB) and a service stack that uses them across stacks. */
export function crossStack(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const network = new Stack(app, 'Network', { env: ENV });
  const vpc = vpcOf(network);
  const cluster = new ecs.Cluster(network, 'Cluster', { vpc });
  const alb = new elbv2.ApplicationLoadBalancer(network, 'Alb', { vpc, internetFacing: true });
  const listener = alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });

  const services = new Stack(app, 'Service', { env: ENV } satisfies StackProps);
  const task = new ecs.FargateTaskDefinition(services, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  task.addContainer('app', appContainer(ws.appDir));
  const service = new ecs.FargateService(services, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
  listener.addTargets('App', {
    port: APP_PORT,
    protocol: elbv2.ApplicationProtocol.HTTP,
    priority: 10,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    targets: [service.loadBalancerTarget({ containerName: 'app', containerPort: APP_PORT })],
    healthCheck: { path: '/health' },
  });
  return app;
}

/** An existing VPC, imported by its ids (`Vpc.fromLookup` needs AWS; this is what it returns). */
export function importedVpc(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const stack = new Stack(app, 'ImportedVpc', { env: ENV });
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    vpcId: 'vpc-0a1b2c3d4e5f67890',
    vpcCidrBlock: '10.20.0.0/16',
    availabilityZones: ['eu-west-1a', 'eu-west-1b'],
    publicSubnetIds: ['subnet-0aaa0000000000001', 'subnet-0aaa0000000000002'],
    privateSubnetIds: ['subnet-0bbb0000000000001', 'subnet-0bbb0000000000002'],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  task.addContainer('app', appContainer(ws.appDir));
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
  albInFrontOf(stack, vpc, service);
  return app;
}

/** An EFS file system mounted into the Fargate tasks (TLS in transit, IAM authorization, access point). */
export function efsFargate(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const stack = new Stack(app, 'Efs', { env: ENV });
  const vpc = vpcOf(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const fs = new efs.FileSystem(stack, 'Data', { vpc, encrypted: true, removalPolicy: RemovalPolicy.DESTROY });
  const ap = fs.addAccessPoint('App', { path: '/app', createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' }, posixUser: { uid: '1000', gid: '1000' } });
  const task = new ecs.FargateTaskDefinition(stack, 'Task', { cpu: 256, memoryLimitMiB: 512 });
  task.addVolume({
    name: 'data',
    efsVolumeConfiguration: { fileSystemId: fs.fileSystemId, transitEncryption: 'ENABLED', authorizationConfig: { accessPointId: ap.accessPointId, iam: 'ENABLED' } },
  });
  const container = task.addContainer('app', appContainer(ws.appDir));
  container.addMountPoints({ containerPath: '/data', sourceVolume: 'data', readOnly: false });
  fs.grantReadWrite(task.taskRole);
  const service = new ecs.FargateService(stack, 'Service', { cluster, taskDefinition: task, desiredCount: 2 });
  fs.connections.allowDefaultPortFrom(service);
  albInFrontOf(stack, vpc, service);
  return app;
}

/** Two services talking over Service Connect: `web` behind the ALB calls `api` at http://api:8080. */
export function serviceConnect(ws = workspace()): App {
  const app = new App({ outdir: ws.outdir });
  const stack = new Stack(app, 'ServiceConnect', { env: ENV });
  const vpc = vpcOf(stack);
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, defaultCloudMapNamespace: { name: 'internal', useForServiceConnect: true } });
  const apiTask = new ecs.FargateTaskDefinition(stack, 'ApiTask', { cpu: 256, memoryLimitMiB: 512 });
  apiTask.addContainer('app', appContainer(ws.appDir));
  const api = new ecs.FargateService(stack, 'Api', {
    cluster,
    taskDefinition: apiTask,
    desiredCount: 2,
    serviceConnectConfiguration: { services: [{ portMappingName: 'http', dnsName: 'api', port: APP_PORT }] },
  });
  const webTask = new ecs.FargateTaskDefinition(stack, 'WebTask', { cpu: 256, memoryLimitMiB: 512 });
  webTask.addContainer('app', { ...appContainer(ws.appDir), environment: { API_URL: `http://api:${APP_PORT}` } });
  const web = new ecs.FargateService(stack, 'Web', { cluster, taskDefinition: webTask, desiredCount: 2, serviceConnectConfiguration: {} });
  api.connections.allowFrom(web, ec2.Port.tcp(APP_PORT), 'web calls api over Service Connect');
  albInFrontOf(stack, vpc, web);
  return app;
}

export const CORPUS = { 'ec2-bridge-alb': ec2BridgeAlb, 'nlb-fargate': nlbFargate, 'cross-stack': crossStack, 'imported-vpc': importedVpc, 'efs-fargate': efsFargate, 'service-connect': serviceConnect } as const;
export type CorpusApp = keyof typeof CORPUS;
