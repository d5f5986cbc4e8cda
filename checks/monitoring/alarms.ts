// The CloudWatch alarms of a stack as the monitoring checks read them: what each alarm watches
// (namespace, metric, dimensions, statistic), whom it notifies and how it treats missing data.
// An alarm on one metric and a metric-math alarm (`Metrics`) read the same way.
import type { StackModel } from '../../engine/model/model';

export interface Dimension {
  name: string;
  /** As written in the template (a Ref, a GetAtt, a literal). */
  raw: unknown;
  /** Resolved to a synthetic value. */
  value: unknown;
}

export interface WatchedMetric {
  namespace?: string;
  metricName?: string;
  dimensions: Dimension[];
  /** `Average`, `Sum`, `p99`… (Statistic, ExtendedStatistic or a metric stat's Stat). */
  statistic?: string;
}

export interface AlarmView {
  logicalId: string;
  metrics: WatchedMetric[];
  /** AlarmActions as written. */
  alarmActions: unknown[];
  /** False when ActionsEnabled is false: the alarm changes state but notifies nobody. */
  actionsEnabled: boolean;
  treatMissingData?: string;
}

export const ALARM_TYPE = 'AWS::CloudWatch::Alarm';

export function readAlarms(model: StackModel): AlarmView[] {
  return model.ofType(ALARM_TYPE).map((alarm) => {
    const raw = alarm.raw.Properties ?? {};
    const single: WatchedMetric[] = raw.MetricName
      ? [{ namespace: alarm.props.Namespace, metricName: alarm.props.MetricName, dimensions: dimensions(model, raw.Dimensions), statistic: alarm.props.ExtendedStatistic ?? alarm.props.Statistic }]
      : [];
    const math: WatchedMetric[] = (Array.isArray(raw.Metrics) ? raw.Metrics : [])
      .map((m: any) => m?.MetricStat)
      .filter(Boolean)
      .map((stat: any) => ({
        namespace: model.resolve(stat.Metric?.Namespace),
        metricName: model.resolve(stat.Metric?.MetricName),
        dimensions: dimensions(model, stat.Metric?.Dimensions),
        statistic: model.resolve(stat.Stat),
      }));
    return {
      logicalId: alarm.logicalId,
      metrics: [...single, ...math],
      alarmActions: Array.isArray(raw.AlarmActions) ? raw.AlarmActions : [],
      actionsEnabled: alarm.props.ActionsEnabled !== false && alarm.props.ActionsEnabled !== 'false',
      treatMissingData: typeof alarm.props.TreatMissingData === 'string' ? alarm.props.TreatMissingData : undefined,
    };
  });
}

function dimensions(model: StackModel, raw: unknown): Dimension[] {
  if (!Array.isArray(raw)) return [];
  return raw.map((d: any) => ({ name: String(model.resolve(d?.Name)), raw: d?.Value, value: model.resolve(d?.Value) }));
}

/** The SNS topics of this stack an alarm notifies when it goes into ALARM (none when its actions are disabled). */
export function notifiedTopics(model: StackModel, alarm: AlarmView): string[] {
  if (!alarm.actionsEnabled) return [];
  return alarm.alarmActions.map((a) => model.targetOf(a) ?? model.targetOf(model.resolve(a))).filter((id): id is string => !!id && model.resource(id)?.type === 'AWS::SNS::Topic');
}

/** `name=value` of a dimension, for messages. */
export function showDimension(d: Dimension): string {
  return `${d.name}=${typeof d.value === 'string' ? d.value : JSON.stringify(d.value)}`;
}
