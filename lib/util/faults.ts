// Fault injection for the reliability tests only: `DML_FAULT=<point>` makes a job process die
// (SIGKILL, with its worker) or block at a named point. Never set in normal use; with
// `DML_FAULT_MARKER=<file>` a fault fires once (the first process to create the file).
//   after-results      right after a run's results and its job's end were committed
//   during-artifacts   between writing the embeddings file and the proxies file
//   block-step:<ms>    the event loop blocks <ms> at step 1 (a step longer than the lease)
// `DML_TRACE_FILE=<file>` appends one line per run start/finish (the kill-loop test's tally).
import fs from 'node:fs';

function armed(point: string): string | undefined {
  const spec = process.env.DML_FAULT;
  if (!spec || (spec !== point && !spec.startsWith(`${point}:`))) return undefined;
  const marker = process.env.DML_FAULT_MARKER;
  if (marker) {
    try {
      fs.closeSync(fs.openSync(marker, 'wx'));
    } catch {
      return undefined; // fired already
    }
  }
  return spec.slice(point.length + 1);
}

/** Dies here (job process and its worker, as a power cut would) when the tests armed `point`. */
export function crashPoint(point: 'after-results' | 'during-artifacts'): void {
  if (armed(point) === undefined) return;
  if (process.send) process.kill(process.ppid, 'SIGKILL');
  process.kill(process.pid, 'SIGKILL');
}

/** Blocks the thread here (no timers run) when the tests armed `block-step:<ms>`. */
export function blockPoint(): void {
  const ms = armed('block-step');
  if (ms === undefined) return;
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(ms) || 1000);
}

/** Appends `event` to the tests' trace file, if one is set (one write, O_APPEND: lines never interleave). */
export function traceEvent(event: string): void {
  const file = process.env.DML_TRACE_FILE;
  if (file) fs.appendFileSync(file, `${event} pid=${process.pid}\n`);
}
