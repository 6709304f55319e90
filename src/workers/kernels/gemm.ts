/**
 * C = A·B on Float32Array, in plain JavaScript: the core of the fast matMul kernels.
 *
 * The layout follows Goto & van de Geijn, "Anatomy of high-performance matrix
 * multiplication" (ACM TOMS 34(3), 2008), as BLIS does: A is packed into panels of 4 rows
 * and B into panels of 4 columns, each stored k-major, so the inner loop reads both with
 * unit stride whatever the transposes; a 4×4 block of C lives in 16 local variables
 * (registers) for the whole k loop, 8 loads for 32 flops where the naive loop does 2 for 2.
 * Panels are Float64Array, so the inner loop converts nothing (float32 panels measured
 * slower); C is rounded to float32 once.
 * tfjs's stock cpu kernel walks A or B with a large stride when transposed and
 * accumulates in C per 48-wide block: 0.5–1 GFLOP/s against about 4 here
 * (docs/benchmarks.md, "Training speed").
 */

/** A matrix view: element (r, c) is `data[offset + r * rowStride + c * colStride]`. */
export interface MatrixView {
  readonly data: Float32Array;
  readonly offset: number;
  readonly rowStride: number;
  readonly colStride: number;
}

const MR = 4;
const NR = 4;

// Scratch panels, grown on demand and reused: a worker runs one kernel at a time.
let aPanels = new Float64Array(0);
let bPanels = new Float64Array(0);

/**
 * Packs rows [0, m) of the m×k view into ceil(m/4) panels, panel p holding rows 4p..4p+3
 * interleaved by k; missing rows are 0. k outermost: for a transposed operand (row stride
 * 1) the 4 reads of a step are adjacent, for a plain one they are 4 sequential streams.
 */
function packRows(v: MatrixView, m: number, k: number, out: Float64Array): void {
  const { data, offset, rowStride, colStride } = v;
  const full = Math.floor(m / MR);
  for (let p = 0; p < full; p++) {
    let o = p * k * MR;
    let s = offset + p * MR * rowStride;
    for (let q = 0; q < k; q++, o += MR, s += colStride) {
      out[o] = data[s]!;
      out[o + 1] = data[s + rowStride]!;
      out[o + 2] = data[s + 2 * rowStride]!;
      out[o + 3] = data[s + 3 * rowStride]!;
    }
  }
  if (full * MR < m) {
    const base = full * k * MR;
    for (let r = 0; r < MR; r++) {
      const row = full * MR + r;
      let s = offset + row * rowStride;
      for (let q = 0; q < k; q++, s += colStride) out[base + q * MR + r] = row < m ? data[s]! : 0;
    }
  }
}

/** The transpose view (rows and columns swapped), so packRows also packs B's columns. */
const transposed = (v: MatrixView): MatrixView => ({ data: v.data, offset: v.offset, rowStride: v.colStride, colStride: v.rowStride });

/**
 * Writes the m×n product of the m×k view `a` and the k×n view `b` into `c` from `cOffset`,
 * row-major (row stride n), overwriting what was there.
 */
export function gemm(m: number, n: number, k: number, a: MatrixView, b: MatrixView, c: Float32Array, cOffset: number): void {
  const mPanels = Math.ceil(m / MR);
  const nPanels = Math.ceil(n / NR);
  if (aPanels.length < mPanels * k * MR) aPanels = new Float64Array(mPanels * k * MR);
  if (bPanels.length < nPanels * k * NR) bPanels = new Float64Array(nPanels * k * NR);
  const ap = aPanels;
  const bp = bPanels;
  packRows(a, m, k, ap);
  packRows(transposed(b), n, k, bp);
  const block = new Float64Array(MR * NR);
  for (let q = 0; q < nPanels; q++) {
    const j0 = q * NR;
    for (let p = 0; p < mPanels; p++) {
      let ai = p * k * MR;
      let bi = q * k * NR;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let s = 0; s < k; s++, ai += MR, bi += NR) {
        const a0 = ap[ai]!, a1 = ap[ai + 1]!, a2 = ap[ai + 2]!, a3 = ap[ai + 3]!;
        const b0 = bp[bi]!, b1 = bp[bi + 1]!, b2 = bp[bi + 2]!, b3 = bp[bi + 3]!;
        c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3;
        c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3;
        c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3;
        c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3;
      }
      const i0 = p * MR;
      const rows = Math.min(MR, m - i0);
      const cols = Math.min(NR, n - j0);
      if (rows === MR && cols === NR) {
        let o = cOffset + i0 * n + j0;
        c[o] = c00; c[o + 1] = c01; c[o + 2] = c02; c[o + 3] = c03; o += n;
        c[o] = c10; c[o + 1] = c11; c[o + 2] = c12; c[o + 3] = c13; o += n;
        c[o] = c20; c[o + 1] = c21; c[o + 2] = c22; c[o + 3] = c23; o += n;
        c[o] = c30; c[o + 1] = c31; c[o + 2] = c32; c[o + 3] = c33;
        continue;
      }
      // Edge blocks: through a small buffer, storing only the rows and columns that exist.
      block[0] = c00; block[1] = c01; block[2] = c02; block[3] = c03;
      block[4] = c10; block[5] = c11; block[6] = c12; block[7] = c13;
      block[8] = c20; block[9] = c21; block[10] = c22; block[11] = c23;
      block[12] = c30; block[13] = c31; block[14] = c32; block[15] = c33;
      for (let r = 0; r < rows; r++) {
        const o = cOffset + (i0 + r) * n + j0;
        for (let s = 0; s < cols; s++) c[o + s] = block[r * NR + s]!;
      }
    }
  }
}
