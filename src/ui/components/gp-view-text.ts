/**
 * The GP view's sentences: which values the hidden parameters are held at, and what the
 * shown GP was (its step, observations and fitted hyperparameters), numbers to 4
 * significant digits.
 */
import type { BoDimension, BoStepRecord, GpView, ParamValue, Params } from '../../engine/index.ts';
import { formatNumber, formatParam } from './format.ts';

/** "Other parameters held at the best trial's values (trial #7): x2 = 3.21" for every parameter not on an axis. */
export function heldText(gp: Pick<GpView, 'dimensions' | 'incumbent'>, shown: readonly string[], all: readonly string[]): string {
  const others = all.filter((n) => !shown.includes(n));
  if (others.length === 0) return 'No other parameters: the chart shows the whole search space.';
  const inc = gp.incumbent;
  if (!inc) return `Other parameters (${others.join(', ')}) held at the middle of their ranges: no observation yet.`;
  const params: Params = inc.params;
  return `Other parameters held at the best trial's values (trial #${inc.trial}): ${others.map((n) => `${n} = ${formatParam(params[n])}`).join(', ')}.`;
}

const NAMES: Readonly<Record<string, string>> = {
  signal_variance: 'signal variance',
  noise_variance: 'noise variance',
  yeo_johnson_lambda: 'output warp (Yeo–Johnson) λ',
};

/** The fitted hyperparameters, per dimension where they have one (length scales). */
export function hyperText(gp: Pick<GpView, 'hyperparameters' | 'dimensions'>): string {
  const h = gp.hyperparameters;
  const parts: string[] = [];
  const ls = h['length_scales'];
  if (Array.isArray(ls)) {
    const names = gp.dimensions.map((d: BoDimension, j) => (d.kind === 'categorical' ? `${d.name}=${formatParam(d.values?.[j - gp.dimensions.findIndex((e) => e.name === d.name)] as ParamValue | undefined)}` : d.name));
    parts.push(`length scales ${ls.map((l, j) => `${names[j]} ${formatNumber(l)}`).join(', ')}`);
  }
  for (const [key, value] of Object.entries(h)) {
    if (key === 'length_scales' || typeof value !== 'number') continue;
    parts.push(`${NAMES[key] ?? key.replace(/_/g, ' ')} ${formatNumber(value)}`);
  }
  return parts.length > 0 ? `Fitted kernel: ${parts.join('; ')}.` : '';
}

/** "GP before trial #14 (model step 4 of 20): 13 observations and 1 running trial (constant liar)". */
export function stepText(steps: readonly BoStepRecord[], index: number, live: boolean): string {
  const s = steps[index];
  if (!s) return '';
  const running = s.pending > 0 ? ` and ${s.pending} running trial${s.pending === 1 ? '' : 's'} (constant liar: counted at the best value so far)` : '';
  return `${live ? 'Latest GP, ' : 'GP '}before trial #${s.trial} (model step ${index + 1} of ${steps.length}): ${s.observed} observation${s.observed === 1 ? '' : 's'}${running}.`;
}
