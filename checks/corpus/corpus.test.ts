// The corpus test (issue 7): every check of the library on realistic ECS apps written for the
// test suite (apps.ts), judged as `lab audit <cdk.out>` judges them, against the verdict a careful
// engineer expects. Every (app, check) pair is asserted.
import { beforeAll, describe, expect, it } from 'vitest';
import { ALL_CHECKS } from '../index';
import { loadApp } from '../../engine/audit/load';
import { auditChecks } from '../../engine/audit/run';
import type { CheckResult } from '../../engine/types';
import { CORPUS, workspace, type CorpusApp } from './apps';

type Verdict = 'pass' | 'fail' | 'skip';
const APPS = Object.keys(CORPUS) as CorpusApp[];

/**
 * What every corpus app gets, and why. The apps are sound but not gold-plated: they build a good
 * image, health-check and log their container, run two tasks in private subnets across two zones
 * behind a load balancer — and leave out what many real apps leave out (alarms, auto scaling,
 * a circuit breaker, Container Insights, HTTPS), which the library rightly reports.
 */
const COMMON: Record<string, Verdict> = {
  'app.verifiable-offline': 'pass', // nothing in the apps needs AWS to be judged
  'app.no-drift': 'skip', // drift is read from a deployed stack: offline there is nothing to compare
  'ecs.service-behind-listener': 'pass',
  'ecs.container-health-check': 'pass', // an HTTP probe that exits 1 when /health fails
  'ecs.container-log-configuration': 'pass', // awslogs with a retention
  'ecs.exec-enabled': 'skip', // no service enables ECS Exec: nothing to judge (an audit profile)
  'ecs.exec-audited': 'skip',
  'ecs.exec-ready-container': 'skip',
  'ecs.exec-network-path': 'skip',
  'iam.roles-separated': 'pass', // CDK makes a task role and an execution role
  'iam.no-admin-or-wildcard-actions': 'pass',
  'iam.task-role-least-privilege': 'skip', // what the app needs is a lab's to say
  'iam.execution-role-minimal': 'skip', // the image repository is CDK's bootstrap one, not the app's
  'iam.policy-actions-exist': 'pass',
  'network.tasks-in-private-subnets': 'pass',
  'network.task-ingress-from-alb-only': 'pass', // CDK's load balancer target rules, nothing else
  'network.alb-ingress-web-only': 'fail', // port 80 open to the internet forwards plain HTTP (no redirect to HTTPS)
  'network.multi-az': 'pass', // two tasks, two zones
  'network.alb-reaches-tasks': 'pass',
  'network.internal-only': 'skip', // which service must stay internal is a lab's to say
  'docker.multi-stage-slim-final': 'pass',
  'docker.non-root-user': 'pass',
  'docker.no-secrets-in-image': 'pass',
  'docker.dockerignore': 'pass',
  'resilience.survives-az-outage': 'skip', // needs a load profile only a lab gives
  'resilience.survives-task-loss': 'skip',
  'resilience.absorbs-load-spike': 'skip',
  'resilience.safe-deployments': 'skip',
  'faults.experiment-guard-rails': 'skip', // no FIS experiment
  'faults.experiment-prerequisites': 'skip',
  'monitoring.container-insights': 'fail', // off (Security Hub ECS.12)
  'monitoring.alarms-cover-service': 'fail', // no alarm at all
  'monitoring.alarm-dimensions-resolve': 'skip', // no alarm to resolve
  'monitoring.missing-data-deliberate': 'skip',
  'monitoring.alerts-encrypted': 'skip',
  'deployments.circuit-breaker-rollback': 'fail', // a bad revision is retried forever
  'deployments.capacity-during-deploy': 'pass', // 100/200 defaults keep both tasks during a deployment
  'deployments.health-check-grace-period': 'pass', // CDK sets 60 s behind a load balancer
  'deployments.alarms-watch-release': 'fail', // no deployment alarms
  'scaling.target-tracking': 'fail', // a fixed task count
  'automation.oidc-trust-scoped': 'skip', // which repository may deploy is a lab's to say
  'automation.deploy-role-least-privilege': 'skip', // no role trusts GitHub's OIDC provider
  'automation.workflow-permissions': 'skip', // the apps have no .github/workflows/deploy.yml
  'automation.workflow-no-static-keys': 'skip',
  'automation.workflow-actions-pinned': 'skip',
  'automation.workflow-tests-before-deploy': 'skip',
  'automation.workflow-deploy-concurrency': 'skip',
  'automation.workflow-production-environment': 'skip',
  'automation.workflow-cdk-approval': 'skip',
  'automation.workflow-failure-path': 'skip',
  'automation.drift-reconciled': 'skip', // a drift snapshot and its decisions are a lab's
  'tls.https-policy': 'fail', // the load balancer serves the app over plain HTTP on 80, no HTTPS listener
  'tls.http-redirects-to-https': 'fail', // port 80 forwards instead of redirecting
  'tls.drop-invalid-headers': 'fail', // the ALB default passes invalid header names on (Security Hub ELB.4)
  'tls.certificate-auto-renews': 'skip', // no HTTPS listener, so no certificate to judge
  'compliance.encrypted-at-rest': 'fail', // the container's log group has no KMS key
  'compliance.log-retention': 'fail', // CDK's LogRetention keeps the awslogs group a month, short of a year's evidence
  'compliance.alb-access-logs': 'fail', // off by default (Security Hub ELB.5)
  'compliance.required-tags': 'fail', // no owner or data-classification tags
  'ecr.scan-on-push': 'skip', // images are CDK assets in the bootstrap repository: no repository in the app
  'ecr.immutable-tags': 'skip',
  'ecr.lifecycle-keeps-rollback': 'skip',
  'ecr.encrypted-with-kms': 'skip',
  'ecr.repository-policy-account-only': 'skip',
  'ecr.image-platforms-match-runtime': 'fail', // the image asset names no platform: built for whatever machine deploys
  'secrets.rotation-enabled': 'skip', // no container gets a secret of the stack through valueFrom
  'secrets.encrypted-with-cmk': 'skip',
  'secrets.read-only-by-execution-role': 'skip',
  'secrets.no-plaintext-in-template': 'pass', // no secret value is written in the template
  'config.values-from-references': 'skip', // which values come from where is a lab's to say
  'config.log-retention-encrypted': 'fail', // retention, but no customer managed key on the log group
  'config.emf-metrics-alarmed': 'fail', // no application metrics at all
  'network.task-subnets-have-nacl': 'skip', // no custom network ACL: a choice, not a defect (an audit profile)
  'network.nacl-no-admin-ports-from-internet': 'skip', // no network ACL to judge
  'endpoints.task-reaches-aws-services': 'pass', // every call (image, logs) goes out through the NAT gateway
  'endpoints.endpoint-ingress-from-tasks-only': 'skip', // no interface endpoint
  'discovery.backend-discoverable': 'skip', // one service: nothing publishes a name (an audit profile)
  'discovery.frontend-reaches-backend': 'skip',
  'discovery.backend-ingress-from-callers-only': 'skip',
  'cost.saving-meets-target': 'skip', // the utilization data and the saving target are a lab's to say
  'crossaccount.trust-and-sharing': 'skip', // which stack is which account is a lab's to say
  'api.security-headers': 'skip', // no HTTPS listener to add headers to
  'api.waf-rate-limit': 'fail', // no AWS WAF web ACL on the internet-facing load balancer (Security Hub ELB.16)
  'api.waf-managed-rules': 'fail',
  'api.metrics-alarmed': 'fail', // no alarm at all
  'bluegreen.strategy-with-bake-time': 'fail', // rolling deployments: customers reach a new task once it passes its health check
  'bluegreen.test-traffic-validated': 'fail', // nothing tests a release before customers reach it
  'bluegreen.migration-before-shift': 'skip', // whether releases change a schema is a lab's to say
  'bluegreen.connection-draining': 'skip', // the app's longest request is a lab's to say
  'bluegreen.sticky-sessions': 'skip', // whether sessions live in the task is a lab's to say
  'bluegreen.release-replay': 'skip', // needs a load profile only a lab gives
};

/** Where an app's expected verdict differs from COMMON, and why. */
const DIFFERENT: Partial<Record<CorpusApp, Record<string, Verdict>>> = {
  // An NLB (with a security group) has no HTTP listener for the ALB rule to judge.
  'nlb-fargate': { 'network.alb-ingress-web-only': 'skip', 'tls.https-policy': 'skip', 'tls.http-redirects-to-https': 'skip', 'tls.drop-invalid-headers': 'skip', 'compliance.alb-access-logs': 'skip', 'api.waf-rate-limit': 'skip', 'api.waf-managed-rules': 'skip', 'api.metrics-alarmed': 'skip' },
  // Imported resources are unknown, not failures (issue 7 item 2): the template has only subnet
  // ids, so their routes and zones cannot be judged offline (CDK's fromVpcAttributes knows the
  // zones, the template does not).
  'imported-vpc': { 'network.tasks-in-private-subnets': 'skip', 'network.multi-az': 'skip', 'endpoints.task-reaches-aws-services': 'skip' },
  // web calls api by its Service Connect name, and api's group admits only web's.
  'service-connect': { 'discovery.backend-discoverable': 'pass', 'discovery.frontend-reaches-backend': 'pass', 'discovery.backend-ingress-from-callers-only': 'pass' },
};



function expectedFor(app: CorpusApp, check: string): Verdict | undefined {
  return DIFFERENT[app]?.[check] ?? COMMON[check];
}

describe('the corpus covers the whole library', () => {
  it('every check has an expected verdict for every app, ', () => {
    const ids = ALL_CHECKS.map((c) => c.id);
    expect(ids.filter((id) => COMMON[id] === undefined)).toEqual([]);
    expect(Object.keys(COMMON).filter((id) => !ids.includes(id))).toEqual([]);
    expect(APPS).toHaveLength(6);
  });
});

describe.each(APPS)('corpus app %s', (app) => {
  const results = new Map<string, CheckResult>();

  beforeAll(async () => {
    const ws = workspace();
    CORPUS[app](ws).synth();
    const loaded = await loadApp({ kind: 'cdk-out', root: ws.root, dir: ws.outdir });
    try {
      for (const r of await auditChecks(loaded)) results.set(r.id, r);
    } finally {
      loaded.dispose();
    }
  }, 120_000);

  const asserted = ALL_CHECKS.map((c) => c.id);
  it.each(asserted)(`%s`, (id) => {
    const r = results.get(id);
    const expected = expectedFor(app, id);
    // The first finding says why when the verdict is not the expected one.
    expect({ id, status: r?.status, why: r?.status === expected ? undefined : r?.findings[0]?.message }).toEqual({ id, status: expected, why: undefined });
  });

});
