/**
 * A canvas under a chart's SVG for its dense part (target: the group view stays
 * under 100 ms per update with 1,000 trials). One SVG element per trial costs Lit's diff,
 * style, layout and paint per element: 1,000 learning curves took 150–330 ms per update.
 * On a canvas the same lines are plain strokes without DOM nodes, a few ms.
 * Charts keep an SVG element per mark while they have at most DENSE marks, so small
 * groups keep their per-trial tooltips; the axes, the highlight and the summaries
 * (aria-label) always stay in the SVG.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Above this many marks a chart paints them on its canvas instead of one SVG element each. */
export const DENSE = 150;

/** Resolves a theme custom property (e.g. `--_finished`) to its current colour. */
export type CssVar = (name: string) => string;

/** Marks painted with one stroke or fill: polylines and/or dots, in viewBox units. */
export interface Batch {
  /** The colour, resolved at paint time so a colour-scheme change repaints correctly. */
  readonly color: (css: CssVar) => string;
  readonly alpha: number;
  /** Line width in viewBox units (scaled like an SVG stroke). */
  readonly width?: number;
  /** Polylines as flat `x0, y0, x1, y1, …` lists. */
  readonly lines?: readonly (readonly number[])[];
  /** Dot centres as one flat `x, y, …` list, radius `radius`. */
  readonly dots?: readonly number[];
  readonly radius?: number;
}

let probe: CanvasRenderingContext2D | null | undefined;

/** `[r, g, b]` of any CSS colour, through a canvas's own colour parser (no regex for every syntax). */
export function rgb(color: string): [number, number, number] {
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return [128, 128, 128];
  probe.fillStyle = '#808080';
  probe.fillStyle = color;
  const s = String(probe.fillStyle);
  if (s.startsWith('#')) return [1, 3, 5].map((i) => parseInt(s.slice(i, i + 2), 16)) as [number, number, number];
  const m = s.match(/[\d.]+/g) ?? ['128', '128', '128'];
  return [Number(m[0]), Number(m[1]), Number(m[2])];
}

/** `a` mixed with `b` by `t` ∈ [0, 1] in sRGB, like CSS `color-mix(in srgb, b t%, a)`. */
export function mix(a: string, b: string, t: number): string {
  const x = rgb(a);
  const y = rgb(b);
  return `rgb(${x.map((v, i) => Math.round(v + (y[i]! - v) * t)).join(' ')})`;
}

/**
 * Paints a host's marks on two canvases in its shadow root after every update, on resize
 * and on a colour-scheme change. Set `scene`, `base` and `top` in `render()`:
 * - `top` (canvas.dense-top, e.g. running curves) is cleared and painted every time;
 * - `base` (canvas.dense, e.g. finished curves) only grows between updates while `scene`
 *   (the scales, colours and opacities it was painted with) stays the same, so it is
 *   painted incrementally: only lines not painted before (by identity) and dots past the
 *   old ones are drawn, on top of the old. When one painted line is gone, or the scene
 *   changed, it is repainted whole. A trial ending thus costs one line, not 1,000.
 */
export class DenseLayer implements ReactiveController {
  scene = '';
  base: readonly Batch[] = [];
  top: readonly Batch[] = [];
  private _painted?: { readonly scene: string; readonly lines: ReadonlySet<readonly number[]>; readonly dots: readonly (readonly number[] | undefined)[]; readonly w: number; readonly h: number };
  private _canvases: HTMLCanvasElement[] = [];
  private _generation = 0;
  private _resize?: ResizeObserver;
  private _scheme?: MediaQueryList;
  private readonly _repaint = () => {
    this._painted = undefined;
    this.paint();
  };

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment },
    private readonly viewWidth: number,
    private readonly viewHeight: number,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this._scheme = matchMedia('(prefers-color-scheme: dark)');
    this._scheme.addEventListener('change', this._repaint);
  }

  hostDisconnected(): void {
    this._scheme?.removeEventListener('change', this._repaint);
    this._resize?.disconnect();
    this._resize = undefined;
    this._canvases = [];
    this._painted = undefined;
  }

  hostUpdated(): void {
    const canvases = [...this.host.renderRoot.querySelectorAll<HTMLCanvasElement>('canvas.dense, canvas.dense-top')];
    if (canvases.length !== this._canvases.length || canvases.some((c, i) => c !== this._canvases[i])) {
      this._resize?.disconnect();
      this._canvases = canvases;
      this._painted = undefined;
      if (canvases[0]) (this._resize = new ResizeObserver(this._repaint)).observe(canvases[0]);
    }
    this.paint();
  }

  paint(): void {
    const base = this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas.dense');
    const top = this.host.renderRoot.querySelector<HTMLCanvasElement>('canvas.dense-top');
    if (!base) {
      this._painted = undefined;
      return;
    }
    const style = getComputedStyle(this.host);
    const css: CssVar = (name) => style.getPropertyValue(name).trim() || '#808080';
    const p = this._painted;
    const ctx = this._context(base);
    if (!ctx) return;
    const { w, h } = ctx;
    const lines = new Set<readonly number[]>();
    for (const b of this.base) for (const l of b.lines ?? []) lines.add(l);
    const grows =
      p !== undefined && p.scene === this.scene && p.w === w && p.h === h && [...p.lines].every((l) => lines.has(l)) &&
      this.base.every((b, i) => (p.dots[i] ?? []).every((v, k) => b.dots?.[k] === v));
    if (!grows) {
      // A whole repaint drops what an earlier one has left to draw.
      this._generation++;
      ctx.c.clearRect(0, 0, this.viewWidth, this.viewHeight);
    }
    this._sliced(ctx.c, strokes(ctx.c, css, grows ? this.base.map((b, i) => ({ ...b, lines: b.lines?.filter((l) => !p.lines.has(l)), dots: b.dots?.slice(p.dots[i]?.length ?? 0) })) : this.base));
    this._painted = { scene: this.scene, lines, dots: this.base.map((b) => b.dots), w, h };
    base.dataset.marks = String(count(this.base));
    if (top) {
      const t = this._context(top);
      if (!t) return;
      t.c.clearRect(0, 0, this.viewWidth, this.viewHeight);
      // The top layer is small (running curves, their heads): drawn whole, at once.
      const work = strokes(t.c, css, this.top);
      while (!work.next().done);
      top.dataset.marks = String(count(this.top));
    }
  }

  /**
   * Runs `work` for at most SLICE_MS, then continues in later tasks: a whole repaint of
   * 1,000 lines (new scales, a new best colour) then never makes one long task (target:
   * none over 50 ms). A later whole repaint cancels the rest (the generation changes).
   */
  private _sliced(ctx: CanvasRenderingContext2D, work: Iterator<void>): void {
    const generation = this._generation;
    const step = () => {
      if (generation !== this._generation) return;
      const end = performance.now() + SLICE_MS;
      while (!work.next().done) if (performance.now() > end) return void setTimeout(step, 0);
      ctx.globalAlpha = 1;
    };
    step();
  }

  /** The canvas's 2D context sized to its box at the device pixel ratio, in viewBox units. */
  private _context(canvas: HTMLCanvasElement): { c: CanvasRenderingContext2D; w: number; h: number } | undefined {
    const dpr = devicePixelRatio || 1;
    const w = Math.round(canvas.clientWidth * dpr);
    const h = Math.round(canvas.clientHeight * dpr);
    if (canvas.width !== w || canvas.height !== h) [canvas.width, canvas.height] = [w, h];
    const c = canvas.getContext('2d');
    if (!c) return undefined;
    c.setTransform(w / this.viewWidth, 0, 0, h / this.viewHeight, 0, 0);
    return { c, w, h };
  }
}

function count(batches: readonly Batch[]): number {
  let n = 0;
  for (const b of batches) n += (b.lines?.length ?? 0) + (b.dots?.length ?? 0) / 2;
  return n;
}

/** Time per slice of a repaint (see DenseLayer._sliced). */
const SLICE_MS = 12;

/**
 * Draws the batches, yielding after every 25 lines and after each batch's dots. The style is
 * set again after each yield: a slice of another paint may have run in between.
 */
function* strokes(ctx: CanvasRenderingContext2D, css: CssVar, batches: readonly Batch[]): Generator<void> {
  for (const b of batches) {
    if (!b.lines?.length && !b.dots?.length) continue;
    const color = b.color(css);
    const style = () => {
      ctx.globalAlpha = b.alpha;
      ctx.strokeStyle = ctx.fillStyle = color;
      ctx.lineWidth = b.width ?? 1;
      ctx.lineJoin = ctx.lineCap = 'round';
    };
    style();
    // One stroke per line, not one path for the batch: within one path overlaps do not
    // add up, and where faint lines crowd is what the density fading is meant to show.
    const lines = b.lines ?? [];
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k]!;
      ctx.beginPath();
      ctx.moveTo(l[0]!, l[1]!);
      for (let i = 2; i < l.length; i += 2) ctx.lineTo(l[i]!, l[i + 1]!);
      ctx.stroke();
      if (k % 25 === 24) {
        yield;
        style();
      }
    }
    if (b.dots?.length) {
      const r = b.radius ?? 3;
      ctx.beginPath();
      for (let i = 0; i < b.dots.length; i += 2) {
        ctx.moveTo(b.dots[i]! + r, b.dots[i + 1]!);
        ctx.arc(b.dots[i]!, b.dots[i + 1]!, r, 0, 2 * Math.PI);
      }
      ctx.fill();
      yield;
    }
  }
}
