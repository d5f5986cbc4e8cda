// Small in-memory templates for the ECR checks: one repository, and a service whose task
// definition runs an image from it. Each test changes one property.
import { runCheck } from '../../engine/checking/run-checks';
import { StackModel } from '../../engine/model/model';
import type { CfnTemplate, CheckDefinition, CheckResult } from '../../engine/types';

export interface RepoStackOptions {
  repo?: Record<string, unknown>;
  tag?: string;
  arch?: 'ARM64' | 'X86_64';
  extra?: Record<string, unknown>;
  /** The container image instead of the repository's (`nginx:1.27`, an asset URI). */
  image?: unknown;
}

export function repoTemplate(opts: RepoStackOptions = {}): CfnTemplate {
  const image = opts.image ?? {
    'Fn::Join': ['', [{ 'Fn::Select': [4, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }, '.dkr.ecr.', { 'Fn::Select': [3, { 'Fn::Split': [':', { 'Fn::GetAtt': ['Repo', 'Arn'] }] }] }, '.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: 'Repo' }, `:${opts.tag ?? 'v1.4.2'}`]],
  };
  return {
    Resources: {
      Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'ecs-lab/web', ...opts.repo } },
      TaskDef: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: {
          RequiresCompatibilities: ['FARGATE'],
          ...(opts.arch ? { RuntimePlatform: { CpuArchitecture: opts.arch, OperatingSystemFamily: 'LINUX' } } : {}),
          ContainerDefinitions: [{ Name: 'web', Image: image, Essential: true }],
        },
      },
      Service: { Type: 'AWS::ECS::Service', Properties: { TaskDefinition: { Ref: 'TaskDef' } } },
      ...opts.extra,
    },
  };
}

export function run(check: CheckDefinition<any>, template: CfnTemplate, params: Record<string, unknown> = {}, extra: { assemblyDir?: string; workspaceDir?: string } = {}): Promise<CheckResult> {
  return runCheck(check, { template, model: new StackModel(template), ...extra }, params);
}

export const messages = (r: CheckResult) => r.findings.map((f) => f.message);
