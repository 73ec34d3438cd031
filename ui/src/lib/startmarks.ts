// The UI's own start-up marks for the benchmark (docs/BENCHMARKS.md, figure 1): wall-clock
// times in ms since the epoch, sent once with the first-paint report. The shell prints them
// only when started with TRYGGPLAN_TIMING=1; they carry no data, only times.

export const now = (): number => performance.timeOrigin + performance.now();

export const startMarks = {
  /** When the first bundle began to run (this module is among its first). */
  script: now(),
  /** When the session's status had come back from the shell. */
  status: 0,
  /** When the first screen was in the DOM (before it was painted). */
  rendered: 0,
};
