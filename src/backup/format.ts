/** `512 B`, `1.5 kB`, `12.3 MB`, `1.02 GB` */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} kB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

/** What backup and restore report as they go: a line, and for a long step how far along it is (a progress bar in the CLI). */
export type Progress = (line: string, step?: { done: number; total: number }) => void;
