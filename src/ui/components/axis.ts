/**
 * Axes for the SVG charts: d3-scale computes the ticks, Lit `svg` templates draw them
 * (d3 computes, Lit renders, nobody else owns the DOM).
 */
import { svg, nothing, type SVGTemplateResult } from 'lit';
import type { ScaleContinuousNumeric, ScalePoint } from 'd3-scale';
import type { ParamValue } from '../../engine/index.ts';
import { formatNumber } from './format.ts';

export interface Tick {
  readonly pos: number;
  readonly label: string;
}

/** The plot area inside a fixed viewBox; the SVG then scales to its container's width. */
export interface Frame {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

export const FRAME: Frame = { width: 640, height: 300, top: 12, right: 16, bottom: 40, left: 56 };

/**
 * Ticks of a linear or log scale. A log scale's `ticks()` lists every 1..9 multiple;
 * its `tickFormat` blanks the crowded ones, and those are dropped here.
 */
export function continuousTicks(scale: ScaleContinuousNumeric<number, number>, count: number, log = false): Tick[] {
  const values = scale.ticks(count);
  const fmt = log ? scale.tickFormat(count, '~g') : formatNumber;
  return values.map((v) => ({ pos: scale(v), label: fmt(v) })).filter((t) => t.label !== '');
}

export function pointTicks(scale: ScalePoint<string>): Tick[] {
  return scale.domain().map((d) => ({ pos: scale(d) ?? 0, label: d }));
}

/** A horizontal axis along y = `y` from x0 to x1, labels below, a title centred under them. */
export function bottomAxis(ticks: readonly Tick[], y: number, x0: number, x1: number, title: string): SVGTemplateResult {
  return svg`<g class="axis x">
    <line x1=${x0} x2=${x1} y1=${y} y2=${y}></line>
    ${ticks.map(
      (t) => svg`<line x1=${t.pos} x2=${t.pos} y1=${y} y2=${y + 4}></line>
        <text x=${t.pos} y=${y + 15} text-anchor="middle">${t.label}</text>`,
    )}
    <text class="title" x=${(x0 + x1) / 2} y=${y + 32} text-anchor="middle">${title}</text>
  </g>`;
}

/** A vertical axis along x = `x`, labels left of it, a rotated title further left. */
export function leftAxis(ticks: readonly Tick[], x: number, y0: number, y1: number, title: string): SVGTemplateResult {
  const mid = (y0 + y1) / 2;
  return svg`<g class="axis y">
    <line x1=${x} x2=${x} y1=${y0} y2=${y1}></line>
    ${ticks.map(
      (t) => svg`<line x1=${x - 4} x2=${x} y1=${t.pos} y2=${t.pos}></line>
        <text x=${x - 7} y=${t.pos} dy="0.32em" text-anchor="end">${t.label}</text>`,
    )}
    ${title ? svg`<text class="title" transform="translate(${x - 44} ${mid}) rotate(-90)" text-anchor="middle">${title}</text>` : nothing}
  </g>`;
}

/** Light horizontal grid lines at the y ticks, drawn under the data. */
export function gridLines(ticks: readonly Tick[], x0: number, x1: number): SVGTemplateResult {
  return svg`<g class="grid">${ticks.map((t) => svg`<line x1=${x0} x2=${x1} y1=${t.pos} y2=${t.pos}></line>`)}</g>`;
}

export type AxisKind = 'linear' | 'log' | 'point';

/** Log scale when every value is positive and max/min exceeds 10² (the rule of the parallel coordinates' axes and the history's metric axis). */
export function axisKind(values: readonly ParamValue[]): AxisKind {
  if (values.length === 0 || !values.every((v) => typeof v === 'number' && Number.isFinite(v))) return 'point';
  const nums = values as readonly number[];
  const lo = Math.min(...nums);
  const hi = Math.max(...nums);
  return lo > 0 && hi / lo > 100 ? 'log' : 'linear';
}

