/**
 * From a `run.cmd` template and one trial's params to the shell line that runs it
 * (docs/commands.md, "Templating"). Process-independent: the local runner and the Slurm
 * runner both call `renderTrialCommand` and differ only in how they start the line.
 *
 * Usage:
 *   const r = renderTrialCommand(job.run, job.params);   // job.run.kind === 'cmd'
 *   if (!r.ok) fail(r.message); else spawn('/bin/bash', ['-c', r.line]);
 *
 * Values render as Polyaxon v0 rendered them with Jinja2, i.e. Python's `str()`: strings
 * unquoted, `True`/`False`/`None`, lists and dicts as Python reprs (`[1, 'a']`,
 * `{'k': 0.5}`), floats as Python's repr (`1e-05`, `0.0001`). One deliberate difference:
 * a whole number renders without `.0` (`3`, not `3.0`), since YAML's `3.0` and `3` are the
 * same number once parsed (docs/differences.md, "Rendering numbers").
 */
import type { CmdTemplate, IoSpec, ParamValue, Params, RunSpec } from '../engine/index.ts';
import { parseTemplate } from '../engine/index.ts';
import { ConditionError, evaluateCondition } from './cond.ts';

export type CmdRun = Extract<RunSpec, { kind: 'cmd' }>;

export type Rendered =
  | { readonly ok: true; readonly commands: readonly string[]; readonly line: string }
  | { readonly ok: false; readonly message: string };

/** A value the template renders verbatim (a flag: `--name` or nothing). */
class Verbatim {
  constructor(readonly text: string) {}
}
type TemplateValue = ParamValue | Verbatim;

export class RenderError extends Error {
  override readonly name = 'RenderError';
}

/**
 * The values `{{ name }}` takes for one trial: `inputs`/`outputs` defaults, then the trial's
 * params (matrix, `params`, the Hyperband/ASHA resource), flags as `--name` or nothing.
 */
export function templateValues(run: Pick<CmdRun, 'inputs' | 'outputs'>, params: Params): Map<string, TemplateValue> {
  const values = new Map<string, TemplateValue>();
  const declared = [...(run.inputs ?? []), ...(run.outputs ?? [])];
  for (const io of declared) if (io.default !== undefined) values.set(io.name, io.default);
  for (const [k, v] of Object.entries(params)) values.set(k, v);
  for (const io of declared.filter((d: IoSpec) => d.isFlag)) {
    values.set(io.name, new Verbatim(values.get(io.name) === true ? `--${io.name}` : ''));
  }
  return values;
}

/** Renders one template string; throws RenderError for a name or key the trial lacks. */
export function renderText(text: string, values: ReadonlyMap<string, TemplateValue>): string {
  const parsed = parseTemplate(text);
  if (parsed.errors.length > 0) throw new RenderError(parsed.errors[0]!.message);
  return parsed.parts
    .map((p) => {
      if (p.kind === 'text') return p.text;
      if (!values.has(p.name)) throw new RenderError(`${p.source}: the trial has no param ${p.name}`);
      let v = values.get(p.name) as TemplateValue;
      for (const key of p.keys) {
        const next = v !== null && typeof v === 'object' && !(v instanceof Verbatim) ? (v as Record<string | number, ParamValue>)[key] : undefined;
        if (next === undefined) throw new RenderError(`${p.source}: ${pyRepr(v as ParamValue)} has no ${typeof key === 'number' ? `item ${key}` : `key ${key}`}`);
        v = next;
      }
      return v instanceof Verbatim ? v.text : pyStr(v);
    })
    .join('');
}

/** The commands a template gives for these values, in order; the if operator picks its branch. */
export function renderCommands(cmd: CmdTemplate, values: ReadonlyMap<string, TemplateValue>): string[] {
  if (typeof cmd === 'string') return [renderText(cmd, values)];
  if (Array.isArray(cmd)) return (cmd as readonly CmdTemplate[]).flatMap((c) => renderCommands(c, values));
  const op = cmd as Exclude<CmdTemplate, string | readonly CmdTemplate[]>;
  const cond = renderText(op.cond, values);
  if (evaluateCondition(cond)) return renderCommands(op.then, values);
  return op.else !== undefined ? renderCommands(op.else, values) : [];
}

/**
 * Polyaxon ran `/bin/bash -c "c1 && c2 && ..."` after joining each command's lines
 * (`sanitize_cmd`): line continuations (`\` at a line end) and newlines become spaces.
 */
export function commandLine(commands: readonly string[]): string {
  return commands.map((c) => c.replace(/\s*\\\r?\n\s*/g, ' ').replace(/\s*\r?\n\s*/g, ' ').trim()).join(' && ');
}

/** Everything a runner needs to start one trial, or why it cannot. */
export function renderTrialCommand(run: CmdRun, params: Params): Rendered {
  try {
    const commands = renderCommands(run.cmd, templateValues(run, params));
    if (commands.length === 0) {
      return { ok: false, message: 'run.cmd: the if condition is false and there is no else_do, so there is no command to run' };
    }
    return { ok: true, commands, line: commandLine(commands) };
  } catch (e) {
    if (e instanceof RenderError || e instanceof ConditionError) return { ok: false, message: `run.cmd: ${e.message}` };
    throw e;
  }
}

/** Python's `str(value)`, which is what Jinja2 printed. */
export function pyStr(v: ParamValue): string {
  return typeof v === 'string' ? v : pyRepr(v);
}

/** Python's `repr(value)` for JSON-like values. */
export function pyRepr(v: ParamValue): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyQuote(v);
  if (Array.isArray(v)) return `[${(v as readonly ParamValue[]).map(pyRepr).join(', ')}]`;
  return `{${Object.entries(v as Record<string, ParamValue>).map(([k, x]) => `${pyQuote(k)}: ${pyRepr(x)}`).join(', ')}}`;
}

/** Python's float repr (shortest digits; exponent form below 1e-4 and from 1e16); whole numbers as integers. */
export function pyNumber(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  if (Number.isInteger(x)) return BigInt(x).toString();
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  const e = Number(exp);
  // JS writes 1e-7 <= |x| < 1e21 without an exponent, a superset of Python's range.
  if (e >= -4 && e < 16) return String(x);
  return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

/** Python's string repr: single quotes unless the text has a ' and no ". */
function pyQuote(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s.replace(/[\\\n\r\t]|[\x00-\x1f\x7f]/g, (c) => ({ '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return q + (q === "'" ? body.replace(/'/g, "\\'") : body) + q;
}
