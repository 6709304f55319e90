/**
 * Standard normal helpers for the acquisition functions (docs/hptuning.md, "Acquisition functions"), accurate to ~1e-15
 * relative, including the far tails in log space (so log EI / log POI never underflow).
 *
 * erf by its everywhere-convergent series of positive terms (no cancellation),
 * erf(x) = (2/√π) e^{−x²} Σ_{n≥0} 2ⁿ x^{2n+1} / (1·3·…·(2n+1))   (Abramowitz & Stegun 7.1.6),
 * for x < 2.5; above, the scaled complementary function erfcx(x) = e^{x²} erfc(x) by the
 * continued fraction erfc(x) = (e^{−x²}/√π) · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))
 * (A&S 7.1.14), evaluated with the modified Lentz algorithm (Press et al., Numerical
 * Recipes 3rd ed., section 5.2).
 */

const SQRT2 = Math.SQRT2;
const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const SERIES_LIMIT = 2.5;

/** erf(x) for 0 ≤ x < SERIES_LIMIT (A&S 7.1.6). */
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= (2 * x2) / (2 * n + 1);
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return 2 * INV_SQRT_PI * Math.exp(-x2) * sum;
}

/** erfcx(x) = e^{x²} erfc(x) for x ≥ SERIES_LIMIT, by A&S 7.1.14 and modified Lentz. */
function erfcxFraction(x: number): number {
  const tiny = 1e-300;
  let f = x;
  let C = f;
  let D = 0;
  for (let j = 1; j < 500; j++) {
    const a = j / 2;
    D = x + a * D;
    if (D === 0) D = tiny;
    C = x + a / C;
    if (C === 0) C = tiny;
    D = 1 / D;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return INV_SQRT_PI / f;
}

/** Complementary error function. */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < SERIES_LIMIT) return 1 - erfSeries(x);
  return Math.exp(-x * x) * erfcxFraction(x);
}

/** Scaled complementary error function e^{x²} erfc(x), for x ≥ 0. */
export function erfcx(x: number): number {
  if (x < SERIES_LIMIT) return Math.exp(x * x) * (1 - erfSeries(x));
  return erfcxFraction(x);
}

/** φ(z), the standard normal density. */
export function normPdf(z: number): number {
  return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
}

/** log φ(z). */
export function logNormPdf(z: number): number {
  return -0.5 * z * z - LOG_SQRT_2PI;
}

/** Φ(z) = ½ erfc(−z/√2). */
export function normCdf(z: number): number {
  return 0.5 * erfc(-z / SQRT2);
}

/** log Φ(z), accurate in the lower tail: log Φ(z) = log ½ − t² + log erfcx(t), t = −z/√2. */
export function logNormCdf(z: number): number {
  if (z > -3) return Math.log(normCdf(z));
  const t = -z / SQRT2;
  return Math.log(0.5) - t * t + Math.log(erfcx(t));
}

/**
 * log h(z) with h(z) = φ(z) + z Φ(z), so that EI = σ·h(z) (docs/hptuning.md, "Acquisition functions") and log EI = log σ + log h(z).
 * For z ≤ −1, with t = −z and Mills' ratio M(t) = Φ(−t)/φ(t) = √(π/2)·erfcx(t/√2):
 * h = φ(z)·(1 − t·M(t)); beyond t = 30 the cancellation in 1 − tM(t) is avoided with its
 * asymptotic series 1/t² − 3/t⁴ + 15/t⁶ − 105/t⁸ + 945/t¹⁰ (A&S 26.2.12).
 */
export function logH(z: number): number {
  if (z > -1) return Math.log(normPdf(z) + z * normCdf(z));
  const t = -z;
  let r: number;
  if (t < 30) {
    r = 1 - t * Math.sqrt(Math.PI / 2) * erfcx(t / SQRT2);
  } else {
    const u = 1 / (t * t);
    r = u * (1 - 3 * u * (1 - 5 * u * (1 - 7 * u * (1 - 9 * u))));
  }
  return logNormPdf(z) + Math.log(r);
}
