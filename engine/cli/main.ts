// The `lab` command: parses arguments and dispatches. Heavy modules (TypeScript, esbuild,
// aws-cdk-lib) load only inside the commands that need them, so `lab list` starts fast.
// Exit codes: 0 all pass, 1 checks or answers fail, 2 usage or input error, 3 internal error (a bug).
import { Command, CommanderError, Option } from 'commander';
import { LabError } from '../errors';
import { RUNNER_VERSION } from '../paths';
import { processIo, type Io } from './io';

export interface GlobalOptions {
  yes?: boolean;
  color?: boolean;
  dir?: string;
}

type Action = (io: Io, ...args: any[]) => Promise<number | void>;

function run(program: Command, action: Action) {
  return async (...args: any[]) => {
    const cmd = args[args.length - 1] as Command;
    const opts = cmd.optsWithGlobals() as GlobalOptions;
    const io = processIo({ yes: opts.yes, color: opts.color });
    const code = await action(io, ...args.slice(0, -1));
    process.exitCode = typeof code === 'number' ? code : 0;
  };
}

export function buildProgram(): Command {
  const program = new Command('lab')
    .description('Hands-on labs for AWS ECS infrastructure: deploy, break, fix, check, answer.')
    .version(RUNNER_VERSION, '-V, --version')
    .option('-y, --yes', 'never prompt: plain output, confirm what needs confirming')
    .option('--no-color', 'plain output without colours')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (str, write) => write(str.replace(/^error: /, '✗ ')) });

  program
    .command('list')
    .description('list the labs, by layer')
    .option('--json', 'machine-readable output')
    .option('--dir <root>', 'folder holding your workspaces (default: ./ecs-labs)')
    .action(run(program, async (io, opts) => (await import('./commands/list')).list(io, opts)));

  program
    .command('start')
    .description('start (or resume) a lab: a layer name picks its first unfinished lab')
    .argument('<layer|lab>', 'a layer (foundation, infrastructure, security, operations, automation) or a lab id')
    .option('--dir <root>', 'folder to create workspaces in (default: ./ecs-labs)')
    .addOption(new Option('--target <target>', 'offline (default) or aws: also deploy it (see docs/aws.md)').choices(['offline', 'aws']))
    .option('--profile <name>', 'AWS profile (with --target aws)')
    .option('--region <region>', 'AWS region (with --target aws)')
    .option('--ttl <duration>', 'with --target aws: when `lab sweep` may remove it, e.g. 90m, 4h (default 4h)')
    .action(
      run(program, async (io, name, opts) =>
        opts.target === 'aws' ? (await import('./commands/deploy')).startOnAws(io, name, opts) : (await import('./commands/start')).start(io, name, opts),
      ),
    );

  program
    .command('check')
    .description('synthesize your stack, run the checks and grade answers.md')
    .option('--lab <id>', 'grade as this lab (CI and graders): a workspace of another lab is refused')
    .option('--timeout <seconds>', 'time your app may take to synthesize (default 60)')
    .option('-w, --watch', 're-check on every save')
    .option('--json', 'print the report as JSON (see docs/json-output.md)')
    .addOption(new Option('--reporter <name>', 'report format').choices(['terminal', 'json', 'junit', 'markdown', 'github', 'sarif']))
    .option('--output-file <file>', 'write the --reporter output to a file (the terminal report still prints)')
    .option('--all', 'show every finding and CDK warning in the terminal (nothing folded; JSON always has them all)')
    .option('-v, --verbose', 'the same as --all')
    .option('--no-questions', 'skip grading answers.md (the lab is then never recorded as passed)')
    .option('--seed <seed>', "grade the questions drawn from this seed instead of the workspace's (an instructor's exam seed)")
    .addOption(new Option('--target <target>', 'aws: also judge the deployed stack (live checks, drift); see docs/aws-live.md').choices(['offline', 'aws']).default('offline'))
    .option('--profile <name>', 'aws target: the AWS profile (default AWS_PROFILE, or the one you deployed with)')
    .option('--region <region>', 'aws target: the region (default the one you deployed to)')
    .action(run(program, async (io, opts) => (await import('./commands/check')).check(io, opts)));

  program
    .command('grade')
    .description('grade a class: many workspaces or repositories at once, or --merge the reports of CI jobs (see docs/ci-grading.md)')
    .argument('[paths...]', 'workspaces, repository folders or globs (with --merge: report files or folders)')
    .option('--lab <id>', 'grade every submission as this lab')
    .option('--merge', 'build the class report from `lab check --lab <id> --json` reports made elsewhere')
    .option('-j, --jobs <n>', 'submissions graded at once (default and most: the cores)')
    .option('--timeout <seconds>', 'time one submission may take (default 60)')
    .option('--memory <mb>', 'heap one grading may use (default 1024)')
    .option('--json', 'print the class report as JSON (ecs-lab/grade@1, see docs/json-output.md)')
    .option('--csv <file>', 'write the gradebook as CSV')
    .option('--junit <file>', 'write JUnit XML, one test suite per learner')
    .option('--html <file>', 'write the instructor report: one self-contained HTML file (charts, sortable learners, findings, reflections)')
    .option('--config <file>', 'the grading.json to apply (default ./grading.json when present)')
    .option('--shard <i/n>', 'grade only slice i of n (the same split on every machine)')
    .action(run(program, async (io, paths, opts) => (await import('./commands/grade')).grade(io, paths, opts)));

  // `lab grade` starts these itself, one per pool slot (engine/grade/worker.ts); not for people.
  program
    .command('__grading-worker', { hidden: true })
    .action(run(program, async () => (await import('../grade/worker')).serveGradingJobs()));

  program
    .command('workshop')
    .description('lay out a workshop for an instructor (see docs/getting-started.md#for-an-instructor-a-workshop)')
    .command('init')
    .description('one workspace root per learner, each with the chosen labs started (no check run)')
    .requiredOption('--learners <n|file>', 'how many learners (learner-01, …), or a file of names, one a line')
    .requiredOption('--labs <ids>', 'the labs every learner gets, comma-separated (see `lab list`)')
    .option('--dir <folder>', 'where the learners\' folders go (default: ./workshop)')
    .action(run(program, async (io, opts) => (await import('./commands/workshop')).workshopInit(io, opts)));

  program
    .command('audit')
    .description('run the whole check library on any CDK app, cdk.out or CloudFormation template (see docs/audit.md)')
    .argument('[path]', 'a CDK app folder (cdk.json), an entry file, a cdk.out folder or a template (JSON or YAML); default: .')
    .option('--fail-on <severity>', 'exit 1 when a check fails at this severity or above: critical, high, medium, low or none (default high)')
    .option('--suppress <check-id:reason>', 'accept a check\'s findings, with the reason (repeatable)', (v: string, acc: string[] | undefined) => [...(acc ?? []), v])
    .option('--suppressions <file>', 'a JSON or YAML list of {id, reason, resource?} to accept')
    .option('--json', 'print the report as JSON (see docs/json-output.md)')
    .addOption(new Option('--reporter <name>', 'report format').choices(['terminal', 'json', 'junit', 'markdown', 'github', 'sarif']))
    .option('--output-file <file>', 'write the --reporter output to a file (the terminal report still prints)')
    .option('--timeout <seconds>', 'time the app may take to synthesize (default 60)')
    .action(run(program, async (io, path, opts) => (await import('./commands/audit')).audit(io, path, opts)));

  program
    .command('hint')
    .description('show the next hint for this lab (three levels)')
    .action(run(program, async (io) => (await import('./commands/hint')).hint(io)));

  program
    .command('quiz')
    .description('answer the key questions interactively (writes answers.md); offers a fresh draw to retry')
    .option('--seed <seed>', "draw the questions from this seed instead of the workspace's (an instructor's exam seed)")
    .action(run(program, async (io, opts) => (await import('./commands/quiz')).quiz(io, opts)));

  program
    .command('brief')
    .description("show the lab's brief again (also in brief.md in your workspace)")
    .argument('[lab]', 'a lab id, when not inside a workspace')
    .action(run(program, async (io, lab) => (await import('./commands/brief')).brief(io, lab)));

  program
    .command('status')
    .description('your progress through the whole path')
    .option('--json', 'machine-readable output')
    .option('--dir <root>', 'folder holding your workspaces (default: ./ecs-labs)')
    .action(run(program, async (io, opts) => (await import('./commands/status')).status(io, opts)));

  program
    .command('reset')
    .description('restore the starter files and the break (keeps answers.md unless --all)')
    .argument('[lab]', 'the lab id, needed only when the workspace state is damaged')
    .option('--all', 'also reset answers.md and hints')
    .option('--break <id>', 'apply this break instead of the default one')
    .option('--profile <name>', 'undoing a drift break: the AWS profile it was made with')
    .option('--region <region>', 'undoing a drift break: the region (default the one it recorded)')
    .action(run(program, async (io, lab, opts) => (await import('./commands/reset')).reset(io, lab, opts)));

  program
    .command('break')
    .description("list this lab's breaks, or apply one (restores the starter first)")
    .argument('[id]', 'the break to apply')
    .addOption(new Option('--target <target>', 'aws: break the deployed stack (a drift through the SDK, or the FIS experiment for real)').choices(['offline', 'aws']).default('offline'))
    .option('--profile <name>', 'aws target: the AWS profile')
    .option('--region <region>', 'aws target: the region (default the one you deployed to)')
    .action(run(program, async (io, id, opts) => (await import('./commands/reset')).applyBreakCommand(io, id, opts)));

  program
    .command('doctor')
    .description('check that the runner and this workspace are set up right')
    .addOption(new Option('--target <target>', 'also check an AWS account for the aws target').choices(['offline', 'aws']))
    .option('--profile <name>', 'AWS profile (with --target aws)')
    .option('--region <region>', 'AWS region (with --target aws)')
    .action(
      run(program, async (io, opts) =>
        opts.target === 'aws' ? (await import('./commands/doctor-aws')).doctorAws(io, opts) : (await import('./commands/doctor')).doctor(io),
      ),
    );

  program
    .command('deploy')
    .description('deploy this workspace to AWS (allow-listed accounts only; shows the cost and asks first)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--region <region>', 'AWS region (default: AWS_REGION, then the profile\'s)')
    .option('--ttl <duration>', 'when `lab sweep` may remove it, e.g. 90m, 4h, 1d (default 4h)')
    .action(run(program, async (io, opts) => (await import('./commands/deploy')).deploy(io, opts)));

  program
    .command('destroy')
    .description("delete this workspace's deployed stack (safe to run again, e.g. after Ctrl-C)")
    .option('--profile <name>', 'AWS profile (default: the one it was deployed with)')
    .option('--region <region>', 'AWS region (default: the one it was deployed to)')
    .action(run(program, async (io, opts) => (await import('./commands/deploy')).destroy(io, opts)));

  program
    .command('sweep')
    .description('find expired or orphaned lab stacks in an account and destroy them (asks first)')
    .option('--profile <name>', 'AWS profile')
    .option('--region <region>', 'AWS region')
    .option('--all', 'sweep every lab stack, not only expired or orphaned ones')
    .option('--dir <root>', 'folder holding your workspaces (default: ./ecs-labs)')
    .action(run(program, async (io, opts) => (await import('./commands/sweep')).sweep(io, opts)));

  program.action(run(program, async (io) => (await import('./commands/menu')).menu(io, program)));
  program.addHelpText(
    'after',
    `
The loop: start → fix in your editor → check → answer. For example:
  lab start security                                   the first security lab, in ./ecs-labs/
  lab check --watch                                    re-check on every save (inside the workspace)
  lab hint                                             a nudge, then a pointer, then nearly the answer
  lab quiz                                             the key questions (or edit answers.md); lab brief to reread
  lab check --lab <id> --seed <repo-name>              an instructor grading as a named lab, with a pinned (exam) draw
  lab check --lab <id> --reporter junit --output-file junit.xml   for CI
  lab grade --lab <id> 'class/*' --csv grades.csv      a whole class at once (docs/ci-grading.md)
  lab workshop init --learners names.txt --labs <ids>  a workshop: one folder per learner (docs/getting-started.md)
  lab audit path/to/app --reporter sarif --output-file ecs-lab.sarif   the whole check library on your own app
  lab deploy · lab destroy · lab sweep                 the aws target, in an allow-listed account (docs/aws.md)
  lab break <id> --target aws · lab check --target aws          break and check the deployed stack (docs/aws-live.md)

Exit codes: 0 all pass · 1 a check or answer fails · 2 usage or input error · 3 internal error`,
  );
  return program;
}

export async function main(argv: string[] = process.argv): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const io = processIo();
    process.exitCode = exitCodeFor(e, io);
    // A CI job that asked for JSON gets JSON on stdout even when the input was bad.
    if (argv.includes('--json') && e instanceof LabError) io.out(JSON.stringify(errorJson(e), null, 2));
  }
}

export const ERROR_SCHEMA = 'ecs-lab/error@1';

export function errorJson(e: LabError): { schema: string; error: { code: string; message: string; details: string[] } } {
  return { schema: ERROR_SCHEMA, error: { code: e.code, message: e.message, details: e.details } };
}

/** Turns anything thrown into a message and an exit code; only bugs show a stack (LAB_DEBUG=1). */
export function exitCodeFor(e: unknown, io: Io): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
    io.err('  run `lab --help` to see the commands and options');
    return 2;
  }
  if (e instanceof LabError) {
    io.err(`${io.color.red('✗')} ${e.message}`);
    for (const d of e.details.slice(0, 10)) io.err(`  ${d}`);
    if (e.details.length > 10) io.err(`  … and ${e.details.length - 10} more`);
    return e.exitCode;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  io.err(`${io.color.red('✗')} internal error: ${err.message} — this is a bug in ecs-lab; please report it (set LAB_DEBUG=1 to see the stack)`);
  if (process.env.LAB_DEBUG) io.err(err.stack ?? '');
  return 3;
}
