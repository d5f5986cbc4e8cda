// What the blue/green checks read from an ECS service: its deployment strategy and bake time, its
// lifecycle hooks (stages, and the Lambda function each calls), and per load balancer the primary
// (blue) and alternate (green) target groups with the production and test listener rules that ECS
// moves traffic with (LoadBalancers[].AdvancedConfiguration).
import type { ModelResource, StackModel } from '../../engine/model/model';

/** Strategies ECS deploys with two target groups and a traffic shift (AWS::ECS::Service DeploymentConfiguration Strategy). */
export const BLUE_GREEN_STRATEGIES = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

export interface LoadBalancerLink {
  /** Logical id of the primary (blue) target group, when it is in the stack. */
  targetGroup?: string;
  /** AdvancedConfiguration, when present: logical ids where they are in the stack; `true` when set to something outside it. */
  alternate?: string | true;
  productionRule?: string | true;
  testRule?: string | true;
  role: boolean;
}

export interface BlueGreenView {
  service: ModelResource;
  /** `service Service/Service`, for messages. */
  who: string;
  controller: string;
  strategy: string;
  bakeMinutes?: number;
  hooks: { stages: string[]; target?: string }[];
  loadBalancers: LoadBalancerLink[];
}

export function blueGreenServices(model: StackModel): BlueGreenView[] {
  return model.ofType('AWS::ECS::Service').map((svc) => viewOf(model, svc));
}

function viewOf(model: StackModel, svc: ModelResource): BlueGreenView {
  const raw = svc.raw.Properties ?? {};
  const dc = (svc.props.DeploymentConfiguration ?? {}) as Record<string, any>;
  const rawHooks: any[] = Array.isArray(raw.DeploymentConfiguration?.LifecycleHooks) ? raw.DeploymentConfiguration.LifecycleHooks : [];
  const bake = Number(dc.BakeTimeInMinutes);
  const ref = (v: unknown): string | true | undefined => (v === undefined ? undefined : model.targetOf(v) ?? true);
  return {
    service: svc,
    who: `service ${model.describe(svc.logicalId)}`,
    controller: String(svc.props.DeploymentController?.Type ?? 'ECS'),
    strategy: String(dc.Strategy ?? 'ROLLING'),
    ...(dc.BakeTimeInMinutes !== undefined && Number.isFinite(bake) ? { bakeMinutes: bake } : {}),
    hooks: rawHooks.map((h) => ({
      stages: Array.isArray(h?.LifecycleStages) ? h.LifecycleStages.map(String) : [],
      ...(model.targetOf(h?.HookTargetArn) ? { target: model.targetOf(h.HookTargetArn) } : {}),
    })),
    loadBalancers: (Array.isArray(raw.LoadBalancers) ? raw.LoadBalancers : [])
      .filter((lb: any) => lb?.TargetGroupArn !== undefined)
      .map((lb: any) => {
        const adv = lb.AdvancedConfiguration;
        const tg = model.targetOf(lb.TargetGroupArn);
        return {
          ...(tg ? { targetGroup: tg } : {}),
          ...(adv ? { alternate: ref(adv.AlternateTargetGroupArn), productionRule: ref(adv.ProductionListenerRule), testRule: ref(adv.TestListenerRule) } : {}),
          role: adv?.RoleArn !== undefined,
        };
      }),
  };
}

export const isBlueGreen = (v: BlueGreenView): boolean => v.controller === 'ECS' && BLUE_GREEN_STRATEGIES.includes(v.strategy);

/** Logical ids of the target groups the service's tasks register with: blue and, during a deployment, green. */
export function targetGroupsOf(v: BlueGreenView): string[] {
  const ids = v.loadBalancers.flatMap((lb) => [lb.targetGroup, typeof lb.alternate === 'string' ? lb.alternate : undefined]);
  return [...new Set(ids.filter((id): id is string => !!id))];
}

/** A target group's attributes as key → value strings (TargetGroupAttributes). */
export function attributesOf(tg: ModelResource): Record<string, string> {
  const list = Array.isArray(tg.props.TargetGroupAttributes) ? tg.props.TargetGroupAttributes : [];
  return Object.fromEntries(list.filter((a: any) => typeof a?.Key === 'string').map((a: any) => [a.Key, String(a.Value)]));
}

/** Target groups a listener rule forwards to (plain or weighted forward). */
export function forwardTargets(model: StackModel, rule: ModelResource): string[] {
  const actions: any[] = Array.isArray(rule.raw.Properties?.Actions) ? rule.raw.Properties.Actions : [];
  return actions
    .filter((a) => a?.Type === 'forward')
    .flatMap((a) => [a.TargetGroupArn, ...(a.ForwardConfig?.TargetGroups ?? []).map((g: any) => g?.TargetGroupArn)])
    .map((v) => (v === undefined ? undefined : model.targetOf(v)))
    .filter((id): id is string => !!id);
}
