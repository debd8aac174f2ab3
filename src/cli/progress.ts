import type { Progress } from '../backup/format.js';

export interface ProgressPrinter {
  line(text: string): void;
  progress: Progress;
  /** Ends a bar still drawn. */
  done(): void;
}

const WIDTH = 30;

/**
 * Progress on stderr: on a terminal, a bar redrawn in place (`statuses [#########.....] 62% 620,000/1,000,000`);
 * elsewhere (logs, tests), the same bar as a line at each tenth, so a log shows the pace without flooding.
 */
export function progressPrinter(out: NodeJS.WriteStream): ProgressPrinter {
  const tty = out.isTTY === true;
  let drawn = false;
  const lastTenth = new Map<string, number>();
  const clear = () => {
    if (drawn) out.write('\r\x1b[2K');
    drawn = false;
  };
  const line = (text: string) => {
    clear();
    out.write(`${text}\n`);
  };
  return {
    line,
    progress(text, step) {
      if (!step || step.total <= 0) return line(text);
      const label = text.replace(/:.*$/, '').trim();
      const ratio = Math.min(1, step.done / step.total);
      const filled = Math.round(ratio * WIDTH);
      const bar = `  ${label} [${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.floor(ratio * 100)}% ${step.done.toLocaleString('en')}/${step.total.toLocaleString('en')}`;
      if (tty) {
        out.write(`\r\x1b[2K${bar}`);
        drawn = true;
        return;
      }
      const tenth = Math.floor(ratio * 10);
      if ((lastTenth.get(label) ?? -1) >= tenth) return;
      lastTenth.set(label, tenth);
      out.write(`${bar}\n`);
    },
    done: clear,
  };
}
