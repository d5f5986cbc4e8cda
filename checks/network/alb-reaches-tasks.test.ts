import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { describe, expect, it } from 'vitest';
import { checkStack } from '../../engine/testing/offline-context';
import { albReachesTasks } from './alb-reaches-tasks';
import { APP_PORT, webStack } from './fixtures';

describe('network.alb-reaches-tasks', () => {
  it('Compliance 1: the rules CDK adds when the service becomes a target', async () => {
    expect((await checkStack(albReachesTasks, webStack())).status).toBe('pass');
  });

  it('Compliance 2: wide open still reaches (other checks judge that)', async () => {
    const stack = webStack({ taskIngress: (task) => task.addIngressRule(ec2.Peer.anyIpv4(), ec2.Port.allTraffic()) });
    expect((await checkStack(albReachesTasks, stack)).status).toBe('pass');
  });

  it('Noncompliance 1: the tasks no longer let the load balancer in', async () => {
    const r = await checkStack(albReachesTasks, webStack({ cutLinks: 'ingress' }));
    expect(r.status).toBe('fail');
    expect(r.findings.map((f) => f.message)).toEqual([`tasks of service Service/Service do not accept tcp ${APP_PORT} from load balancer Alb's security group, so it cannot reach them`]);
    expect(r.findings[0].constructPath).toBe('Test/TaskSg/Resource');
  });

  it('Noncompliance 2: the load balancer may not send to the tasks', async () => {
    const r = await checkStack(albReachesTasks, webStack({ cutLinks: 'egress' }));
    expect(r.findings.map((f) => f.message)).toEqual([`load balancer Alb's security group lets no traffic out to the tasks of service Service/Service on tcp ${APP_PORT}`]);
    expect(r.findings[0].constructPath).toBe('Test/AlbSg/Resource');
  });

  it('Noncompliance 3: "closing everything" blocks both ends', async () => {
    const r = await checkStack(albReachesTasks, webStack({ cutLinks: 'both' }));
    expect(r.findings).toHaveLength(2);
  });

  it('Noncompliance 4: the rule opens the wrong port', async () => {
    const stack = webStack({ cutLinks: 'ingress', taskIngress: (task, alb) => task.connections.allowFrom(alb, ec2.Port.tcp(80)) });
    const r = await checkStack(albReachesTasks, stack);
    expect(r.findings[0].message).toMatch(/do not accept tcp 8080/);
  });

  it('Noncompliance 5: a separate health check port must be reachable too', async () => {
    const stack = webStack();
    const tg = stack.node.findAll().find((c) => c instanceof elbv2.ApplicationTargetGroup) as elbv2.ApplicationTargetGroup;
    tg.configureHealthCheck({ port: '9000', path: '/health' });
    const r = await checkStack(albReachesTasks, stack);
    expect(r.findings.map((f) => f.message)).toEqual([
      "tasks of service Service/Service do not accept tcp 9000 from load balancer Alb's security group, so it cannot reach them",
      "load balancer Alb's security group lets no traffic out to the tasks of service Service/Service on tcp 9000",
    ]);
  });
});
