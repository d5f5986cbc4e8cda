// The curriculum (shared/curriculum/learning-path.md) as ids. A lab's manifest says which of
// these it teaches and checks; the test suite proves every id a lab names exists. Keep the ids
// stable: progress and reports refer to them.

export interface CurriculumItem {
  id: string;
  text: string;
}

const items = (prefix: string, entries: Record<string, string>): CurriculumItem[] =>
  Object.entries(entries).map(([slug, text]) => ({ id: `${prefix}/${slug}`, text }));

export const CURRICULUM: CurriculumItem[] = [
  // Foundation layer
  ...items('foundation', {
    'multi-stage-builds': 'Docker multi-stage builds',
    'image-optimization': 'Image optimization',
    'ecr-management': 'ECR management',
    'multi-arch-builds': 'Multi-architecture builds',
  }),
  ...items('foundation/q', {
    'image-size': 'How do you optimize container image size?',
    configuration: "What's your strategy for handling application configuration?",
    'logs-metrics': 'How do you manage container logs and metrics?',
  }),
  // Infrastructure layer
  ...items('infrastructure', {
    'vpc-design': 'VPC design (private subnets, endpoints)',
    'load-balancer': 'Load balancer configuration',
    'security-groups-nacls': 'Security groups and NACLs',
    'service-discovery': 'ECS service discovery',
  }),
  ...items('infrastructure/q', {
    'security-group-config': 'Why specific security group configurations?',
    'service-to-service': 'How do you handle service-to-service communication?',
    'vpc-endpoints': "What's your approach to VPC endpoint strategy?",
  }),
  // Security layer
  ...items('security', {
    'iam-roles': 'IAM roles (execution vs task roles)',
    'secrets-management': 'Secrets management strategy',
    soc2: 'SOC 2 requirements',
    tls: 'SSL/TLS configuration',
  }),
  ...items('security/q', {
    'secrets-rotation': "What's your secrets rotation strategy?",
    'certificate-renewal': 'How do you handle SSL certificate renewal?',
    'iam-role-separation': "What's your approach to IAM role separation?",
  }),
  // Operations layer
  ...items('operations', {
    'ecs-exec': 'ECS Exec implementation',
    'cloudwatch-monitoring': 'CloudWatch monitoring',
    'alert-strategy': 'Alert strategy',
    'scaling-policies': 'Scaling policies',
  }),
  ...items('operations/q', {
    debugging: 'How do you approach container debugging?',
    'scaling-metrics': 'What metrics drive your scaling decisions?',
    'service-updates': 'How do you handle ECS service updates?',
  }),
  // Automation layer
  ...items('automation', {
    'github-actions': 'GitHub Actions setup',
    oidc: 'OIDC authentication',
    iac: 'Infrastructure as Code',
    'deployment-strategies': 'Deployment strategies',
  }),
  ...items('automation/q', {
    drift: 'How do you manage infrastructure drift?',
    rollback: "What's your deployment rollback strategy?",
    'cicd-secrets': 'How do you handle CI/CD secrets?',
  }),
  // Practical scenarios
  ...items('scenario/high-availability', {
    'instance-failures': 'Handles instance failures gracefully',
    'performance-under-load': 'Maintains performance under load',
    'health-checks': 'Implements proper health checks',
    'scaling-policies': 'Uses appropriate scaling policies',
  }),
  ...items('scenario/secure-internal', {
    'private-subnets': 'Runs in private subnets',
    'vpc-endpoints': 'Uses VPC endpoints appropriately',
    'least-privilege': 'Implements least privilege',
    secrets: 'Manages secrets properly',
  }),
  ...items('scenario/public-api', {
    'tls-at-alb': 'Terminates SSL at ALB',
    'security-headers': 'Implements proper security headers',
    'rate-limiting': 'Handles rate limiting',
    'api-metrics': 'Monitors API metrics',
  }),
  // Advanced challenges
  ...items('challenge/zero-downtime', {
    'blue-green': 'Blue/green deployment',
    canary: 'Canary releases',
    sessions: 'Session handling',
    'db-migrations': 'Database migrations',
  }),
  ...items('challenge/cross-account', {
    'trust-relationships': 'IAM roles and trust relationships',
    'resource-sharing': 'Resource sharing',
    'security-boundaries': 'Security boundaries',
    monitoring: 'Monitoring strategy',
  }),
  ...items('challenge/cost', {
    'right-sizing': 'Right-sizing tasks',
    'auto-scaling': 'Auto-scaling optimization',
    utilization: 'Resource utilization',
    'allocation-tags': 'Cost allocation tags',
  }),
];

const ids = new Set(CURRICULUM.map((c) => c.id));

export function isCurriculumId(id: string): boolean {
  return ids.has(id);
}
