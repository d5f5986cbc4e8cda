// What every experiment of the library shares: the role FIS assumes (only the actions the
// experiment needs), the CloudWatch alarm that stops it, a log group for its run log, and the
// AWS::FIS::ExperimentTemplate itself, tagged with the lab.
import { Duration, RemovalPolicy, Stack, Tags } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkLabId, checkWhole, LAB_TAG_KEY } from './guard-rails';

/** The FIS service principal: the only one that may assume an experiment's role. */
export const FIS_PRINCIPAL = 'fis.amazonaws.com';
/** FIS's stop-condition source for a CloudWatch alarm (FIS API: ExperimentTemplateStopCondition). */
export const ALARM_SOURCE = 'aws:cloudwatch:alarm';
/** Version 2 of the FIS experiment log schema (FIS user guide, experiment logging). */
const LOG_SCHEMA_VERSION = 2;

export interface FaultExperimentProps {
  /** The lab's id (`operations/resilience`): the value of the `ecs-lab:lab` tag targets are selected by. */
  labId: string;
  /** The ECS service the experiment hits. Its tasks are selected by the lab tag, its cluster and its name. */
  service: ecs.BaseService;
  /**
   * The alarm that stops the experiment when it goes into ALARM. Without one the construct makes
   * one: on the target group's HealthyHostCount when `targetGroup` is given, else on the service's
   * running task count (Container Insights, `ECS/ContainerInsights` RunningTaskCount).
   */
  stopAlarm?: cloudwatch.IAlarm;
  /** The service's target group, for the default stop alarm. */
  targetGroup?: elbv2.IApplicationTargetGroup;
  /**
   * The default alarm fires when fewer than this many targets are healthy (or tasks run): the
   * experiment is meant to dent the service, never to take it down. Default 1.
   */
  minHealthy?: number;
  /** One sentence for the template's description (the experiment's hypothesis). */
  description?: string;
}

/** What a concrete experiment adds: its targets, actions and the IAM statements FIS needs for them. */
export interface ExperimentSpec {
  kind: string;
  description: string;
  targets: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateTargetProperty>;
  actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty>;
  statements: iam.PolicyStatement[];
}

/** Base of every experiment construct: builds the role, the stop alarm, the log group and the template. */
export abstract class FaultExperiment extends Construct {
  readonly role: iam.Role;
  readonly stopAlarm: cloudwatch.IAlarm;
  readonly logGroup: logs.LogGroup;
  readonly template: fis.CfnExperimentTemplate;
  readonly labId: string;

  protected constructor(scope: Construct, id: string, props: FaultExperimentProps, spec: () => ExperimentSpec) {
    super(scope, id);
    this.labId = checkLabId(props.labId);
    const { kind, description, targets, actions, statements } = spec();
    tagService(props.service, this.labId);

    this.stopAlarm = props.stopAlarm ?? defaultStopAlarm(this, props);
    this.logGroup = new logs.LogGroup(this, 'Log', { retention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
    this.role = new iam.Role(this, 'Role', {
      // aws:SourceAccount keeps another account's experiment from borrowing the role (confused deputy).
      assumedBy: new iam.ServicePrincipal(FIS_PRINCIPAL, { conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } } }),
      description: `FIS role of the ${kind} experiment of lab ${this.labId}: only what ${kind} needs`,
    });
    for (const s of [...statements, ...logDeliveryStatements()]) this.role.addToPrincipalPolicy(s);

    this.template = new fis.CfnExperimentTemplate(this, 'Template', {
      description: props.description ?? description,
      roleArn: this.role.roleArn,
      targets,
      actions,
      stopConditions: [{ source: ALARM_SOURCE, value: this.stopAlarm.alarmArn }],
      logConfiguration: { logSchemaVersion: LOG_SCHEMA_VERSION, cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn } },
      tags: { Name: `${this.labId} ${kind}`, [LAB_TAG_KEY]: this.labId },
    });
    // The role's policy must exist before FIS validates the template against it.
    this.template.node.addDependency(this.role);
  }

  /** The experiment template's id, for `StartExperiment`. */
  get experimentTemplateId(): string {
    return this.template.ref;
  }
}

/**
 * Tasks carry the lab tag only if the service tags them: tag the service and, unless the learner
 * chose a source, propagate the service's tags to its tasks.
 */
function tagService(service: ecs.BaseService, labId: string): void {
  Tags.of(service).add(LAB_TAG_KEY, labId);
  const cfn = service.node.defaultChild as ecs.CfnService;
  if (cfn.propagateTags === undefined) cfn.propagateTags = 'SERVICE';
}

/** The alarm documented on `stopAlarm`: the service lost what it needs to keep serving. */
function defaultStopAlarm(scope: Construct, props: FaultExperimentProps): cloudwatch.Alarm {
  const minHealthy = checkWhole('minHealthy', props.minHealthy ?? 1, 1, 100);
  const period = Duration.minutes(1);
  const metric = props.targetGroup
    ? props.targetGroup.metrics.healthyHostCount({ period, statistic: 'Minimum' })
    : new cloudwatch.Metric({
        namespace: 'ECS/ContainerInsights',
        metricName: 'RunningTaskCount',
        dimensionsMap: { ClusterName: props.service.cluster.clusterName, ServiceName: props.service.serviceName },
        period,
        statistic: 'Minimum',
      });
  return new cloudwatch.Alarm(scope, 'StopAlarm', {
    metric,
    threshold: minHealthy,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
    evaluationPeriods: 1,
    // No data means nothing reports healthy: stop rather than carry on blind.
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    alarmDescription: `Stops the FIS experiment when fewer than ${minHealthy} ${props.targetGroup ? 'targets are healthy' : 'tasks run'}`,
  });
}

/**
 * FIS delivers the experiment log through CloudWatch Logs vended log delivery; these actions
 * take no resource ARN (FIS user guide, "Experiment logging permissions").
 */
function logDeliveryStatements(): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: 'ExperimentLog',
      actions: ['logs:CreateLogDelivery', 'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      resources: ['*'],
    }),
  ];
}

/** `arn:aws:ecs:<region>:<account>:task/<cluster>/*`: the tasks of one cluster. */
export function taskArnsOf(scope: Construct, service: ecs.BaseService): string {
  return Stack.of(scope).formatArn({ service: 'ecs', resource: 'task', resourceName: `${service.cluster.clusterName}/*` });
}
