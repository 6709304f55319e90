/**
 * Polyaxon 0.6's top-level `inputs` and `outputs` sections (polyaxon_schemas `IOConfig`
 * and `validate_params`), as hptune reads them (docs/commands.md, "inputs and outputs"):
 * - each item declares a name the command may use as `{{ name }}`, with an optional
 *   `type`, `default`, `is_optional`, `is_list`, `is_flag` and `options`;
 * - a trial's value comes from the matrix, `params` or the Hyperband/ASHA resource; an
 *   optional item without one takes its `default`; a required input nobody supplies is an
 *   error, as is a matrix or params name the sections do not declare (Polyaxon's
 *   "Received unexpected params"), the resource excepted;
 * - `is_flag` (type bool) renders as `--name` when true and as nothing when false.
 */
import { z } from 'zod';
import type { IoSpec, MatrixEntry } from './types.ts';
import type { RawIssue } from './issues.ts';
import { show } from './issues.ts';

export const IO_TYPES = ['int', 'float', 'bool', 'str', 'dict', 'list', 'uri', 'auth', 'path', 'gcs_path', 's3_path', 'azure_path', 'metric', 'metadata'] as const;

const Item = z.strictObject(
  {
    name: z.string({ error: (i) => (i.input === undefined ? 'is required: must be a non-empty string' : `must be a non-empty string, received ${show(i.input)}`) }).min(1),
    description: z.string().nullish(),
    type: z.enum(IO_TYPES, { error: (i) => `must be one of ${IO_TYPES.join(', ')}, received ${show(i.input)}` }).nullish(),
    default: z.unknown().optional(),
    is_optional: z.boolean().nullish(),
    is_list: z.boolean().nullish(),
    is_flag: z.boolean().nullish(),
    options: z.array(z.unknown()).nullish(),
  },
  { error: (i) => (i.code === 'unrecognized_keys' ? 'the keys of an inputs/outputs item are name, description, type, default, is_optional, is_list, is_flag, options' : `must be a mapping {name, type, default, is_optional, ...}, received ${show(i.input)}`) },
);
export const IoList = z.array(Item, { error: (i) => `must be a list of {name, type, default, is_optional, ...}, received ${show(i.input)}` });
type IoInput = z.output<typeof Item>;

export function normalizeIo(items: readonly IoInput[] | null | undefined): IoSpec[] {
  return (items ?? []).map((i) => ({
    name: i.name,
    ...(i.type != null && { type: i.type }),
    ...(i.default !== undefined && i.default !== null && { default: i.default as IoSpec['default'] }),
    isOptional: i.is_optional ?? false,
    isList: i.is_list ?? false,
    isFlag: i.is_flag ?? false,
    ...(i.options != null && { options: i.options as IoSpec['options'] }),
  }));
}

/** Why `value` does not fit `type`, or undefined when it does (types hptune cannot check pass). */
export function typeMismatch(item: Pick<IoSpec, 'type' | 'isList' | 'options'>, value: unknown): string | undefined {
  const values = item.isList ? (Array.isArray(value) ? value : undefined) : [value];
  if (!values) return `must be a list (is_list), received ${show(value)}`;
  for (const v of values) {
    const ok =
      item.type === 'int' ? typeof v === 'number' && Number.isInteger(v)
      : item.type === 'float' ? typeof v === 'number'
      : item.type === 'bool' ? typeof v === 'boolean'
      : item.type === 'dict' ? typeof v === 'object' && v !== null && !Array.isArray(v)
      : item.type === 'list' ? Array.isArray(v)
      : item.type === undefined || item.type === 'metric' ? true
      : typeof v === 'string';
    if (!ok) return `must be of type ${item.type}, received ${show(v)}`;
    if (item.options && !item.options.some((o) => JSON.stringify(o) === JSON.stringify(v))) return `must be one of the options ${show(item.options)}, received ${show(v)}`;
  }
  return undefined;
}

/** The rules above, checked against the matrix, params and the resource. */
export function checkIo(
  inputs: readonly IoSpec[],
  outputs: readonly IoSpec[],
  matrix: readonly MatrixEntry[],
  constants: Readonly<Record<string, unknown>>,
  constantsSection: string,
  resource: string | undefined,
): RawIssue[] {
  const issues: RawIssue[] = [];
  const seen = new Set<string>();
  for (const [section, items] of [['inputs', inputs], ['outputs', outputs]] as const) {
    items.forEach((item, i) => {
      const at = [section, i, 'name'];
      if (seen.has(item.name)) issues.push({ path: at, message: `${show(item.name)} is declared twice in inputs/outputs` });
      seen.add(item.name);
      if (!item.isOptional && item.default !== undefined) {
        issues.push({ path: [section, i, 'default'], message: `${item.name} is not optional and has a default value ${show(item.default)}: make it optional (is_optional: true) or remove the default` });
      }
      if (item.isFlag && item.type !== 'bool') issues.push({ path: [section, i, 'is_flag'], message: `a flag must have type bool, received type ${show(item.type ?? null)}` });
      if (item.default !== undefined) {
        const bad = typeMismatch(item, item.default);
        if (bad) issues.push({ path: [section, i, 'default'], message: bad });
      }
      if (section === 'inputs' && !item.isOptional && !supplied(item.name, matrix, constants, resource)) {
        issues.push({ path: at, message: `input ${item.name} is required (not is_optional), but neither hptuning.matrix nor ${constantsSection} supplies it` });
      }
      const constant = Object.prototype.hasOwnProperty.call(constants, item.name) ? constants[item.name] : undefined;
      const bad = constant !== undefined ? typeMismatch(item, constant) : undefined;
      if (bad) issues.push({ path: [constantsSection, item.name], message: `${bad} (declared in ${section})` });
      const entry = matrix.find((e) => e.name === item.name);
      if (entry?.option.kind === 'values') {
        for (const v of entry.option.values) {
          const wrong = typeMismatch(item, v);
          if (wrong) {
            issues.push({ path: ['hptuning', 'matrix', item.name, 'values'], message: `${wrong} (declared in ${section})` });
            break;
          }
        }
      }
    });
  }
  if (inputs.length + outputs.length === 0) return issues;
  const undeclared = [...matrix.map((e): [string, (string | number)[]] => [e.name, ['hptuning', 'matrix', e.name]]), ...Object.keys(constants).map((k): [string, (string | number)[]] => [k, [constantsSection, k]])];
  for (const [name, path] of undeclared) {
    if (!seen.has(name) && name !== resource) {
      issues.push({ path, atKey: true, message: `${show(name)} is not declared in inputs or outputs (when a file declares them, every param must be declared)` });
    }
  }
  return issues;
}

function supplied(name: string, matrix: readonly MatrixEntry[], constants: Readonly<Record<string, unknown>>, resource: string | undefined): boolean {
  return name === resource || matrix.some((e) => e.name === name) || Object.prototype.hasOwnProperty.call(constants, name);
}
