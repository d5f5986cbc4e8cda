// Turns what `lab audit` was given into the judged app every check reads: condition scenarios
// of the whole app folded into one model (engine/model/app-template.ts), the assembly folder when
// there is one (staged Docker build contexts), and the folder findings' files are relative to.
import { basename, relative } from 'node:path';
import { LabError } from '../errors';
import { mergeStacks, type StackInfo } from '../model/app-template';
import { conditionScenarios, type ConditionScenario } from '../model/conditions';
import { StackModel, type ResourceOrigin } from '../model/model';
import { buildModel, WorkspaceSynthesizer } from '../synth';
import { readAssembly } from '../synth/assembly';
import type { AuditInput } from './detect';
import { readTemplateFile } from './template-file';

export interface LoadedApp {
  scenarios: { scenario: ConditionScenario; model: StackModel }[];
  stacks: StackInfo[];
  /** The cloud assembly (synthesized or given), when there is one on disk. */
  assemblyDir?: string;
  /** The app's folder, for apps synthesized from source. */
  workspaceDir?: string;
  warnings: string[];
  /** What the app printed while it was synthesized (shown, never judged). */
  appOutput?: string;
  dispose(): void;
}

/** The stack name the engine would give a stack it creates; an app that builds its own App names its own. */
const AUDIT_STACK_NAME = 'Audited';

export async function loadApp(input: AuditInput, opts: { timeoutMs?: number } = {}): Promise<LoadedApp> {
  switch (input.kind) {
    case 'template':
      return loadTemplate(input.file, input.root);
    case 'cdk-out':
      return loadAssembly(input.dir);
    case 'cdk-app':
    case 'entry':
      return synthesizeApp(input.root, input.entry, input.context, opts.timeoutMs);
  }
}

function loadTemplate(file: string, root: string): LoadedApp {
  const name = basename(file);
  const { template, resourcePositions } = readTemplateFile(file, name);
  const merged = mergeStacks([{ name, template }], name);
  // A finding about a resource points at the line that defines it in the template.
  const origins = new Map<string, ResourceOrigin>();
  for (const [id, pos] of resourcePositions) origins.set(id, { location: { file: relative(root, file), line: pos.line, column: pos.column } });
  const shape = { stackOf: merged.stackOf, stacks: merged.stacks };
  const scenarios = conditionScenarios(merged.template).map((scenario) => ({ scenario, model: new StackModel(scenario.template, origins, undefined, shape) }));
  return { scenarios, stacks: merged.stacks, warnings: [], dispose: () => undefined };
}

function loadAssembly(dir: string): LoadedApp {
  const assembly = readAssembly(dir);
  if (assembly.stacks.length === 0) throw new LabError('E_ASSEMBLY', `${basename(dir)} holds no stack — synthesize the app again (\`cdk synth\`) and audit the new cdk.out`);
  const built = buildModel(assembly, { origins: [] }, AUDIT_STACK_NAME, dir);
  const warnings = assembly.annotations.map((a) => `${a.level === 'error' ? 'synthesis error' : 'CDK warning'}: ${a.constructPath}: ${a.message}`);
  return { scenarios: built.scenarios, stacks: built.stacks, assemblyDir: dir, warnings, dispose: () => undefined };
}

async function synthesizeApp(root: string, entry: string, context: Record<string, unknown>, timeoutMs?: number): Promise<LoadedApp> {
  const synthesizer = new WorkspaceSynthesizer(root, entry, AUDIT_STACK_NAME, { ownApp: { context }, ...(timeoutMs ? { limits: { timeoutMs } } : {}) });
  try {
    const synth = await synthesizer.run();
    return {
      scenarios: synth.scenarios,
      stacks: synth.stacks,
      assemblyDir: synth.assemblyDir,
      workspaceDir: root,
      warnings: synth.warnings,
      appOutput: synth.appOutput,
      dispose: () => synth.dispose(),
    };
  } catch (e) {
    // The runner bundles the app with its own aws-cdk-lib and nothing else from node_modules.
    if (e instanceof LabError && e.code === 'E_SYNTAX' && /Could not resolve/.test(e.message)) {
      throw new LabError(e.code, `${e.message} (an app that needs other packages: run \`cdk synth\` in it and audit its cdk.out folder)`, e.details);
    }
    throw e;
  } finally {
    synthesizer.close();
  }
}
