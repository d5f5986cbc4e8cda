// For check tests: synthesize a stack built from real CDK constructs and hand back the context
// an offline check receives, exactly as the engine builds it for a learner's workspace.
import type { App, Stack } from 'aws-cdk-lib';
import { StackModel } from '../model/model';
import { collectOrigins } from '../synth/synthesize';
import type { CheckDefinition, CheckResult, OfflineCheckContext } from '../types';
import { runCheck } from '../checking/run-checks';

export function offlineContext<P = Record<string, unknown>>(stack: Stack, params: P = {} as P): OfflineCheckContext<P> {
  const app = stack.node.root as App;
  const assembly = app.synth({ force: true });
  const artifact = assembly.getStackArtifact(stack.artifactId);
  return {
    template: artifact.template,
    model: new StackModel(artifact.template, collectOrigins(stack)),
    params,
    assemblyDir: assembly.directory,
  };
}

/** Runs one check against a stack the way the engine would (params parsed, errors isolated). */
export function checkStack(check: CheckDefinition<any>, stack: Stack, params: Record<string, unknown> = {}): Promise<CheckResult> {
  const { params: _ignored, ...base } = offlineContext(stack);
  return runCheck(check, base, params);
}
