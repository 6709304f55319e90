/**
 * The rules of command trials (docs/commands.md): `run.cmd` has one of Polyaxon's forms,
 * every `{{ name }}` in it names something a trial has (a matrix key, a `params` or
 * `declarations` constant, the Hyperband/ASHA resource, or an `inputs`/`outputs` item),
 * `run.grace_period` goes with `run.cmd` only, and the 0.6 `inputs`/`outputs` sections
 * follow Polyaxon's rules (io.ts).
 *
 * Polyaxon rendered an unknown name as an empty string (Jinja2's default `Undefined`), so
 * `--lr={{ lr2 }}` silently became `--lr=`; hptune refuses it at `check` time instead
 * (docs/differences.md, "Unknown template names").
 */
import type { MatrixEntry } from './types.ts';
import type { RawIssue } from './issues.ts';
import { listOf, show } from './issues.ts';
import type { SpecInput } from './schema.ts';
import { parseCmd } from './cmd.ts';
import { checkIo, normalizeIo } from './io.ts';

/** Issues, plus warnings for matrix keys the command never uses (pushed onto `warnings`). */
export function checkCommands(input: SpecInput, matrix: readonly MatrixEntry[], warnings: RawIssue[] = []): RawIssue[] {
  const issues: RawIssue[] = [];
  const hp = input.hptuning;
  // Whatever budgeted section is in use (hyperband, asha, and any later one with a resource).
  const budgeted = Object.values(hp).find((v): v is { resource: { name: string } } => typeof v === 'object' && v !== null && 'resource' in v);
  const resource = budgeted?.resource.name;
  const constantsSection = input.declarations != null && input.params == null ? 'declarations' : 'params';
  const constants = (input.params ?? input.declarations ?? {}) as Record<string, unknown>;
  const inputs = normalizeIo(input.inputs);
  const outputs = normalizeIo(input.outputs);
  issues.push(...checkIo(inputs, outputs, matrix, constants, constantsSection, resource));

  const run = input.run;
  if (!run) return issues;
  if (run.grace_period != null && run.cmd === undefined) {
    issues.push({ path: ['run', 'grace_period'], atKey: true, message: 'applies only to run.cmd (the seconds a stopped command gets between SIGTERM and SIGKILL)' });
  }
  if (run.cmd === undefined) return issues;
  const parsed = parseCmd(run.cmd, ['run', 'cmd']);
  issues.push(...parsed.issues);
  const known = new Set<string>([
    ...matrix.map((e) => e.name),
    ...Object.keys(constants),
    ...(resource !== undefined ? [resource] : []),
    ...inputs.map((i) => i.name),
    ...outputs.map((o) => o.name),
  ]);
  const used = new Set(parsed.refs.map((r) => r.name));
  for (const { name } of matrix) {
    if (parsed.issues.length === 0 && !used.has(name)) {
      warnings.push({
        path: ['hptuning', 'matrix', name],
        atKey: true,
        message: `run.cmd does not use {{ ${name} }}, so every value runs the same command (the script still sees ${name} in HPTUNE_PARAMS)`,
      });
    }
  }
  for (const ref of parsed.refs) {
    if (known.has(ref.name)) continue;
    const names = [...known].sort();
    issues.push({
      path: ref.path,
      find: ref.source,
      message: `${ref.source} names ${show(ref.name)}, which no trial has: a template name must be a matrix key, a ${constantsSection} name${resource ? `, the resource ${resource}` : ''} or an inputs/outputs item (known: ${names.length > 0 ? listOf(names) : 'none'})`,
    });
  }
  return issues;
}
