/**
 * The batch script of one trial (docs/slurm.md, "The batch script"), written to the
 * trial's folder on the shared filesystem; `sbatch job.sh` there runs the trial again by
 * hand. The options are `#SBATCH` lines, so sbatch's own input variables (SBATCH_PARTITION,
 * SBATCH_TIMELIMIT, SBATCH_ACCOUNT, …) set in hptune's environment override them.
 *
 * The command runs as in a local trial (`/bin/bash -c LINE`); the script around it writes
 * two small files hptune follows over the shared filesystem: `started` (epoch ms when the
 * job began) and `exit` (`<code> <epoch ms>\n`, one write, read only when complete). A TERM
 * from Slurm (scancel, time limit) reaches the command; the script itself waits for it so
 * that the exit file is still written.
 */

export interface BatchScriptInput {
  readonly jobName: string;
  /** The polyaxonfile's folder: the command's working directory. */
  readonly chdir: string;
  /** The trial's log: the command's stdout and stderr. */
  readonly log: string;
  /** Further sbatch options (resources). */
  readonly options: readonly string[];
  /** Variables exported for the command (trial ids, params, paths). */
  readonly env: Readonly<Record<string, string>>;
  /** Folders put in front of the job's own PYTHONPATH (the shipped tracking module). */
  readonly pythonPath?: string;
  /** The rendered command line. */
  readonly line: string;
  readonly startedFile: string;
  readonly exitFile: string;
  /** A comment line saying what the script is. */
  readonly title: string;
}

/** Single-quoted for bash: the text exactly, whatever it holds. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * One `#SBATCH` line. sbatch splits these lines at blanks but honours double quotes
 * (sbatch's script parser), so a value with a blank or a quote (a folder named
 * "my runs") is written `--chdir="/home/me/my runs"`.
 */
function directive(option: string): string {
  if (/[\n\r]/.test(option)) throw new Error(`sbatch option ${JSON.stringify(option)} cannot hold a line break`);
  const eq = option.indexOf('=');
  if (eq < 0 || !/[\s"'\\]/.test(option.slice(eq + 1))) return `#SBATCH ${option}`;
  return `#SBATCH ${option.slice(0, eq + 1)}"${option.slice(eq + 1).replace(/(["\\])/g, '\\$1')}"`;
}

export function batchScript(s: BatchScriptInput): string {
  const lines = [
    '#!/bin/bash',
    `# ${s.title.replace(/[\n\r]/g, ' ')}`,
    directive(`--job-name=${s.jobName}`),
    directive(`--chdir=${s.chdir}`),
    directive(`--output=${s.log}`),
    directive('--open-mode=append'),
    // A job Slurm requeues (after a node failure) would run the trial again into the same
    // metrics file: the trial fails with Slurm's reason instead (SBATCH_REQUEUE overrides).
    directive('--no-requeue'),
    ...s.options.map(directive),
    '',
    ...Object.entries(s.env).map(([k, v]) => `export ${k}=${shellQuote(v)}`),
  ];
  if (s.pythonPath !== undefined) lines.push(`export PYTHONPATH=${shellQuote(s.pythonPath)}"\${PYTHONPATH:+:\$PYTHONPATH}"`);
  lines.push(
    '',
    // Epoch ms without a fork where bash has EPOCHREALTIME (bash 5), else date(1).
    'now() { if [ -n "${EPOCHREALTIME:-}" ]; then t=$(( ${EPOCHREALTIME/[.,]/} / 1000 )); else t=$(date +%s%3N); fi; }',
    'now',
    `echo "$t" > ${shellQuote(s.startedFile)}`,
    // A handler (not an ignore, which children would inherit): the command gets the TERM, this script outlives it.
    "trap ':' TERM",
    `/bin/bash -c ${shellQuote(s.line)} &`,
    'child=$!',
    // `wait` returns early when a trapped signal arrives: wait again until the command has exited.
    'while wait "$child"; rc=$?; kill -0 "$child" 2>/dev/null; do :; done',
    'now',
    // One short write: a reader sees the whole line or no complete line.
    `printf '%s %s\\n' "$rc" "$t" > ${shellQuote(s.exitFile)}`,
    'exit "$rc"',
    '',
  );
  return lines.join('\n');
}

/** The `exit` file: the command's exit code and when it ended (epoch ms); undefined when not (fully) there. */
export function parseExitFile(text: string): { readonly code: number; readonly endedAt: number } | undefined {
  const m = /^(\d+) (\d+)\n$/.exec(text);
  return m ? { code: Number(m[1]), endedAt: Number(m[2]) } : undefined;
}
