import { defineLab } from '../../../engine/types';

export default defineLab({
  id: 'infrastructure/service-discovery',
  title: 'Service to service: Service Connect and a private backend',
  layer: 'infrastructure',
  // After security groups and ACLs: this lab applies "who may talk to whom" between two services.
  order: 5,
  minutes: 40,
  objectives: [
    'Publish a backend by name with ECS Service Connect, and make the frontend a client in the same namespace',
    'Tell Service Connect from Cloud Map DNS discovery, and know what each gives the caller',
    'Let the backend admit only the frontend\'s security group, on the port it publishes',
    'Keep every public path away from the backend: private subnets, no public IP, no load balancer',
  ],
  covers: ['infrastructure/service-discovery', 'infrastructure/q/service-to-service'],
  entry: 'stack.ts',
  stackName: 'ServiceDiscoveryLab',
  breaks: [
    {
      id: 'debug-open-backend',
      kind: 'code',
      story:
        'The frontend showed errors from the backend, and a teammate wanted to curl the backend from a laptop. They moved ' +
        'it to the public subnets with a public IP and opened its security group to the internet "for an hour". ' +
        'The errors turned out to be elsewhere; the backend is still open.',
      edits: [
        {
          file: 'stack.ts',
          find: "    backendSecurityGroup.addIngressRule(frontendSecurityGroup, ec2.Port.tcp(APP_PORT), 'Backend API, from the frontend only');\n",
          replace: "    backendSecurityGroup.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTcp(), 'Temporary: curl the backend directly while debugging');\n",
        },
        {
          file: 'stack.ts',
          find:
            '      securityGroups: [backendSecurityGroup],\n' +
            '      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },\n' +
            '      assignPublicIp: false,\n',
          replace:
            '      securityGroups: [backendSecurityGroup],\n' +
            '      // Public for now, so it can be curled from a laptop.\n' +
            '      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },\n' +
            '      assignPublicIp: true,\n',
        },
      ],
      breaks: ['discovery.backend-ingress-from-callers-only', 'network.tasks-in-private-subnets'],
    },
    {
      id: 'frontend-not-a-client',
      kind: 'code',
      story:
        'To "simplify" the frontend, someone removed its Service Connect setting: the backend URL is in the ' +
        'environment anyway. The frontend now gets "could not resolve host: backend" on every call.',
      edits: [
        {
          file: 'stack.ts',
          find: '      serviceConnectConfiguration: {},\n',
          replace: '      // Service Connect removed: BACKEND_URL is in the environment anyway.\n',
        },
      ],
      breaks: ['discovery.backend-discoverable'],
    },
    {
      id: 'wrong-source-group',
      kind: 'code',
      story:
        'A refactor renamed the security groups, and the backend\'s rule now names the load balancer\'s group, "since the ' +
        'traffic comes from the internet anyway". Every call from the frontend times out.',
      edits: [
        {
          file: 'stack.ts',
          find: 'backendSecurityGroup.addIngressRule(frontendSecurityGroup,',
          replace: 'backendSecurityGroup.addIngressRule(albSecurityGroup,',
        },
      ],
      breaks: ['discovery.frontend-reaches-backend', 'discovery.backend-ingress-from-callers-only'],
    },
  ],
  defaultBreak: 'debug-open-backend',
  checks: [
    { id: 'ecs.service-behind-listener', points: 1 },
    { id: 'app.verifiable-offline', params: { services: ['ec2', 'ecs', 'servicediscovery'] }, points: 1 },
    // Guard: a backend that publishes nothing (or sits behind the load balancer) is not service discovery.
    { id: 'discovery.backend-discoverable', points: 3 },
    { id: 'discovery.frontend-reaches-backend', points: 3 },
    { id: 'discovery.backend-ingress-from-callers-only', points: 3 },
    { id: 'network.tasks-in-private-subnets', points: 2 },
    { id: 'network.alb-reaches-tasks', points: 1 },
  ],
  hints: [
    'Draw the two calls: the internet to the frontend through the load balancer, and the frontend to the backend. Which of them should exist for the backend, and which security group rule says so?',
    'The backend belongs in the private subnets with no public IP. Its security group needs exactly one rule: the frontend\'s security group as the source, on the port the backend publishes through Service Connect (8080). The frontend must be a Service Connect client of the same namespace.',
    "backendSecurityGroup.addIngressRule(frontendSecurityGroup, ec2.Port.tcp(APP_PORT)); the Backend service with vpcSubnets PRIVATE_WITH_EGRESS and assignPublicIp: false; the Frontend service with serviceConnectConfiguration: {} (the cluster's default namespace).",
  ],
});
