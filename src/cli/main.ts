/**
 * The `hptune` command line: check / plan / run / bench. Every failure is a message and
 * an exit code, never a stack trace: 0 ok, 1 invalid input or a failed group, 2 bad usage.
 */
import { parseArgs } from 'node:util';
import { check } from './commands/check.ts';
import { plan } from './commands/plan.ts';
import { run } from './commands/run.ts';
import { bench } from './commands/bench.ts';
import { show } from './commands/show.ts';
import { RUN_TARGETS, type RunTarget } from './commands/run-slurm.ts';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Redraws a transient status line on stderr; '' clears it. */
  progress(line: string): void;
  readonly isTTY: boolean;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t + '\n'),
  err: (t) => void process.stderr.write(t + '\n'),
  progress: (line) => void process.stderr.write(`\r\x1b[2K${line}`),
  isTTY: Boolean(process.stderr.isTTY),
};

export const USAGE = `Usage: hptune <command> [options]

Commands:
  check FILE                      validate a polyaxonfile (YAML or JSON) and show the group's definition
  plan FILE [--json]              show the schedule: trial count, grid points, Hyperband brackets, BO phases
  run FILE [--concurrency N] [--seed S] [--json] [--out FILE] [--grace SECONDS] [--on local|slurm]
                                  run the group headless and print its trials and the best one
                                  (run.cmd trials: logs under FILE's .run folder; a rerun continues)
  show FILE [--json]              print a group export (from run --out or the browser app) as a table, or its JSON
  bench [--problems a,b] [--algorithms x,y] [--seeds N] [--first-seed K] [--budget N] [--json] [--latency] [--storage] [--workers] [--commands] [--slurm]
                                  benchmark the algorithms on the problems of docs/benchmarks.md
                                  (seeds K…K+N−1; K = 0 by default)
  help                            show this text`;

class UsageError extends Error {}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (e) {
    if (e instanceof UsageError || isParseArgsError(e)) {
      io.err(`hptune: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`hptune: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

async function dispatch(argv: readonly string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  // `hptune run --help` and the like: the usage, not an unknown-option error.
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(USAGE);
    return 0;
  }
  switch (command) {
    case 'check': {
      const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
      return check(onlyFile(positionals), io);
    }
    case 'plan': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      return plan(onlyFile(positionals), { json: values.json ?? false }, io);
    }
    case 'run': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: { concurrency: { type: 'string' }, seed: { type: 'string' }, json: { type: 'boolean' }, out: { type: 'string' }, grace: { type: 'string' }, on: { type: 'string' } },
      });
      return run(
        onlyFile(positionals),
        {
          json: values.json ?? false,
          ...(values.concurrency !== undefined && { concurrency: intOption('--concurrency', values.concurrency, 1) }),
          ...(values.seed !== undefined && { seed: intOption('--seed', values.seed, 0) }),
          ...(values.out !== undefined && { out: values.out }),
          ...(values.grace !== undefined && { grace: intOption('--grace', values.grace, 0) }),
          ...(values.on !== undefined && { on: target(values.on) }),
        },
        io,
      );
    }
    case 'show': {
      const { positionals, values } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } });
      return show(onlyFile(positionals), { json: values.json ?? false }, io);
    }
    case 'bench': {
      const { positionals, values } = parseArgs({
        args: rest,
        allowPositionals: true,
        options: {
          problems: { type: 'string' },
          algorithms: { type: 'string' },
          seeds: { type: 'string' },
          'first-seed': { type: 'string' },
          budget: { type: 'string' },
          json: { type: 'boolean' },
          latency: { type: 'boolean' },
          storage: { type: 'boolean' },
          workers: { type: 'boolean' },
          commands: { type: 'boolean' },
          slurm: { type: 'boolean' },
        },
      });
      if (positionals.length > 0) throw new UsageError(`bench takes no file, got ${positionals.join(' ')}`);
      return bench(
        {
          json: values.json ?? false,
          latency: values.latency ?? false,
          storage: values.storage ?? false,
          workers: values.workers ?? false,
          commands: values.commands ?? false,
          slurm: values.slurm ?? false,
          ...(values.problems !== undefined && { problems: list(values.problems) }),
          ...(values.algorithms !== undefined && { algorithms: list(values.algorithms) }),
          ...(values.seeds !== undefined && { seeds: intOption('--seeds', values.seeds, 1) }),
          ...(values['first-seed'] !== undefined && { firstSeed: intOption('--first-seed', values['first-seed'], 0) }),
          ...(values.budget !== undefined && { budget: intOption('--budget', values.budget, 1) }),
        },
        io,
      );
    }
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    default:
      throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  }
}

function onlyFile(positionals: readonly string[]): string {
  if (positionals.length !== 1) throw new UsageError(`expected one FILE, got ${positionals.length === 0 ? 'none' : positionals.join(' ')}`);
  return positionals[0]!;
}

function intOption(name: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!/^-?\d+$/.test(raw.trim()) || !Number.isSafeInteger(n) || n < min) {
    throw new UsageError(`${name} must be an integer ≥ ${min}, received ${JSON.stringify(raw)}`);
  }
  return n;
}

/** Where command trials run: `--on local` (processes here, the default) or `--on slurm` (batch jobs). */
function target(raw: string): RunTarget {
  const t = RUN_TARGETS.find((x) => x === raw);
  if (!t) throw new UsageError(`--on must be one of ${RUN_TARGETS.join(', ')}, received ${JSON.stringify(raw)}`);
  return t;
}

function list(raw: string): string[] {
  return raw.split(',').map((s) => s.trim()).filter(Boolean);
}

/** node:util parseArgs throws TypeErrors with codes ERR_PARSE_ARGS_* for unknown or malformed options. */
function isParseArgsError(e: unknown): boolean {
  const code: unknown = (e as { code?: unknown } | null)?.code;
  return e instanceof TypeError && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}
