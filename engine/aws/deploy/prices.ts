// A small price table for the cost estimate shown before a deploy: on-demand prices in
// US East (N. Virginia), USD, read December 2026. Other regions cost about the same or up to
// ~30 % more; the estimate says so. It exists to show the order of magnitude ("about $2 a day"),
// never to bill anyone.
// Sources:
//   Fargate            https://aws.amazon.com/fargate/pricing/
//   ALB                https://aws.amazon.com/elasticloadbalancing/pricing/
//   NAT gateway        https://aws.amazon.com/vpc/pricing/
//   Interface endpoint https://aws.amazon.com/privatelink/pricing/
//   CloudWatch alarms  https://aws.amazon.com/cloudwatch/pricing/
//   KMS                https://aws.amazon.com/kms/pricing/
//   Public IPv4        https://aws.amazon.com/vpc/pricing/ (public IPv4 address charge)

export const PRICES = {
  /** Fargate Linux/x86, per vCPU-hour and per GB-hour. */
  fargateVcpuHour: 0.04048,
  fargateGbHour: 0.004445,
  /** Fargate Linux/ARM (Graviton), per vCPU-hour and per GB-hour. */
  fargateArmVcpuHour: 0.03238,
  fargateArmGbHour: 0.00356,
  /** Application Load Balancer, per hour, plus one LCU-hour assumed for a lab's trickle of traffic. */
  albHour: 0.0225,
  albLcuHour: 0.008,
  /** NAT gateway, per hour (data processed, $0.045/GB, is extra and small in a lab). */
  natGatewayHour: 0.045,
  /** Interface VPC endpoint, per AZ per hour. */
  interfaceEndpointAzHour: 0.01,
  /** Standard-resolution CloudWatch alarm, per month. */
  alarmMonth: 0.1,
  /** KMS customer managed key, per month. */
  kmsKeyMonth: 1.0,
  /** Public IPv4 address (a NAT gateway's Elastic IP, a task with a public IP), per hour. */
  publicIpv4Hour: 0.005,
} as const;

/** AWS bills a month as 730 hours (365 × 24 / 12). */
export const HOURS_PER_MONTH = 730;
