/**
 * `hptune bench --latency`: BO's time per suggestion (fits included) at n = 25 … 400
 * observations, with the current settings and the previous ones (a refit and a fresh
 * factorization at every step, every warm-up candidate scored) in the same run, so the ratio
 * holds on a busy machine. Each cell times 16 consecutive suggestions (a refit every 8 steps
 * at n = 200, every 16 at n = 400; docs/hptuning.md, "The Gaussian process"), on the
 * process's CPU clock (other processes' load does not count), and reports their median and
 * mean. The growth exponent is the least-squares slope of log(median) on log(n).
 */
import { suggestLatencies } from '../../engine/index.ts';
import { median } from './stats.ts';
import { formatTable, short } from '../table.ts';

export interface BoLatencyRow {
  readonly n: number;
  readonly d: number;
  readonly settings: 'current' | 'previous';
  readonly median_ms: number;
  readonly mean_ms: number;
}

const NS = [25, 50, 100, 200, 400];
const STEPS = 16;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function boLatency(ds: readonly number[] = [2, 6, 10]): Promise<BoLatencyRow[]> {
  const rows: BoLatencyRow[] = [];
  // Untimed: the first suggestions also compile the code, which would count against n = 25.
  for (const previous of [false, true]) await suggestLatencies(50, 6, 1, { steps: 3, previous });
  for (const d of ds) {
    for (const n of NS) {
      for (const settings of ['current', 'previous'] as const) {
        const times = await suggestLatencies(n, d, 0, { steps: STEPS, previous: settings === 'previous', clock: cpuMs });
        rows.push({ n, d, settings, median_ms: median(times), mean_ms: times.reduce((a, b) => a + b, 0) / times.length });
      }
    }
  }
  return rows;
}

export function describeBoLatency(rows: readonly BoLatencyRow[]): string[] {
  const find = (n: number, d: number, s: BoLatencyRow['settings']) => rows.find((r) => r.n === n && r.d === d && r.settings === s);
  const ds = [...new Set(rows.map((r) => r.d))];
  const table = [['d', 'n', 'median ms', 'mean ms', 'previous median', 'previous mean', 'previous/current (median)']];
  for (const d of ds) {
    for (const n of NS) {
      const c = find(n, d, 'current');
      const p = find(n, d, 'previous');
      if (!c || !p) continue;
      table.push([String(d), String(n), short(c.median_ms, 3), short(c.mean_ms, 3), short(p.median_ms, 3), short(p.mean_ms, 3), `${short(p.median_ms / c.median_ms, 3)}×`]);
    }
  }
  const out = ['', `BO latency: CPU ms per suggestion (fits included), ${STEPS} consecutive suggestions per cell, current and previous settings in this run:`, formatTable(table, { header: true })];
  for (const d of ds) {
    const exponent = (s: BoLatencyRow['settings']) => {
      const pts = rows.filter((r) => r.d === d && r.settings === s && r.median_ms > 0);
      return short(slope(pts.map((p) => Math.log(p.n)), pts.map((p) => Math.log(p.median_ms))), 3);
    };
    out.push(`  d=${d}: fitted exponent of n ${exponent('current')} (previous ${exponent('previous')})`);
  }
  return out;
}

/** Least-squares slope of y on x (the exponent of a power law in log-log). */
function slope(x: readonly number[], y: readonly number[]): number {
  const mx = x.reduce((a, b) => a + b, 0) / x.length;
  const my = y.reduce((a, b) => a + b, 0) / y.length;
  let num = 0;
  let den = 0;
  x.forEach((xi, i) => ((num += (xi - mx) * (y[i]! - my)), (den += (xi - mx) ** 2)));
  return num / den;
}
