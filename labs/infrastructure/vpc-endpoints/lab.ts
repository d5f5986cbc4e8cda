import { defineLab } from '../../../engine/types';

export default defineLab({
  id: 'infrastructure/vpc-endpoints',
  title: 'Private tasks that still start: VPC endpoints',
  layer: 'infrastructure',
  // After security groups: this lab reuses "who may talk to whom" for the endpoints' own group.
  order: 3,
  minutes: 45,
  objectives: [
    'Name every AWS service a Fargate task calls before its container starts, and while it runs',
    'Give isolated subnets a path to each one: interface endpoints for ECR api/dkr, Logs, Secrets Manager and ssmmessages, the S3 gateway endpoint for image layers',
    'Keep private DNS on, so the services\' usual names resolve to the endpoints',
    'Let the endpoints\' security group admit HTTPS from the tasks\' group only',
    'Decide between endpoints and a NAT gateway, and say why',
  ],
  covers: [
    'infrastructure/vpc-design',
    'infrastructure/q/vpc-endpoints',
    'scenario/secure-internal/vpc-endpoints',
    'scenario/secure-internal/private-subnets',
  ],
  entry: 'stack.ts',
  stackName: 'VpcEndpointsLab',
  breaks: [
    {
      id: 'cost-cut',
      kind: 'code',
      story:
        'The monthly bill review flagged "seven VPC endpoints nobody calls". A teammate removed the two that looked ' +
        'redundant — "we already have an ECR endpoint, and S3 is not even in our app" — and the deploy went green. ' +
        'The next morning the service scaled out and every new task stopped with CannotPullContainerError.',
      edits: [
        {
          file: 'stack.ts',
          find: "    interfaceEndpoint('EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER);\n",
          replace: "    // Removed in the cost review: we already have an ECR endpoint above.\n",
        },
        {
          file: 'stack.ts',
          find: "    vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });\n",
          replace: '    // Removed in the cost review: the app does not use S3.\n',
        },
      ],
      breaks: ['endpoints.task-reaches-aws-services'],
    },
    {
      id: 'open-to-the-vpc',
      kind: 'code',
      story:
        'A new batch job in the same VPC could not reach Secrets Manager. To unblock it, someone flipped the endpoints to ' +
        '"open", which admits the whole VPC on 443. It works; now every workload in the VPC shares the tasks\' private ' +
        'path to ECR, Logs and Secrets Manager.',
      edits: [{ file: 'stack.ts', find: '        open: false,\n', replace: '        open: true,\n' }],
      breaks: ['endpoints.endpoint-ingress-from-tasks-only'],
    },
    {
      id: 'private-dns-off',
      kind: 'code',
      story:
        'While debugging name resolution, a teammate turned private DNS off on the endpoints "to see the real ' +
        'addresses". The SDKs in the tasks now resolve the public names of ECR, Logs and Secrets Manager, which isolated ' +
        'subnets cannot reach, and ECS Exec sessions hang.',
      edits: [{ file: 'stack.ts', find: '        privateDnsEnabled: true,\n', replace: '        privateDnsEnabled: false,\n' }],
      breaks: ['endpoints.task-reaches-aws-services', 'ecs.exec-network-path'],
    },
  ],
  defaultBreak: 'cost-cut',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    { id: 'app.verifiable-offline', params: { services: ['ec2', 'ecs'] }, points: 1 },
    { id: 'network.tasks-in-private-subnets', points: 2 },
    // The reachability question: every service the tasks need, through an endpoint (a NAT path is a miss here).
    { id: 'endpoints.task-reaches-aws-services', params: { via: 'endpoints' }, points: 4 },
    { id: 'endpoints.endpoint-ingress-from-tasks-only', points: 3 },
    { id: 'ecs.exec-network-path', points: 2 },
    { id: 'network.alb-reaches-tasks', points: 1 },
  ],
  hints: [
    'List what a task does before its container starts: authenticate to ECR, fetch the image manifest, download the layers, fetch the secret, open the log stream. Which of those has a path from an isolated subnet?',
    'ECR needs two interface endpoints (ecr.api for the token, ecr.dkr for the registry) plus the S3 gateway endpoint, because the layers are served from S3. Every interface endpoint needs private DNS on and a security group that admits 443 from the tasks.',
    "Add interfaceEndpoint('EcrDocker', ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER) and vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3, subnets: [{ subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] }); keep open: false and privateDnsEnabled: true on the interface endpoints.",
  ],
});
