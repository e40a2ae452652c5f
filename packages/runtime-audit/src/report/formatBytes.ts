const UNITS = ['KiB', 'MiB', 'GiB', 'TiB'] as const;

/**
 * A byte count in binary units, the one rendering of sizes that runtime-audit's text reports and
 * `tlkit report` share: whole bytes under 1 KiB, then one decimal in the largest unit that keeps
 * the figure at 1 or more.
 *
 * @param bytes - a non-negative byte count
 * @returns `512 B`, `14.0 KiB`, `3.1 MiB`, `2.0 GiB`
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  let value = bytes / 1024;
  let unit: (typeof UNITS)[number] = UNITS[0];
  for (const larger of UNITS.slice(1)) {
    if (value < 1024) break;
    value /= 1024;
    unit = larger;
  }
  return `${value.toFixed(1)} ${unit}`;
}

/**
 * A duration in the unit a person reads at a glance.
 *
 * @param ms - milliseconds
 * @returns `850 ms`, `12 s`, `5 min`, `3.2 h`
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}
