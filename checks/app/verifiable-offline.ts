import type { ModelResource, StackModel } from '../../engine/model/model';
import { iamModelOf } from '../../engine/model/iam';
import { defineCheck, type Finding } from '../../engine/types';

interface Params {
  /** The AWS services the lab is about (IAM action prefixes: `iam`, `ec2`, `ecr`…). */
  services: string[];
}

/** What a thing the model cannot judge may change at deploy time: some services, or anything. */
type Reach = { services: Set<string> } | { anything: string };

/**
 * Nothing that the offline model cannot see through changes what the lab is about. A custom
 * resource runs code at deploy time, a transform or macro rewrites the template, a nested stack
 * from a URL is a template nobody here has read: their effect is unknown before deploying. One
 * whose provider's role may act on the lab's services (or whose reach cannot be told) fails; the
 * rest cannot change the verdict.
 */
export const verifiableOffline = defineCheck<Params>({
  id: 'app.verifiable-offline',
  title: 'Nothing the offline checks cannot see changes what this lab is about',
  severity: 'high',
  why:
    'A custom resource runs code during the deployment, a macro or transform rewrites the template, and a nested stack ' +
    'loaded from a URL is a template nobody reviewed: an admin policy attached that way never shows in the synthesized ' +
    'template. Reviews, cdk-nag and these checks only see what the template says, so keep what matters in plain resources.',
  refs: {
    docs: [
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-custom-resources.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-macros.html',
    ],
  },
  params: (raw) => {
    const services = raw.services ?? [];
    if (!Array.isArray(services) || !services.every((s) => typeof s === 'string' && /^[a-z0-9-]+$/.test(s))) {
      throw new Error('services must be a list of IAM service prefixes, e.g. ["iam"]');
    }
    return { services: services as string[] };
  },
  offline({ model, params }) {
    const findings: Finding[] = [];
    const about = new Set(params.services);
    const touchesLab = (reach: Reach) => 'anything' in reach || [...reach.services].some((s) => about.has(s));
    const describeReach = (reach: Reach) =>
      'anything' in reach ? reach.anything : `its provider may call ${[...reach.services].filter((s) => about.has(s)).join(', ')}`;

    for (const stack of model.app?.stacks ?? []) {
      for (const transform of stack.transforms) {
        findings.push({
          message: `stack ${stack.name} is processed by the transform ${transform}: the template that gets deployed is not the one synthesized, so it cannot be verified offline`,
          hint: 'Write the resources out with CDK constructs instead of a transform or macro.',
        });
      }
    }
    for (const r of model.resources()) {
      if (r.type === 'AWS::CloudFormation::Stack' && r.raw.Metadata?.['aws:asset:path'] === undefined) {
        findings.push(
          model.finding(r.logicalId, `nested stack ${model.describe(r.logicalId)} loads its template from a URL, so it cannot be verified offline`, 'Define the nested stack in the app (new NestedStack(...)) so its template is synthesized and judged.'),
        );
        continue;
      }
      if (r.type !== 'AWS::CloudFormation::CustomResource' && !r.type.startsWith('Custom::')) continue;
      const reach = reachOf(model, r);
      if (!touchesLab(reach)) continue;
      findings.push(
        model.finding(
          r.logicalId,
          `custom resource ${model.describe(r.logicalId)} (${r.type}) runs code at deploy time that cannot be verified offline, and ${describeReach(reach)}`,
          'Make the change with plain CDK constructs (roles, policies, security groups) so it is part of the template and can be judged.',
        ),
      );
    }
    return findings.length ? { status: 'fail', findings } : { status: 'pass' };
  },
});

/** The services a custom resource's provider may call: from an AwsCustomResource's calls, or its Lambda's role. */
function reachOf(model: StackModel, r: ModelResource): Reach {
  const calls = ['Create', 'Update', 'Delete'].map((k) => r.props[k]).filter((v): v is string => typeof v === 'string');
  const services = new Set<string>();
  for (const call of calls) {
    try {
      const service = (JSON.parse(call) as { service?: unknown }).service;
      if (typeof service === 'string') services.add(service.toLowerCase().replace(/^@aws-sdk\/client-/, ''));
    } catch {
      return { anything: 'its API calls cannot be read' };
    }
  }
  const fnId = model.targetOf(r.raw.Properties?.ServiceToken) ?? model.targetOf(r.props.ServiceToken);
  const fn = fnId ? model.resource(fnId) : undefined;
  if (!fn || fn.type !== 'AWS::Lambda::Function') return { anything: 'its provider is outside the app, so what it does is unknown' };
  const roleId = model.targetOf(fn.raw.Properties?.Role) ?? model.targetOf(fn.props.Role);
  const role = roleId ? iamModelOf(model).role(roleId) : undefined;
  if (!role) return { anything: 'its provider’s role is outside the app, so what it may do is unknown' };
  if (role.unknown.length) return { anything: 'its provider’s role has a policy whose contents are unknown' };
  for (const p of role.policies) {
    for (const st of p.statements) {
      if (st.effect !== 'Allow') continue;
      if (st.notActions) return { anything: 'its provider’s role is allowed every action but a few (NotAction)' };
      for (const a of st.actions ?? []) {
        if (a === '*') return { anything: 'its provider’s role is allowed every action' };
        services.add(a.split(':')[0].toLowerCase());
      }
    }
  }
  return { services };
}
