/**
 * Quantization of the q-options (docs/hptuning.md, "Quantized options", docs/differences.md, "Quantized options round down as in Polyaxon; qlognormal is fixed"): Polyaxon computes `np.round(x // q) * q`
 * with Python's float floor division, which is not `Math.floor(x / q)`:
 * `1.0 // 0.1` is 9.0 (so `quniform [0, 1, 0.1]` never yields 1.0), whereas
 * `Math.floor(1.0 / 0.1)` is 10.
 */

/**
 * Python's `x // q` for floats, step by step as CPython's `float_floor_div`
 * (Objects/floatobject.c, `_float_div_mod`), which docs/hptuning.md, "Quantized options" transcribes:
 * the remainder comes from C `fmod` (JS `%` is fmod), the quotient is
 * `(x − mod) / q` corrected toward −∞, then snapped to the nearest integer.
 */
export function pyFloorDiv(x: number, q: number): number {
  if (q === 0) throw new RangeError(`float floor division by zero (q must be non-zero), got x ${x}, q ${q}`);
  const mod = x % q;
  let div = (x - mod) / q;
  if (mod !== 0 && q < 0 !== mod < 0) div -= 1;
  if (div === 0) return q < 0 !== (x < 0 || Object.is(x, -0)) ? -0 : 0; // copysign(0, x / q)
  let fl = Math.floor(div);
  if (div - fl > 0.5) fl += 1;
  return fl;
}

/**
 * Polyaxon's `np.round(x // q) * q` (docs/hptuning.md, "Quantized options"). `x // q` is already an integer-valued double,
 * so numpy's round leaves it unchanged and is not repeated here.
 */
export function quantize(x: number, q: number): number {
  return pyFloorDiv(x, q) * q;
}
