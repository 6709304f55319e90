/**
 * Stationary kernels as radial profiles of the scaled squared distance
 * r² = Σ_j (x_j − x'_j)² / ℓ_j²  (ℓ: one length scale, or one per dimension = ARD),
 * with unit amplitude; the GP multiplies by its amplitude (model.ts).
 *
 * Each profile gives k(r²) and the slope s(r²) = dk/d(r²), from which every derivative the
 * GP needs follows by the chain rule:
 *   ∂k/∂log ℓ_j = s · (−2 (x_j − x'_j)² / ℓ_j²)        (hyperparameter gradient, R&W eq. 5.9)
 *   ∂k/∂x_j     = s · ( 2 (x_j − x'_j)  / ℓ_j²)        (acquisition gradient)
 *
 * Forms (Rasmussen & Williams 2006, eq. 4.9 for RBF, eqs. 4.14, 4.16, 4.17 for Matern;
 * scikit-learn `gaussian_process/kernels.py` `RBF`, `Matern`):
 *   RBF:          k = exp(−r²/2)
 *   Matern ν=1/2: k = exp(−r)
 *   Matern ν=3/2: k = (1 + √3 r) exp(−√3 r)
 *   Matern ν=5/2: k = (1 + √5 r + 5r²/3) exp(−√5 r)
 *   Matern ν:     k = 2^{1−ν}/Γ(ν) · z^ν K_ν(z),  z = √(2ν) r      (general path, bessel.ts)
 * scikit-learn uses the closed forms for ν ∈ {0.5, 1.5, 2.5} and RBF for ν = ∞; so do we.
 * For ν ≤ 1 the slope is unbounded at r = 0 (the kernel is not differentiable there); we
 * return 0 there: it is always multiplied by a zero distance, and 0 is a valid subgradient.
 */
import { logBesselKScaled, logGamma } from './bessel.ts';

export type KernelSpec = { readonly kind: 'rbf' } | { readonly kind: 'matern'; readonly nu: number };

export interface RadialProfile {
  /** k(r²). */
  value(r2: number): number;
  /** k(r²) into out[0] and dk/d(r²) into out[1]. */
  valueAndSlope(r2: number, out: Float64Array): void;
  /**
   * out[at + i] = scale·k(r2[i]) for i < n: one call per kernel row, its loop inlined per
   * profile (the acquisition's warm-up evaluates a thousand rows per step).
   */
  values(r2: Float64Array, n: number, scale: number, out: Float64Array, at: number): void;
}

/** `values` by calls to `value`, for the profiles without a closed form. */
function valuesByCalls(value: (r2: number) => number): RadialProfile['values'] {
  return (r2, n, scale, out, at) => {
    for (let i = 0; i < n; i++) out[at + i] = scale * value(r2[i]);
  };
}

const SQRT3 = Math.sqrt(3);
const SQRT5 = Math.sqrt(5);

const rbf: RadialProfile = {
  value: (r2) => Math.exp(-0.5 * r2),
  values(r2, n, scale, out, at) {
    for (let i = 0; i < n; i++) out[at + i] = scale * Math.exp(-0.5 * r2[i]);
  },
  valueAndSlope(r2, out) {
    const k = Math.exp(-0.5 * r2);
    out[0] = k;
    out[1] = -0.5 * k;
  },
};

const matern05: RadialProfile = {
  value: (r2) => Math.exp(-Math.sqrt(r2)),
  values(r2, n, scale, out, at) {
    for (let i = 0; i < n; i++) out[at + i] = scale * Math.exp(-Math.sqrt(r2[i]));
  },
  valueAndSlope(r2, out) {
    const r = Math.sqrt(r2);
    const e = Math.exp(-r);
    out[0] = e;
    out[1] = r > 0 ? -e / (2 * r) : 0;
  },
};

const matern15: RadialProfile = {
  value(r2) {
    const a = SQRT3 * Math.sqrt(r2);
    return (1 + a) * Math.exp(-a);
  },
  values(r2, n, scale, out, at) {
    for (let i = 0; i < n; i++) {
      const a = SQRT3 * Math.sqrt(r2[i]);
      out[at + i] = scale * ((1 + a) * Math.exp(-a));
    }
  },
  valueAndSlope(r2, out) {
    const a = SQRT3 * Math.sqrt(r2);
    const e = Math.exp(-a);
    out[0] = (1 + a) * e;
    out[1] = -1.5 * e; // dk/dr = −3r e^{−√3r}, divided by 2r
  },
};

const matern25: RadialProfile = {
  value(r2) {
    const a = SQRT5 * Math.sqrt(r2);
    return (1 + a + a * a / 3) * Math.exp(-a);
  },
  values(r2, n, scale, out, at) {
    for (let i = 0; i < n; i++) {
      const a = SQRT5 * Math.sqrt(r2[i]);
      out[at + i] = scale * ((1 + a + a * a / 3) * Math.exp(-a));
    }
  },
  valueAndSlope(r2, out) {
    const a = SQRT5 * Math.sqrt(r2);
    const e = Math.exp(-a);
    out[0] = (1 + a + a * a / 3) * e;
    out[1] = (-5 / 6) * (1 + a) * e; // dk/dr = −(5/3) r (1 + √5r) e^{−√5r}, divided by 2r
  },
};

/**
 * The general-ν Matern through K_ν. With c = 2^{1−ν}/Γ(ν) and z = √(2ν) r:
 *   k = c z^ν K_ν(z);   d/dz[z^ν K_ν(z)] = −z^ν K_{ν−1}(z)  (DLMF 10.29.4),
 * so dk/d(r²) = (dk/dz)(dz/dr)/(2r) = −c ν z^{ν−1} K_{ν−1}(z), whose limit at r = 0 is
 * −ν/(2(ν−1)) for ν > 1 (from z^μ K_μ(z) → 2^{μ−1}Γ(μ), DLMF 10.30.2). Logs avoid overflow.
 */
export function maternGeneral(nu: number): RadialProfile {
  if (!(nu > 0) || !Number.isFinite(nu)) throw new RangeError(`Matern nu must be a positive finite number, got ${nu}`);
  const logC = (1 - nu) * Math.LN2 - logGamma(nu);
  const s2nu = Math.sqrt(2 * nu);
  const slopeAtZero = nu > 1 ? -nu / (2 * (nu - 1)) : 0;
  const value = (r2: number): number => {
    if (r2 <= 0) return 1;
    const z = s2nu * Math.sqrt(r2);
    return Math.exp(logC + nu * Math.log(z) + logBesselKScaled(nu, z) - z);
  };
  return {
    value,
    values: valuesByCalls(value),
    valueAndSlope(r2, out) {
      if (r2 <= 0) {
        out[0] = 1;
        out[1] = slopeAtZero;
        return;
      }
      const z = s2nu * Math.sqrt(r2);
      const lz = Math.log(z);
      out[0] = Math.exp(logC + nu * lz + logBesselKScaled(nu, z) - z);
      out[1] = -nu * Math.exp(logC + (nu - 1) * lz + logBesselKScaled(nu - 1, z) - z);
    },
  };
}

/** The profile for a configured kernel (docs/hptuning.md, "The Gaussian process": `rbf`, else Matern with `nu`). */
export function radialProfile(kernel: KernelSpec): RadialProfile {
  if (kernel.kind === 'rbf') return rbf;
  const nu = kernel.nu;
  if (nu === 0.5) return matern05;
  if (nu === 1.5) return matern15;
  if (nu === 2.5) return matern25;
  if (nu === Infinity) return rbf;
  return maternGeneral(nu);
}
