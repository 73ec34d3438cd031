// The value axis both charts (BarChart, LineChart) draw: which counts may be drawn, the text of
// a hidden one, the round ticks and where a value goes. Pure functions; ChartAxis.svelte draws
// the grid lines and tick labels from them.

import type { Shown } from './bindings/Shown';

/** The count a chart may draw: only a published number, never a hidden one. */
export function drawn(v: Shown): number | null {
  return v.kind === 'count' ? Number(v.value) : null;
}

/** The text under a value: the number, "<t", ".." or nothing. */
export function shownText(v: Shown, threshold: number): string {
  switch (v.kind) {
    case 'count':
      return String(v.value);
    case 'small':
      return `<${threshold}`;
    case 'complement':
      return '..';
    default:
      return '';
  }
}

/** Round ticks from 0 to at least `max` (1, 2 or 5 × 10^n apart), four or five of them. */
export function ticks(max: number): number[] {
  if (max <= 0) return [0, 1];
  const raw = max / 4;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * pow).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v < max + step; v += step) out.push(Math.round(v * 1000) / 1000);
  return out;
}

export type ValueScale = {
  /** The ticks, from 0 up to at least the largest drawn value. */
  ticks: number[];
  /** Where the value `v` goes: 0 at the plot's bottom, the highest tick at its top. */
  y: (v: number) => number;
};

/**
 * The value scale of a plot `plotH` high whose top is at `top`. Only the published numbers of
 * `values` set it: a hidden one ("<5", "..") would otherwise show through the scale.
 */
export function valueScale(values: Shown[], top: number, plotH: number): ValueScale {
  const max = Math.max(0, ...values.map((v) => drawn(v) ?? 0));
  const axis = ticks(max);
  const highest = axis[axis.length - 1] || 1;
  return { ticks: axis, y: (v: number) => top + plotH - (v / highest) * plotH };
}
