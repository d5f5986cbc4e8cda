// The deployed stack as CloudFormation knows it: its account and region, and the physical id of
// every resource by logical id. Live checks and live breaks find what to call through it; a stack
// that was never deployed is a one-line input error (exit 2), before anything else is called.
import { DescribeStacksCommand, GetTemplateCommand, paginateListStackResources } from '@aws-sdk/client-cloudformation';
import { LabError } from '../../errors';
import type { CfnTemplate, LiveResource } from '../../types';
import type { AwsClients } from '../clients';

export interface DeployedStack {
  name: string;
  /** The stack's ARN: `arn:<partition>:cloudformation:<region>:<account>:stack/<name>/<id>`. */
  arn: string;
  status: string;
  region: string;
  account: string;
  partition: string;
  resources: Map<string, LiveResource>;
}

/** CloudFormation answers a DescribeStacks of an unknown stack with this ValidationError. */
const NOT_FOUND = /does not exist/;

/** A stack whose resources are gone or going: nothing live to judge or break. */
const GONE = new Set(['DELETE_COMPLETE', 'DELETE_IN_PROGRESS', 'ROLLBACK_COMPLETE', 'CREATE_FAILED', 'ROLLBACK_IN_PROGRESS', 'REVIEW_IN_PROGRESS']);

export async function readDeployedStack(clients: AwsClients, stackName: string): Promise<DeployedStack> {
  const stack = await describeStack(clients, stackName);
  const arn = stack.StackId ?? '';
  const [, partition = 'aws', , region = '', account = ''] = arn.split(':');
  // ListStackResources, every page: DescribeStackResources returns only the first 100 resources
  // (CloudFormation API reference), and a lab's VPC, load balancer and service come close to that.
  const summaries = [];
  for await (const page of paginateListStackResources({ client: clients.cloudformation }, { StackName: arn || stackName })) {
    summaries.push(...(page.StackResourceSummaries ?? []));
  }
  const resources = new Map<string, LiveResource>();
  for (const r of summaries) {
    if (!r.LogicalResourceId || !r.ResourceType) continue;
    // A resource that failed to create or was deleted has no physical id worth calling.
    if (!r.PhysicalResourceId || r.ResourceStatus === 'DELETE_COMPLETE') continue;
    resources.set(r.LogicalResourceId, { logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId, type: r.ResourceType, status: r.ResourceStatus });
  }
  return { name: stackName, arn, status: stack.StackStatus ?? 'UNKNOWN', region, account, partition, resources };
}

async function describeStack(clients: AwsClients, stackName: string) {
  const notDeployed = () =>
    new LabError('E_NOT_DEPLOYED', `stack ${stackName} is not deployed in this account and region — run \`lab deploy\` first (or pass the --region / --profile you deployed with)`);
  try {
    const out = await clients.cloudformation.send(new DescribeStacksCommand({ StackName: stackName }));
    const stack = out.Stacks?.[0];
    if (!stack) throw notDeployed();
    if (GONE.has(stack.StackStatus ?? '')) {
      throw new LabError('E_NOT_DEPLOYED', `stack ${stackName} is ${stack.StackStatus}, so there is nothing live to work on — run \`lab deploy\` again`);
    }
    return stack;
  } catch (e) {
    if (e instanceof LabError) throw e;
    if ((e as { name?: string }).name === 'ValidationError' && NOT_FOUND.test((e as Error).message)) throw notDeployed();
    throw e;
  }
}

/** The template as deployed (its Metadata carries the construct paths drift breaks name resources by). */
export async function readDeployedTemplate(clients: AwsClients, stackName: string): Promise<CfnTemplate> {
  const out = await clients.cloudformation.send(new GetTemplateCommand({ StackName: stackName, TemplateStage: 'Original' }));
  const body = out.TemplateBody;
  if (!body) return {};
  return JSON.parse(body) as CfnTemplate;
}

/**
 * Logical ids of a template's resources of one type whose construct path (`aws:cdk:path`) holds
 * the given construct id or sub-path as whole segments — the same rule as StackModel.findByPath.
 */
export function logicalIdsByConstruct(template: CfnTemplate, construct: string, type: string): string[] {
  const want = construct.split('/').filter(Boolean);
  return Object.entries(template.Resources ?? {}).flatMap(([id, r]) => {
    if (r.Type !== type) return [];
    const segs = String(r.Metadata?.['aws:cdk:path'] ?? '').split('/');
    for (let i = 0; i + want.length <= segs.length; i++) if (want.every((w, j) => segs[i + j] === w)) return [id];
    return id === construct ? [id] : [];
  });
}

/** The one deployed resource a construct id names, or a one-line error that says what exists. */
export function resourceByConstruct(stack: DeployedStack, template: CfnTemplate, construct: string, type: string, what: string): LiveResource {
  const ids = logicalIdsByConstruct(template, construct, type);
  if (ids.length > 1) throw new LabError('E_LAB_DEFINITION', `"${construct}" names ${ids.length} ${what}s of stack ${stack.name} (${ids.join(', ')}) — the break must name one`);
  const found = ids.length === 1 ? stack.resources.get(ids[0]) : undefined;
  if (!found) throw new LabError('E_NOT_DEPLOYED', `stack ${stack.name} has no deployed ${what} "${construct}" — deploy your current stack (\`lab deploy\`) and try again`);
  return found;
}

/** `arn:aws:ecs:<region>:<account>:service/<cluster>/<name>` → the cluster's name (the service ARN's middle part). */
export function clusterOfServiceArn(arn: string): string | undefined {
  const m = /:service\/([^/]+)\/[^/]+$/.exec(arn);
  return m?.[1];
}
