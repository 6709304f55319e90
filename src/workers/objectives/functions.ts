/**
 * The closed-form benchmark functions, bit for bit as defined in
 * docs/benchmarks.md, "The closed-form problems"; every one is minimised and takes x in
 * its original domain. The arithmetic follows the written formulas term by term and
 * in the same order, so the results match test/fixtures/test_vectors.json to ~1e-15 relative.
 */

/** Branin (d=2): a (x2 − b x1² + c x1 − r)² + s (1 − t) cos(x1) + s on [−5,10]×[0,15]. */
export function branin(x: readonly number[]): number {
  const a = 1;
  const b = 5.1 / (4 * Math.PI ** 2);
  const c = 5 / Math.PI;
  const r = 6;
  const s = 10;
  const t = 1 / (8 * Math.PI);
  const [x1, x2] = x;
  return a * (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * Math.cos(x1) + s;
}

const ALPHA = [1.0, 1.2, 3.0, 3.2] as const;

const A3 = [
  [3, 10, 30],
  [0.1, 10, 35],
  [3, 10, 30],
  [0.1, 10, 35],
] as const;

// P = 1e-4 × integers, multiplied (not divided) as the definition writes it.
const P3 = [
  [3689, 1170, 2673],
  [4699, 4387, 7470],
  [1091, 8732, 5547],
  [381, 5743, 8828],
].map((row) => row.map((v) => 1e-4 * v));

const A6 = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
] as const;

const P6 = [
  [1312, 1696, 5569, 124, 8283, 5886],
  [2329, 4135, 8307, 3736, 1004, 9991],
  [2348, 1451, 3522, 2883, 3047, 6650],
  [4047, 8828, 8732, 5743, 1091, 381],
].map((row) => row.map((v) => 1e-4 * v));

/** −Σ_i α_i exp(−Σ_j A_ij (x_j − P_ij)²), the Hartmann family. */
function hartmann(x: readonly number[], A: readonly (readonly number[])[], P: readonly (readonly number[])[]): number {
  let outer = 0;
  for (let i = 0; i < 4; i++) {
    let inner = 0;
    for (let j = 0; j < A[i].length; j++) inner += A[i][j] * (x[j] - P[i][j]) ** 2;
    outer += ALPHA[i] * Math.exp(-inner);
  }
  return -outer;
}

/** Hartmann3 on [0,1]^3. */
export function hartmann3(x: readonly number[]): number {
  return hartmann(x, A3, P3);
}

/** Hartmann6 on [0,1]^6. */
export function hartmann6(x: readonly number[]): number {
  return hartmann(x, A6, P6);
}

/**
 * Rosenbrock rescaled as in Picheny, Wagner & Ginsbourger (2013), applied with d=2:
 * x̄ = 15x − 5, f = (Σ [100 (x̄_{i+1} − x̄_i²)² + (1 − x̄_i)²] − 3.827e5) / 3.755e5.
 */
export function rosenbrock2Scaled(x: readonly number[]): number {
  const xb = x.map((v) => 15 * v - 5);
  let sum = 0;
  for (let i = 0; i < xb.length - 1; i++) sum += 100 * (xb[i + 1] - xb[i] ** 2) ** 2 + (1 - xb[i]) ** 2;
  return (sum - 3.827e5) / 3.755e5;
}

/** Ackley-5D on [−32.768, 32.768]^5: −20 exp(−0.2 √(Σx²/5)) − exp(Σcos(2πx)/5) + 20 + e. */
export function ackley5(x: readonly number[]): number {
  const d = x.length;
  let sq = 0;
  let cos = 0;
  for (const v of x) {
    sq += v ** 2;
    cos += Math.cos(2 * Math.PI * v);
  }
  return -20 * Math.exp(-0.2 * Math.sqrt(sq / d)) - Math.exp(cos / d) + 20 + Math.E;
}
