import { defineLab } from '../../../engine/types';

export default defineLab({
  id: 'infrastructure/network-acls',
  title: 'Network ACLs: stateless, ordered, and easy to get half right',
  layer: 'infrastructure',
  // After security groups: the stateful rules come first, the stateless layer under them second.
  order: 4,
  minutes: 35,
  objectives: [
    'Tell a network ACL from a security group: subnet-wide, stateless, ordered, ending in a deny',
    'Let replies through: the ephemeral ports back to the load balancer and in from the tasks\' own calls',
    'Order deny rules before the allows they carve out of, so SSH and RDP stay closed',
    'Keep the load balancer\'s path to the tasks and the tasks\' path to AWS working under the ACL',
  ],
  covers: ['infrastructure/security-groups-nacls', 'infrastructure/q/security-group-config'],
  entry: 'stack.ts',
  stackName: 'NetworkAclsLab',
  breaks: [
    {
      id: 'one-way-acl',
      kind: 'code',
      story:
        'An auditor asked why the app subnets let "every port from 1024 up" out. A teammate replaced that rule with the ' +
        'mirror of the inbound one — the app port, to the VPC — which reads neatly. Since the deploy the load ' +
        'balancer marks every target unhealthy and the site answers 502.',
      edits: [
        {
          file: 'stack.ts',
          find:
            '    // Replies to the load balancer, which connects from its own ephemeral ports.\n' +
            "    rule('RepliesOut', 200, ec2.TrafficDirection.EGRESS, ec2.AclCidr.ipv4(VPC_CIDR), ec2.AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));\n",
          replace:
            '    // The mirror of AppFromVpc: the app port, and only to the VPC.\n' +
            "    rule('AppToVpc', 200, ec2.TrafficDirection.EGRESS, ec2.AclCidr.ipv4(VPC_CIDR), ec2.AclTraffic.tcpPort(APP_PORT));\n",
        },
      ],
      breaks: ['network.alb-reaches-tasks'],
    },
    {
      id: 'replies-from-vpc-only',
      kind: 'code',
      story:
        '"Nothing on the internet should talk to the app subnets," said the review, and the inbound replies rule was ' +
        'narrowed to the VPC. The running tasks look fine. New tasks cannot pull their image or open their log stream.',
      edits: [
        {
          file: 'stack.ts',
          find: "    rule('RepliesIn', 300, ec2.TrafficDirection.INGRESS, ec2.AclCidr.anyIpv4(), ec2.AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));\n",
          replace: "    rule('RepliesIn', 300, ec2.TrafficDirection.INGRESS, ec2.AclCidr.ipv4(VPC_CIDR), ec2.AclTraffic.tcpPortRange(EPHEMERAL_FROM, EPHEMERAL_TO));\n",
        },
      ],
      breaks: ['endpoints.task-reaches-aws-services'],
    },
    {
      id: 'deny-after-allow',
      kind: 'code',
      story:
        'Someone renumbered the inbound rules "to leave room" and the RDP deny moved to 310. Everything still works; ' +
        'Security Hub now reports EC2.21 on the ACL.',
      edits: [
        {
          file: 'stack.ts',
          find: "    rule('DenyRdpIn', 110,",
          replace: "    rule('DenyRdpIn', 310,",
        },
      ],
      breaks: ['network.nacl-no-admin-ports-from-internet'],
    },
  ],
  defaultBreak: 'one-way-acl',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    { id: 'app.verifiable-offline', params: { services: ['ec2', 'elasticloadbalancing'] }, points: 1 },
    // Guard: deleting the ACL makes every path work and teaches nothing.
    { id: 'network.task-subnets-have-nacl', points: 2 },
    { id: 'network.alb-reaches-tasks', points: 3 },
    { id: 'endpoints.task-reaches-aws-services', points: 3 },
    { id: 'network.nacl-no-admin-ports-from-internet', points: 3 },
    { id: 'network.tasks-in-private-subnets', points: 1 },
  ],
  hints: [
    'Follow one request from the load balancer to a task and its answer back, packet by packet. Which rule lets the request in, and which rule lets the answer out? An answer goes to the port the caller picked, not to 8080.',
    'Network ACLs are stateless: every connection needs a rule each way, and the reply side is the ephemeral range 1024-65535. The task subnets must let replies out to the load balancer\'s subnets and let replies in from wherever the tasks call (the internet, through the NAT gateway).',
    'Egress needs tcp 1024-65535 to the VPC (the load balancer\'s replies), ingress needs tcp 1024-65535 from 0.0.0.0/0 (the tasks\' own calls), and the denies for 22 and 3389 must keep rule numbers lower than that ingress allow.',
  ],
});
