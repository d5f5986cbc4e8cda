import { defineLab } from '../../../engine/types';

export default defineLab({
  id: 'infrastructure/security-groups',
  title: 'Security groups that make sense',
  layer: 'infrastructure',
  // After VPC design: this lab assumes public and private subnets and builds the rules on top.
  order: 2,
  minutes: 40,
  objectives: [
    'Keep ECS tasks in private subnets, without public IPs, behind the load balancer',
    'Let the tasks accept traffic only from the load balancer\'s security group, on the container port',
    'Open the internet-facing load balancer only to HTTPS, and to HTTP only for the redirect',
    'Tighten security groups without cutting the load balancer off from its targets',
    'Spread the load balancer and the service over two Availability Zones',
  ],
  covers: [
    'infrastructure/security-groups-nacls',
    'infrastructure/vpc-design',
    'infrastructure/load-balancer',
    'infrastructure/q/security-group-config',
    'infrastructure/q/service-to-service',
    'scenario/secure-internal/private-subnets',
    'scenario/high-availability/instance-failures',
  ],
  entry: 'stack.ts',
  stackName: 'SecurityGroupsLab',
  breaks: [
    {
      id: 'wide-open',
      kind: 'code',
      story:
        'Last night the site went down and a teammate debugged it under pressure. To rule out the network they ' +
        'opened things up "just for a minute", scaled the service down to one task to make the logs easier to ' +
        'follow, and moved it so they could curl the containers directly. The site came back and nobody reverted ' +
        'anything. This morning Security Hub is full of findings about the service and its security groups.',
      edits: [
        {
          file: 'stack.ts',
          find:
            "    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), 'HTTPS from anyone');\n" +
            "    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(80), 'HTTP, only to redirect to HTTPS');\n",
          replace: "    albSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic(), 'Temporary: open while debugging');\n",
        },
        {
          file: 'stack.ts',
          find: "    taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(APP_PORT), 'App port, from the load balancer');\n",
          replace: "    taskSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic(), 'Temporary: open while debugging');\n",
        },
        {
          file: 'stack.ts',
          find:
            '      // Two tasks: ECS spreads them over both Availability Zones.\n' +
            '      desiredCount: 2,\n' +
            '      securityGroups: [taskSecurityGroup],\n' +
            '      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n' +
            '      assignPublicIp: false,\n',
          replace:
            '      // One task while debugging: all the logs in one place.\n' +
            '      desiredCount: 1,\n' +
            '      securityGroups: [taskSecurityGroup],\n' +
            '      // Public subnets and a public IP, so the containers can be curled directly.\n' +
            '      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },\n' +
            '      assignPublicIp: true,\n',
        },
      ],
      breaks: ['network.tasks-in-private-subnets', 'network.task-ingress-from-alb-only', 'network.alb-ingress-web-only', 'network.multi-az'],
    },
    {
      // The aws target only (`lab break console-hotfix --target aws` on a deployed, fixed stack):
      // the account drifts from the template, which stays clean. The live check of
      // task-ingress-from-alb-only and app.no-drift see it; `lab reset` undoes it.
      id: 'console-hotfix',
      kind: 'drift',
      story:
        'During an outage someone opened the task security group to the whole internet from the console, "just to test ' +
        'the container directly", and never closed it. Your code is unchanged; the account is not.',
      edits: [],
      drift: [{ kind: 'open-ingress', securityGroup: 'TaskSecurityGroup', cidr: '0.0.0.0/0', port: 8080 }],
      breaks: ['network.task-ingress-from-alb-only'],
    },
    {
      // A second offline round (`lab break wrong-port`): the tightening done wrong — the right source, the wrong port.
      id: 'wrong-port',
      kind: 'code',
      story:
        'After the review a teammate rewrote the task security group\'s rule as "only the load balancer, only HTTP". ' +
        'The site still answers (the listener\'s addTargets opens the container port to the load balancer by itself), ' +
        'but the task group now also admits port 80, where nothing listens: a rule no one can explain is a rule no one dares remove.',
      edits: [
        {
          file: 'stack.ts',
          find: "    taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(APP_PORT), 'App port, from the load balancer');\n",
          replace: "    taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(80), 'HTTP, from the load balancer');\n",
        },
      ],
      breaks: ['network.task-ingress-from-alb-only'],
    },
  ],
  defaultBreak: 'wide-open',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    // Guard: nothing the offline checks cannot see (custom resources, transforms) may change what the lab is about.
    { id: 'app.verifiable-offline', params: { services: ['ec2', 'elasticloadbalancing'] }, points: 1 },
    { id: 'network.tasks-in-private-subnets', points: 3 },
    { id: 'network.task-ingress-from-alb-only', points: 3 },
    { id: 'network.alb-ingress-web-only', points: 3, params: { webPorts: [443] } },
    { id: 'network.alb-reaches-tasks', points: 2 },
    { id: 'network.multi-az', points: 2, params: { minAzs: 2 } },
  ],
  hints: [
    'Read each security group rule as a sentence: "X accepts Y from Z". Which of those sentences would you defend in a review? Then ask where the tasks run, and how many of them.',
    'Two doors: the internet talks only to the load balancer (443, and 80 just to redirect), and only the load balancer talks to the tasks, on the container port. Tasks belong in the private subnets, without public IPs, and one task can only ever be in one Availability Zone.',
    'On the tasks\' group, replace the 0.0.0.0/0 rule with taskSecurityGroup.connections.allowFrom(albSecurityGroup, ec2.Port.tcp(APP_PORT)); on the load balancer\'s group, allow only tcp 443 and tcp 80 from ec2.Peer.anyIpv4(); give the service vpcSubnets PRIVATE_WITH_EGRESS, assignPublicIp: false and desiredCount: 2.',
  ],
});
