/**
 * Params as text to paste into a polyaxonfile (`params:` section) or a script:
 * YAML block mapping or pretty JSON. Written by hand to keep the `yaml` package out
 * of this chunk; values that a YAML reader could take for another type are quoted.
 */
import type { Params, ParamValue } from '../../engine/index.ts';

/** YAML 1.1 and 1.2 words read as booleans or null; quoted so they stay strings. */
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.\/-]*$/;

function yamlString(s: string): string {
  // A JSON string is a valid YAML double-quoted scalar (YAML 1.2 docs/hptuning.md, "Hyperband").
  return PLAIN.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}

/**
 * A number both YAML 1.1 (PyYAML, which Polyaxon used) and YAML 1.2 read back as a
 * float: 1.1 needs a dot in the mantissa and a sign in the exponent (`1.0e-05`, not `1e-5`).
 */
function yamlNumber(n: number): string {
  if (Number.isNaN(n)) return '.nan';
  if (!Number.isFinite(n)) return n > 0 ? '.inf' : '-.inf';
  const s = String(n);
  const m = /^(-?\d+)(\.\d+)?e([+-])(\d+)$/.exec(s);
  return m ? `${m[1]}${m[2] ?? '.0'}e${m[3]}${m[4]}` : s;
}

function yamlValue(v: ParamValue): string {
  if (v === null) return 'null';
  if (typeof v === 'number') return yamlNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return yamlString(v);
  if (Array.isArray(v)) return `[${v.map(yamlValue).join(', ')}]`;
  const o = v as { readonly [k: string]: ParamValue };
  return `{${Object.entries(o)
    .map(([k, x]) => `${yamlString(k)}: ${yamlValue(x)}`)
    .join(', ')}}`;
}

/** One `key: value` line per param, nested values in flow style. */
export function paramsToYaml(params: Params): string {
  return Object.entries(params)
    .map(([k, v]) => `${yamlString(k)}: ${yamlValue(v)}\n`)
    .join('');
}

export function paramsToJson(params: Params): string {
  return `${JSON.stringify(params, null, 2)}\n`;
}
