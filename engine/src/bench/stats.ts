/** Benchmark run statistics: the runs (rounded to 0.1) with their median and minimum. */
export interface Stats {
  runs: number[];
  median: number;
  min: number;
}

export function stats(runs: number[]): Stats {
  const s = [...runs].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { runs: runs.map(r), median: r(s[Math.floor(s.length / 2)]!), min: r(s[0]!) };
}
