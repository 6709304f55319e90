/** `hptune plan FILE [--json]`: the schedule before running (trial count, grid points, brackets, BO phases). */
import { formatValue, planGroup, type Plan } from '../../engine/index.ts';
import { loadSpec } from './check.ts';
import { describeExtensionPlan } from './plan-extensions.ts';
import { formatTable, short } from '../table.ts';
import type { Io } from '../main.ts';

export async function plan(file: string, opts: { json: boolean }, io: Io): Promise<number> {
  const loaded = await loadSpec(file, io);
  if (!loaded) return 1;
  const p = planGroup(loaded.spec);
  io.out(opts.json ? JSON.stringify(p, null, 2) : describePlan(p));
  return 0;
}

export function describePlan(p: Plan): string {
  const lines = [`Algorithm: ${p.algorithm}`, `Trials: ${p.trials}`];
  switch (p.algorithm) {
    case 'grid':
      lines.push(`Grid space: ${p.space} points, enumerated with the first key varying slowest`);
      if (p.first.length > 0) {
        lines.push(`First ${p.first.length}:`);
        for (const [i, params] of p.first.entries()) {
          lines.push(`  ${i}: ${Object.entries(params).map(([k, v]) => `${k}=${formatValue(v)}`).join(', ')}`);
        }
      }
      break;
    case 'random':
      lines.push(`Requested: ${p.requested ?? 'none (random_search.n_experiments is required to run)'}`);
      lines.push(`Distinct configurations in the space: ${p.space ?? 'unbounded (continuous options)'}`);
      break;
    case 'bo':
      lines.push(`Initial random trials: ${p.initial}`, `BO iterations: ${p.iterations}`);
      if (p.space !== null) lines.push(`Distinct configurations in the space: ${p.space}`);
      break;
    case 'hyperband':
    case 'asha':
      lines.push(...describeBrackets(p));
      break;
    case 'tpe':
    case 'bohb':
      lines.push(...describeExtensionPlan(p));
      break;
  }
  return lines.join('\n');
}

/** Hyperband's bracket table (configs × resource per rung and bracket) or ASHA's rung ladder. */
function describeBrackets(p: Extract<Plan, { algorithm: 'hyperband' | 'asha' }>): string[] {
  const out: string[] = [];
  if (p.algorithm === 'hyperband') {
    out.push(`s_max: ${p.s_max}, B: ${short(p.B)}`);
    const depth = Math.max(...p.brackets.map((b) => b.rungs.length));
    const rows = [['rung', ...p.brackets.map((b) => `s=${b.s}`)]];
    for (let j = 0; j < depth; j++) {
      rows.push([String(j), ...p.brackets.map((b) => (b.rungs[j] ? `${b.rungs[j]!.configs} × ${short(b.rungs[j]!.resource)}` : ''))]);
    }
    out.push(formatTable(rows, { header: true }));
    out.push(`Total resource: ${short(p.resource_total)} from scratch, ${short(p.resource_total_resume)} with resume`);
  } else {
    out.push(`eta: ${p.eta}, configurations: ${p.n_experiments}; rungs (trials reaching each rung if promotions were synchronous):`);
    out.push(formatTable([['rung', 'resource', 'configs'], ...p.rungs.map((r) => [String(r.rung), short(r.resource), String(r.configs)])], { header: true }));
    out.push(`Total resource: ${short(p.resource_total)} from scratch, ${short(p.resource_total_resume)} with resume`);
  }
  return out;
}
