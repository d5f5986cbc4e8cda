import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { offlineContext, checkStack } from '../../engine/testing/offline-context';
import { alarmDimensionsResolve, dimensionNames } from './alarm-dimensions-resolve';
import { alarm, literalMetric, monitoredStack, type Monitored } from './fixtures';

const ALB = 'AWS/ApplicationELB';
const messages = async (stack: Stack) => (await checkStack(alarmDimensionsResolve, stack)).findings.map((f) => f.message);

/** A second service on its own cluster and load balancer in the same stack ("orders"). */
function withOrders(m: Monitored) {
  const vpc = m.cluster.vpc;
  const cluster = new ecs.Cluster(m.stack, 'OrdersCluster', { vpc });
  const task = new ecs.FargateTaskDefinition(m.stack, 'OrdersTask');
  task.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), portMappings: [{ containerPort: 8080 }] });
  const service = new ecs.FargateService(m.stack, 'Orders', { cluster, taskDefinition: task, vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC } });
  const alb = new elbv2.ApplicationLoadBalancer(m.stack, 'OrdersAlb', { vpc, internetFacing: true });
  const targetGroup = alb.addListener('Http', { port: 80 }).addTargets('App', { port: 8080, protocol: elbv2.ApplicationProtocol.HTTP, targets: [service] });
  return { cluster, service, alb, targetGroup };
}

describe('monitoring.alarm-dimensions-resolve', () => {
  it('Compliance 1: alarms built from the constructs (ECS, load balancer and target group metrics)', async () => {
    expect((await checkStack(alarmDimensionsResolve, monitoredStack().stack)).status).toBe('pass');
  });

  it("Compliance 2: a written name that is this stack's cluster's name", async () => {
    const m = monitoredStack({ alarms: false });
    (m.cluster.node.defaultChild as ecs.CfnCluster).clusterName = 'web';
    alarm(m, 'Cpu', literalMetric('AWS/ECS', 'CPUUtilization', { ClusterName: 'web', ServiceName: m.service.serviceName }), cw.TreatMissingData.BREACHING);
    expect((await checkStack(alarmDimensionsResolve, m.stack)).status).toBe('pass');
  });

  it('Compliance 3: dimensions of other namespaces are not judged', async () => {
    const m = monitoredStack();
    alarm(m, 'Kafka', literalMetric('AWS/Kafka', 'CpuUser', { ClusterName: 'streams' }), cw.TreatMissingData.MISSING);
    expect((await checkStack(alarmDimensionsResolve, m.stack)).status).toBe('pass');
  });

  it("Noncompliance 1: CPU alarm copied from another stack: its cluster and service names, both named", async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Cpu', literalMetric('AWS/ECS', 'CPUUtilization', { ClusterName: 'orders-prod', ServiceName: 'orders-api' }), cw.TreatMissingData.BREACHING);
    const r = await checkStack(alarmDimensionsResolve, m.stack);
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([
      'alarm Cpu (CPUUtilization): ClusterName=orders-prod is no cluster of this stack (it has Cluster)',
      'alarm Cpu (CPUUtilization): ServiceName=orders-api is no service of this stack (it has Service/Service)',
    ]);
    expect(r.findings[0].constructPath).toBe('Test/Cpu/Resource');
  });

  it('Noncompliance 2: a hard-coded load balancer full name', async () => {
    const m = monitoredStack({ alarms: false });
    alarm(m, 'Errors', literalMetric(ALB, 'HTTPCode_Target_5XX_Count', { LoadBalancer: 'app/web-prod/50dc6c495c0c9188' }, 'Sum'), cw.TreatMissingData.NOT_BREACHING);
    expect(await messages(m.stack)).toEqual(['alarm Errors (HTTPCode_Target_5XX_Count): LoadBalancer=app/web-prod/50dc6c495c0c9188 is no Application Load Balancer of this stack (it has Alb)']);
  });

  it("Noncompliance 3: another service's target group, under this service's load balancer", async () => {
    const m = monitoredStack({ alarms: false });
    const orders = withOrders(m);
    alarm(m, 'Unhealthy', literalMetric(ALB, 'UnHealthyHostCount', { TargetGroup: orders.targetGroup.targetGroupFullName, LoadBalancer: m.alb.loadBalancerFullName }), cw.TreatMissingData.BREACHING);
    expect(await messages(m.stack)).toEqual(['alarm Unhealthy (UnHealthyHostCount): target group OrdersAlb/Http/AppGroup is not behind load balancer Alb']);
  });

  it('Noncompliance 4: the right service name under the wrong cluster', async () => {
    const m = monitoredStack({ alarms: false });
    const orders = withOrders(m);
    alarm(m, 'Memory', literalMetric('AWS/ECS', 'MemoryUtilization', { ClusterName: orders.cluster.clusterName, ServiceName: m.service.serviceName }), cw.TreatMissingData.BREACHING);
    expect(await messages(m.stack)).toEqual(['alarm Memory (MemoryUtilization): service Service/Service does not run in cluster OrdersCluster']);
  });

  it('Noncompliance 5: a name from a parameter cannot be shown to be this stack\'s', async () => {
    const m = monitoredStack({ alarms: false });
    const name = new CfnParameter(m.stack, 'ServiceName', { type: 'String' });
    alarm(m, 'Cpu', literalMetric('AWS/ECS', 'CPUUtilization', { ClusterName: m.cluster.clusterName, ServiceName: name.valueAsString }), cw.TreatMissingData.BREACHING);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^alarm Cpu \(CPUUtilization\): ServiceName comes from outside the stack/)]);
  });

  it('Noncompliance 6: a metric-math alarm is judged on each of its metrics', async () => {
    const m = monitoredStack({ alarms: false });
    const rate = new cw.MathExpression({
      expression: '100 * e / r',
      usingMetrics: { e: literalMetric(ALB, 'HTTPCode_Target_5XX_Count', { LoadBalancer: 'app/orders/1' }, 'Sum'), r: m.alb.metrics.requestCount() },
    });
    alarm(m, 'Rate', rate, cw.TreatMissingData.NOT_BREACHING);
    expect(await messages(m.stack)).toEqual([expect.stringMatching(/^alarm Rate \(HTTPCode_Target_5XX_Count\): LoadBalancer=app\/orders\/1 is no Application Load Balancer/)]);
  });

  it("Noncompliance 7: this stack's synthetic names written by hand are not its real names", async () => {
    const m = monitoredStack({ alarms: false });
    const { model } = offlineContext(m.stack);
    const names = dimensionNames(model);
    const [clusterName] = names.clusters.keys();
    const [lbName] = names.loadBalancers.keys();
    alarm(m, 'Cpu', literalMetric('AWS/ECS', 'CPUUtilization', { ClusterName: clusterName, ServiceName: m.service.serviceName }), cw.TreatMissingData.BREACHING);
    alarm(m, 'Errors', literalMetric(ALB, 'HTTPCode_ELB_5XX_Count', { LoadBalancer: lbName }, 'Sum'), cw.TreatMissingData.NOT_BREACHING);
    expect(await messages(m.stack)).toEqual([
      `alarm Cpu (CPUUtilization): ClusterName=${clusterName} is written by hand, but Cluster has no name of its own: CloudFormation makes one up when it is deployed`,
      `alarm Errors (HTTPCode_ELB_5XX_Count): LoadBalancer=${lbName} is written by hand, but the full name of Alb ends in an id made when it is created`,
    ]);
  });

  it('skips a stack whose alarms name no ECS or load balancer resource', async () => {
    const stack = new Stack(new App(), 'Test');
    new cw.Alarm(stack, 'Billing', { metric: new cw.Metric({ namespace: 'AWS/Billing', metricName: 'EstimatedCharges' }), threshold: 100, evaluationPeriods: 1 });
    expect((await checkStack(alarmDimensionsResolve, stack)).status).toBe('skip');
  });

  it('maps what each resource is called in dimensions back to it', () => {
    const { model } = offlineContext(monitoredStack({ alarms: false }).stack);
    const names = dimensionNames(model);
    expect([...names.loadBalancers.keys()]).toEqual([expect.stringMatching(/^app\/Alb[0-9A-F]{8}\/[0-9a-f]+$/)]);
    expect([...names.targetGroups.keys()]).toEqual([expect.stringMatching(/^targetgroup\/AlbHttpAppGroup[0-9A-F]{8}\/[0-9a-f]+$/)]);
    expect([...names.clusters.values()]).toEqual([expect.stringMatching(/^Cluster/)]);
  });
});
