/**
 * The palette every component shares, as CSS custom properties with light and dark
 * values chosen by `prefers-color-scheme` (accessibility and habits).
 * The app may override any of them by setting the public `--hp-*` property on an
 * ancestor; components read only the private `--_*` names.
 */
import { css } from 'lit';

export const theme = css`
  :host {
    --_fg: var(--hp-fg, #1f2328);
    --_bg: var(--hp-bg, #ffffff);
    --_muted: var(--hp-muted, #59636e);
    --_border: var(--hp-border, #d1d9e0);
    --_surface: var(--hp-surface, #f6f8fa);
    --_accent: var(--hp-accent, #0969da);
    --_accent-fg: var(--hp-accent-fg, #ffffff);
    --_good: var(--hp-good, #1a7f37);
    --_bad: var(--hp-bad, #cf222e);
    --_warn: var(--hp-warn, #9a6700);
    --_running: var(--hp-running, #0969da);
    --_finished: var(--hp-finished, #8c959f);
    --_highlight: var(--hp-highlight, #bf3989);
    --_scale-best: var(--hp-scale-best, #0550ae);
    --_scale-mid: var(--hp-scale-mid, #8250df);
    --_scale-worst: var(--hp-scale-worst, #e16f24);
    --_focus: var(--hp-focus, #0969da);
    color: var(--_fg);
    background: var(--_bg);
    font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', sans-serif;
    display: block;
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_fg: var(--hp-fg, #e6edf3);
      --_bg: var(--hp-bg, #0d1117);
      --_muted: var(--hp-muted, #9198a1);
      --_border: var(--hp-border, #3d444d);
      --_surface: var(--hp-surface, #151b23);
      --_accent: var(--hp-accent, #4493f8);
      --_accent-fg: var(--hp-accent-fg, #0d1117);
      --_good: var(--hp-good, #3fb950);
      --_bad: var(--hp-bad, #f85149);
      --_warn: var(--hp-warn, #d29922);
      --_running: var(--hp-running, #4493f8);
      --_finished: var(--hp-finished, #656c76);
      --_highlight: var(--hp-highlight, #f778ba);
      --_scale-best: var(--hp-scale-best, #58a6ff);
      --_scale-mid: var(--hp-scale-mid, #a371f7);
      --_scale-worst: var(--hp-scale-worst, #f0883e);
      --_focus: var(--hp-focus, #4493f8);
    }
  }
  :host([hidden]) {
    display: none;
  }
  /* Links and file labels styled as buttons share the button look (views use both). */
  button,
  a.button,
  label.button {
    font: inherit;
    color: var(--_fg);
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: 6px;
    padding: 4px 12px;
    cursor: pointer;
    text-decoration: none;
  }
  .empty {
    color: var(--_muted);
    padding: 24px;
    text-align: center;
    border: 1px dashed var(--_border);
    border-radius: 6px;
  }
  button:hover:not(:disabled) {
    border-color: var(--_muted);
  }
  button:disabled {
    opacity: 0.45;
    cursor: not-allowed;
  }
  :focus-visible {
    outline: 2px solid var(--_focus);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
`;

/** For a chart whose updates should lay out only its own box (the page around it is not laid out again). */
export const containedChart = css`
  :host {
    contain: layout style;
  }
`;

/** Text and lines inside the SVG charts (axes, grid, legends). */
export const chartStyles = css`
  svg {
    display: block;
    width: 100%;
    height: auto;
    overflow: visible;
    font-size: 11px;
  }
  svg text {
    fill: var(--_muted);
  }
  /* A chart's dense marks are painted on a canvas exactly under its SVG (dense-layer.ts). */
  .plot {
    position: relative;
  }
  .plot svg {
    position: relative;
  }
  canvas.dense, canvas.dense-top {
    position: absolute;
    inset: 0;
    width: 100%;
    height: 100%;
    pointer-events: none;
  }
  .axis line,
  .axis path {
    stroke: var(--_border);
  }
  .axis .title {
    fill: var(--_fg);
    font-weight: 600;
  }
  .grid line {
    stroke: var(--_border);
    stroke-opacity: 0.5;
  }
  .toolbar {
    display: flex;
    gap: 12px;
    align-items: center;
    justify-content: space-between;
    color: var(--_muted);
    font-size: 12px;
    margin-bottom: 4px;
  }
  .legend {
    display: flex;
    gap: 12px;
    align-items: center;
  }
  .swatch {
    display: inline-block;
    width: 14px;
    height: 3px;
    vertical-align: middle;
    margin-right: 4px;
  }
`;
