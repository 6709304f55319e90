/**
 * Acquisition functions of docs/hptuning.md, "Acquisition functions" (maximized; μ, σ = GP posterior mean and std at x):
 *   ucb(x) = μ + κσ
 *   ei(x)  = (μ − y_max − ε) Φ(z) + σ φ(z),   z = (μ − y_max − ε)/σ     (Jones et al. 1998, eq. 15)
 *   poi(x) = Φ(z)                                                       (Kushner 1964)
 * `ucb`, `ei`, `poi` are these formulas exactly (the vectors of docs/hptuning.md, "Acquisition functions" are tests). Polyaxon had no guard
 * for σ = 0; here σ = 0 gives the limits (ei = max(μ − y_max − ε, 0), poi = [μ > y_max + ε]).
 *
 * For maximization we use `score`: UCB itself, and log EI / log POI, which have the same
 * maximizer but stay finite and informative far from the incumbent, where EI and POI
 * underflow to 0 and their gradients vanish (the log-EI argument of Ament et al. 2023,
 * "Unexpected improvements to expected improvement", NeurIPS).
 */
import { logH, logNormCdf, logNormPdf, normCdf, normPdf } from './stats.ts';

export type AcquisitionKind = 'ucb' | 'ei' | 'poi';

export interface AcquisitionConfig {
  readonly kind: AcquisitionKind;
  readonly kappa: number;
  readonly eps: number;
  /** Best observed value y_max (in the same units as μ). */
  readonly yMax: number;
}

export function ucb(mu: number, sigma: number, kappa: number): number {
  return mu + kappa * sigma;
}

export function ei(mu: number, sigma: number, yMax: number, eps: number): number {
  const imp = mu - yMax - eps;
  if (!(sigma > 0)) return Math.max(imp, 0);
  const z = imp / sigma;
  return imp * normCdf(z) + sigma * normPdf(z);
}

export function poi(mu: number, sigma: number, yMax: number, eps: number): number {
  const imp = mu - yMax - eps;
  if (!(sigma > 0)) return imp > 0 ? 1 : 0;
  return normCdf(imp / sigma);
}

/** The docs/hptuning.md, "Acquisition functions" value of the configured function. */
export function acquisitionValue(a: AcquisitionConfig, mu: number, sigma: number): number {
  if (a.kind === 'ucb') return ucb(mu, sigma, a.kappa);
  if (a.kind === 'ei') return ei(mu, sigma, a.yMax, a.eps);
  return poi(mu, sigma, a.yMax, a.eps);
}

/** Below this σ, scores use it instead (keeps log EI / log POI and their slopes finite). */
const SIGMA_FLOOR = 1e-12;

/**
 * The maximized score (UCB, log EI or log POI) at (μ, σ), with ∂score/∂μ into slopes[0]
 * and ∂score/∂σ into slopes[1]. With h(z) = φ(z) + zΦ(z):
 *   log EI  = log σ + log h(z):  ∂/∂μ = Φ(z)/(σ h),  ∂/∂σ = φ(z)/(σ h)   (since h' = Φ)
 *   log POI = log Φ(z):          ∂/∂μ = φ(z)/(σ Φ),  ∂/∂σ = −z φ(z)/(σ Φ)
 */
export function score(a: AcquisitionConfig, mu: number, sigma: number, slopes?: Float64Array): number {
  if (a.kind === 'ucb') {
    if (slopes) {
      slopes[0] = 1;
      slopes[1] = a.kappa;
    }
    return mu + a.kappa * sigma;
  }
  const s = Math.max(sigma, SIGMA_FLOOR);
  const z = (mu - a.yMax - a.eps) / s;
  if (a.kind === 'ei') {
    const lh = logH(z);
    if (slopes) {
      slopes[0] = Math.exp(logNormCdf(z) - lh) / s;
      slopes[1] = sigma > SIGMA_FLOOR ? Math.exp(logNormPdf(z) - lh) / s : 0;
    }
    return Math.log(s) + lh;
  }
  const lc = logNormCdf(z);
  if (slopes) {
    const ratio = Math.exp(logNormPdf(z) - lc) / s;
    slopes[0] = ratio;
    slopes[1] = sigma > SIGMA_FLOOR ? -z * ratio : 0;
  }
  return lc;
}

/**
 * The largest score over σ ∈ [0, sigmaMax] at mean μ: an upper bound for a point whose σ is
 * known only to be at most sigmaMax. UCB (κ ≥ 0), log EI (∂EI/∂σ = φ(z) > 0) and log POI below
 * the target grow with σ; log POI above the target is largest as σ → 0, where it tends to 0.
 */
export function scoreBound(a: AcquisitionConfig, mu: number, sigmaMax: number): number {
  if (a.kind === 'ucb') return a.kappa >= 0 ? mu + a.kappa * sigmaMax : mu;
  if (a.kind === 'poi' && mu - a.yMax - a.eps >= 0) return 0;
  return score(a, mu, sigmaMax);
}
