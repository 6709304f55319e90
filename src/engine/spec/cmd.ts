/**
 * `run.cmd` in its three Polyaxon forms (docs/commands.md, "The cmd forms"):
 * - a string: one shell command;
 * - a list: commands run in order, stopping at the first failure (Polyaxon joined them
 *   with `&&`, polyaxon_schemas `get_container_command_args`);
 * - the `if` operator `{if: {cond, do, else_do}}` (polyaxon_schemas `IfConfig`): `cond` is
 *   rendered with the trial's params, then evaluated as a Jinja2 condition; `do` runs when
 *   it holds, else `else_do` (nothing at all when there is none).
 * Operators nest: a list item, `do` or `else_do` may itself be a list or an `if`.
 *
 * This module checks the shape and collects every `{{ name }}` with the path of the
 * string it sits in, so that `check` reports unknown names with line and column.
 */
import type { CmdTemplate } from './types.ts';
import type { Path, RawIssue } from './issues.ts';
import { show } from './issues.ts';
import { parseTemplate } from './template.ts';

export interface CmdRef {
  readonly name: string;
  /** The reference as written (`{{ lr }}`), to place it in the file. */
  readonly source: string;
  readonly path: Path;
}

export interface ParsedCmd {
  readonly cmd?: CmdTemplate;
  readonly refs: readonly CmdRef[];
  readonly issues: readonly RawIssue[];
}

const FORMS = 'a command string, a list of commands, or {if: {cond, do, else_do}}';
const IF_KEYS = ['cond', 'do', 'else_do'];

export function parseCmd(raw: unknown, path: Path): ParsedCmd {
  const refs: CmdRef[] = [];
  const issues: RawIssue[] = [];
  const text = (s: string, at: Path): void => {
    const parsed = parseTemplate(s);
    for (const e of parsed.errors) issues.push({ path: at, message: e.message, find: e.source });
    for (const p of parsed.parts) if (p.kind === 'ref') refs.push({ name: p.name, source: p.source, path: at });
  };
  const walk = (v: unknown, at: Path): CmdTemplate | undefined => {
    if (typeof v === 'string') {
      if (v.trim() === '') {
        issues.push({ path: at, message: `must be ${FORMS}, received an empty command` });
        return undefined;
      }
      text(v, at);
      return v;
    }
    if (Array.isArray(v)) {
      if (v.length === 0) {
        issues.push({ path: at, message: `must be ${FORMS}, received an empty list` });
        return undefined;
      }
      const items = v.map((item, i) => walk(item, [...at, i]));
      return items.every((i): i is CmdTemplate => i !== undefined) ? items : undefined;
    }
    if (isRecord(v) && Object.keys(v).length === 1 && 'if' in v) {
      const op = v['if'];
      const opPath = [...at, 'if'];
      if (!isRecord(op)) {
        issues.push({ path: opPath, message: `the if operator must be a mapping {cond, do, else_do}, received ${show(op)}` });
        return undefined;
      }
      for (const key of Object.keys(op)) {
        if (!IF_KEYS.includes(key)) issues.push({ path: [...opPath, key], atKey: true, message: `unknown key ${show(key)}; the keys of the if operator are ${IF_KEYS.join(', ')}` });
      }
      const cond = op['cond'];
      let condText: string | undefined;
      if (typeof cond === 'string' && cond.trim() !== '') {
        text(cond, [...opPath, 'cond']);
        condText = cond;
      } else if (typeof cond === 'boolean') {
        condText = cond ? 'True' : 'False';
      } else {
        issues.push({ path: [...opPath, 'cond'], message: `${cond === undefined ? 'is required: ' : ''}must be a condition such as "'{{ model }}' == 'DNA'"${cond === undefined ? '' : `, received ${show(cond)}`}` });
      }
      if (!('do' in op)) issues.push({ path: [...opPath, 'do'], at: opPath, atKey: true, message: `is required: the command to run when the condition holds (${FORMS})` });
      const then = 'do' in op ? walk(op['do'], [...opPath, 'do']) : undefined;
      const hasElse = op['else_do'] !== undefined && op['else_do'] !== null;
      const otherwise = hasElse ? walk(op['else_do'], [...opPath, 'else_do']) : undefined;
      if (condText === undefined || then === undefined || (hasElse && otherwise === undefined)) return undefined;
      return { cond: condText, then, ...(otherwise !== undefined && { else: otherwise }) };
    }
    issues.push({ path: at, message: `must be ${FORMS}, received ${show(v)}` });
    return undefined;
  };
  const cmd = walk(raw, path);
  return { ...(cmd !== undefined && issues.length === 0 && { cmd }), refs, issues };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
