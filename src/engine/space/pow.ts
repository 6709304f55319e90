/**
 * A correctly rounded `base ** y`, for `logspace` and `geomspace` (docs/hptuning.md, "Generated values").
 *
 * Why: numpy's `power` calls the C library's `pow`, which glibc rounds correctly,
 * while V8's `Math.pow` can be 1 ulp off: `Math.pow(2, 1.5)` is 2.82842712474619 but
 * numpy's `logspace(1, 2, 3, base=2)[1]` is 2.8284271247461903. The vectors of docs/hptuning.md, "Generated values"
 * must match bit for bit, so we evaluate `exp(y · ln(base))` in double-double
 * arithmetic (~106-bit significands; Dekker 1971, "A floating-point technique for
 * extending the available precision") and round once at the end.
 */

/** An unevaluated sum hi + lo with |lo| ≤ ulp(hi)/2. */
interface DD {
  readonly hi: number;
  readonly lo: number;
}

/** Knuth's TwoSum: a + b = s + e exactly. */
function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

/** Veltkamp's split into two 26-bit halves (Dekker 1971). */
function split(a: number): DD {
  const t = 134217729 * a; // 2^27 + 1
  const hi = t - (t - a);
  return { hi, lo: a - hi };
}

/** Dekker's TwoProduct: a · b = p + e exactly (barring overflow). */
function twoProd(a: number, b: number): DD {
  const p = a * b;
  const x = split(a);
  const y = split(b);
  return { hi: p, lo: x.hi * y.hi - p + x.hi * y.lo + x.lo * y.hi + x.lo * y.lo };
}

/** Double-double addition (the accurate variant of Hida, Li & Bailey's QD library). */
function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  const u = twoSum(s.hi, s.lo + t.hi);
  return twoSum(u.hi, u.lo + t.lo);
}

function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  return twoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

function mulNum(a: DD, b: number): DD {
  const p = twoProd(a.hi, b);
  return twoSum(p.hi, p.lo + a.lo * b);
}

/** ln 2 as a double-double (hi = the double nearest ln 2). */
const LN2: DD = { hi: 0.6931471805599453, lo: 2.3190468138462996e-17 };

/**
 * 1/n! rounded to doubles. 1/2 is exact; the first inexact term (n = 3) is below
 * 7e-12, so the rounding of 1/n! adds < 1e-27 to t, i.e. < 2^-80 after the squarings.
 */
const INV_FACT = [1, 1, 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720, 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800];

/**
 * exp(x) − 1 scaled by 2^k, as (t, k) with exp(x) = (1 + t) · 2^k.
 * Range reduction x = k·ln2 + r (|r| ≤ ln2/2), then r/2^10 by a Taylor series and
 * ten squarings of (1 + t): (1+t)² = 1 + (2t + t²), which keeps t's relative accuracy.
 */
function expParts(x: DD): { t: DD; k: number } {
  const k = Math.round(x.hi / LN2.hi);
  const r = add(x, mulNum(LN2, -k));
  const s = { hi: r.hi / 1024, lo: r.lo / 1024 };
  // t = s + s²/2! + ... + s^10/10!; |s| < 3.4e-4 so the truncation error is < 1e-40.
  let term: DD = s;
  let t: DD = s;
  for (let n = 2; n < INV_FACT.length; n++) {
    term = mul(term, s);
    t = add(t, mulNum(term, INV_FACT[n]));
  }
  for (let i = 0; i < 10; i++) t = add(mulNum(t, 2), mul(t, t));
  return { t, k };
}

/** `base ** y` for base > 0, correctly rounded except in cases closer to a tie than 2^-100 relative. */
export function exactPow(base: number, y: number): number {
  if (!(base > 0) || !Number.isFinite(base)) throw new RangeError(`pow needs a finite base > 0, got ${base}`);
  if (!Number.isFinite(y)) throw new RangeError(`pow needs a finite exponent, got ${y}`);
  if (base === 1 || y === 0) return 1;
  const l = lnDD(base);
  const x = mulNum(l, y);
  if (x.hi > 709.8) return Infinity;
  if (x.hi < -745.2) return 0;
  const { t, k } = expParts(x);
  const m = twoSum(1, t.hi);
  const v = m.hi + (m.lo + t.lo);
  // Scale by 2^k in two exact steps so that 2^k itself never overflows.
  const k1 = Math.trunc(k / 2);
  return v * 2 ** k1 * 2 ** (k - k1);
}

/** ln(a) as a double-double: one Newton step on exp(y) = a from Math.log's estimate. */
function lnDD(a: number): DD {
  const y0 = Math.log(a);
  const { t, k } = expParts({ hi: y0, lo: 0 });
  // e = exp(y0) = (1 + t)·2^k; the step is (a − e)/e, computed as (a·2^-k − (1 + t)) / (1 + t).
  const one = twoSum(1, t.hi);
  const e: DD = twoSum(one.hi, one.lo + t.lo);
  const diff = add({ hi: a * 2 ** -k, lo: 0 }, { hi: -e.hi, lo: -e.lo });
  return twoSum(y0, (diff.hi + diff.lo) / e.hi);
}
