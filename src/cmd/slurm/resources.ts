/**
 * A polyaxonfile's `environment.resources` as sbatch options (docs/slurm.md, "Resources").
 *
 * Polyaxon v0 wrote each resource as `{requests, limits}` (polyaxon_schemas
 * `PodResourcesConfig` of `K8SResourcesConfig`): `cpu` in cores (a float), `memory` in MiB
 * (Polyaxon turned it into Kubernetes' `"<n>Mi"`), `gpu` a count. Slurm allocates one
 * number per resource and holds the job to it, so hptune takes `limits` when given, else
 * `requests`: a trial never gets less than Polyaxon let it use.
 *
 *   cpu    → --cpus-per-task=⌈n⌉
 *   memory → --mem=⌈n⌉M
 *   gpu    → --gres=gpu:n        (a whole number)
 *
 * The other `environment` keys (node selectors, tolerations, affinity, …) are Kubernetes'
 * and are ignored; `tpu` is ignored with a warning.
 */
import { LineCounter, isMap, parseDocument, type Node as YamlNode } from 'yaml';
import type { SpecIssue } from '../../engine/index.ts';

export interface SlurmResources {
  /** sbatch options, e.g. `--cpus-per-task=2`. */
  readonly options: readonly string[];
  readonly issues: readonly SpecIssue[];
  readonly warnings: readonly SpecIssue[];
}

const KINDS = ['cpu', 'memory', 'gpu', 'tpu'] as const;
const BOUNDS = ['requests', 'limits'] as const;

/** Reads `environment.resources` from the polyaxonfile's text (already a valid spec). */
export function slurmResources(text: string): SlurmResources {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  const issues: SpecIssue[] = [];
  const warnings: SpecIssue[] = [];
  const where = (node: unknown): { line?: number; col?: number } => {
    const range = (node as YamlNode | null)?.range;
    return range ? lines.linePos(range[0]) : {};
  };
  const resources = doc.getIn(['environment', 'resources'], true) as YamlNode | undefined | null;
  const plain = valueAt(doc.toJS(), ['environment', 'resources']);
  if (plain === undefined || plain === null) return { options: [], issues, warnings };
  const path = 'environment.resources';
  if (!isMap(resources)) {
    issues.push({ path, message: `must be a mapping of cpu, memory and gpu to {requests, limits}, received ${shown(plain)}`, ...where(resources) });
    return { options: [], issues, warnings };
  }
  const options: string[] = [];
  for (const pair of resources.items) {
    const kind = String((pair.key as { value?: unknown } | null)?.value ?? pair.key);
    const at = `${path}.${kind}`;
    if (!(KINDS as readonly string[]).includes(kind)) {
      issues.push({ path: at, message: `unknown resource ${shown(kind)}; the resources are cpu, memory, gpu and tpu`, ...where(pair.key) });
      continue;
    }
    const value = valueAt(plain, [kind]);
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ path: at, message: `must be a mapping {requests, limits} (Polyaxon's form), received ${shown(value)}`, ...where(pair.value) });
      continue;
    }
    const entry = value as Record<string, unknown>;
    let amount: number | undefined;
    for (const key of Object.keys(entry)) {
      const node = doc.getIn(['environment', 'resources', kind, key], true);
      if (!(BOUNDS as readonly string[]).includes(key)) {
        issues.push({ path: `${at}.${key}`, message: `unknown key ${shown(key)}; a resource takes requests and limits`, ...where(node) });
        continue;
      }
      const n = entry[key];
      if (n === null || n === undefined) continue;
      if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
        issues.push({ path: `${at}.${key}`, message: `must be a number > 0${kind === 'memory' ? ' (MiB)' : ''}, received ${shown(n)}`, ...where(node) });
        continue;
      }
      if (kind === 'gpu' && !Number.isInteger(n)) {
        issues.push({ path: `${at}.${key}`, message: `must be a whole number of GPUs, received ${n}`, ...where(node) });
        continue;
      }
      if (key === 'limits' || amount === undefined) amount = n;
    }
    if (amount === undefined) continue;
    if (kind === 'cpu') options.push(`--cpus-per-task=${Math.ceil(amount)}`);
    else if (kind === 'memory') options.push(`--mem=${Math.ceil(amount)}M`);
    else if (kind === 'gpu') options.push(`--gres=gpu:${amount}`);
    else warnings.push({ path: at, message: 'TPUs are not a Slurm resource: ignored on Slurm', ...where(pair.key) });
  }
  return { options, issues, warnings };
}

function valueAt(v: unknown, path: readonly string[]): unknown {
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function shown(v: unknown): string {
  const text = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
