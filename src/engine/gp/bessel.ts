/**
 * Γ and the modified Bessel function of the second kind K_ν, for the general-ν Matern
 * kernel (scikit-learn's `Matern` calls scipy.special.kv when ν ∉ {0.5, 1.5, 2.5, ∞}).
 *
 * K_ν(z) = ∫₀^∞ exp(−z cosh t) cosh(νt) dt   (DLMF 10.32.9), z > 0, any real ν.
 * The integrand is analytic and decays doubly exponentially, so the plain trapezoidal
 * rule converges geometrically (Trefethen & Weideman 2014, "The exponentially convergent
 * trapezoidal rule", SIAM Review 56(3), section 4): with step h the error is O(exp(−2πa/h)) for a
 * strip of half-width a; a = π/3 (where Re cosh keeps half its size) and h = 0.1 give
 * ≈ e^{−131}·2^ν, far below double precision for the ν a kernel uses.
 */

/** Lanczos (g = 7, n = 9) coefficients (Lanczos 1964; Press et al. NR 3rd ed., section 6.1 form). */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

/** log Γ(x) for x > 0 (Lanczos approximation, ~1e-15 relative). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const xm = x - 1;
  let a = LANCZOS[0];
  const t = xm + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (xm + i);
  return LOG_SQRT_2PI + (xm + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Γ(x) for x > 0. */
export function gamma(x: number): number {
  return Math.exp(logGamma(x));
}

const STEP = 0.1;

/**
 * log(e^z K_ν(z)) for z > 0: the trapezoidal rule on ∫₀^∞ exp(−z(cosh t − 1)) cosh(νt) dt,
 * scaled by e^z so that large z neither underflows nor loses digits. K_ν = K_{−ν}.
 */
export function logBesselKScaled(nu: number, z: number): number {
  if (!(z > 0)) throw new RangeError(`Bessel K needs z > 0, got ${z}`);
  const v = Math.abs(nu);
  // Work with exponents relative to the integrand's peak, so nothing overflows for tiny z.
  // The peak of −z(cosh t − 1) + νt is at sinh t = ν/z.
  const tPeak = Math.asinh(v / z);
  const peak = -z * (Math.cosh(tPeak) - 1) + v * tPeak;
  let sum = 0;
  for (let k = 0; k < 100000; k++) {
    const t = k * STEP;
    const base = -z * (Math.cosh(t) - 1) - peak;
    const g = 0.5 * (Math.exp(base + v * t) + Math.exp(base - v * t));
    sum += k === 0 ? 0.5 * g : g;
    if (t > tPeak && g < 1e-18 * sum) break;
  }
  return Math.log(sum * STEP) + peak;
}

/** K_ν(z) for z > 0. */
export function besselK(nu: number, z: number): number {
  return Math.exp(logBesselKScaled(nu, z) - z);
}
