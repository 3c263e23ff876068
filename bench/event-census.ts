// Where a run's events go (issue 9, "cost per message"): every delivery by
// message type and every timer firing by name, per message, with the rest of
// the kernel's events (timer events that came up only to be re-queued or
// dropped, RPC deadline scans, disk completions, refused connections) as one
// line. Messages are what bench/case-figures.ts divides by: the sends the
// producers completed (acked, failed or unknown).
// Usage: node dist/bench/event-census.js <scenario.yaml> [fromSeconds]
//   fromSeconds: count only what happens after the first progress step (a thousandth of the
//   run) at or after it: a steady slice after warm-up, whose per-message figures divide by the
//   sends answered in the slice (send replies delivered).
import { readFileSync } from 'node:fs';
import type { KernelEvent, Micros, NodeId } from '../sim/engine/index.js';
import type { ClusterEvent } from '../sim/protocol/index.js';
import { loadScenario } from '../sim/scenario/load.js';
import { runScenario } from '../sim/scenario/run.js';

/** A node's role, without its instance number (broker-a-1 -> broker-a, order-system-2 -> order-system). */
const role = (id: string): string => id.replace(/-\d+$/, '');

function main(): void {
  const file = process.argv[2];
  if (file === undefined) throw new Error('usage: event-census <scenario.yaml> [fromSeconds]');
  const fromUs: Micros = Number(process.argv[3] ?? 0) * 1e6;
  const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
  if (!loaded.ok) throw new Error(`${file}: ${loaded.errors.map((e) => `${e.path}: ${e.expected}`).join('; ')}`);
  const counts = new Map<string, number>();
  const bump = (key: string): void => void counts.set(key, (counts.get(key) ?? 0) + 1);
  let eventsBefore = 0;
  /** The slice starts after this instant: the events up to it are in eventsBefore. */
  let startUs: Micros = fromUs > 0 ? Infinity : -1;
  let sendRepliesInSlice = 0;
  const sink = {
    wantsHotEvents: true,
    onKernel(t: Micros, e: KernelEvent): void {
      if (t <= startUs) return;
      if (e.kind === 'deliver') {
        bump(`deliver ${e.type}${e.rpc < 0 ? ' (reply)' : ''} -> ${role(e.to)}`);
        if (e.type === 'SEND_MESSAGE_RESPONSE') sendRepliesInSlice++;
      } else if (e.kind === 'timer') bump(`timer ${role(e.node)} ${e.name}`);
    },
    onEvent(_t: Micros, _node: NodeId, _e: ClusterEvent): void {},
  };
  const r = runScenario(loaded.scenario, {
    sinks: [sink],
    onProgress: (t, _d, events) => {
      if (startUs !== Infinity || t < fromUs) return;
      startUs = t;
      eventsBefore = events;
    },
  });
  let messages = 0;
  for (const g of r.sends.groups) messages += g.acked + g.failed + g.unknown;
  const events = r.events - eventsBefore;
  const per = fromUs > 0 ? sendRepliesInSlice : messages;
  let hot = 0;
  for (const n of counts.values()) hot += n;
  counts.set(
    'other kernel events (re-queued or stale timer events, RPC scans, disk completions, refusals)',
    events - hot,
  );
  const line = (n: number, what: string): string =>
    `${(n / per).toFixed(4).padStart(8)} ${String(n).padStart(10)}  ${what}`;
  process.stdout.write(`${file}: ${events} events, ${per} messages, ${(events / per).toFixed(4)} events/message\n`);
  for (const [what, n] of [...counts].sort((a, b) => b[1] - a[1])) process.stdout.write(`${line(n, what)}\n`);
}

main();
