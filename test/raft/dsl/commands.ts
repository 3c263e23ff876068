// The golden-test DSL: one handler per command, each with its usage line.
// Arguments are positional words plus key=value options.
import { nodeId, parseDuration } from '../../../sim/engine/index.js';
import { RaftCheckSuite } from '../../../sim/check/raft-checks.js';
import { bugFlagsOf } from '../../../sim/base/index.js';
import { RAFT_BUG_SWITCHES } from '../../../sim/raft/bugs.js';
import type { RaftConfigOverrides } from '../../../sim/raft/config.js';
import { T_VOTE } from '../../../sim/raft/timers.js';
import type { Env } from './env.js';

export interface Args {
  readonly words: readonly string[];
  readonly opts: ReadonlyMap<string, string>;
}

type Handler = (
  env: Env,
  a: Args,
  ctx: { suite: RaftCheckSuite | undefined; setSuite(s: RaftCheckSuite): void },
) => void;

const nodes = (s: string | undefined): string[] => (s === undefined || s === '' ? [] : s.split(','));

function status(env: Env): void {
  for (const id of env.ids) {
    const c = env.cores.get(id);
    const s = env.stores.get(id);
    if (c === undefined || s === undefined) {
      env.out.push(`${id}: down (disk: term ${s?.hardState.term ?? '?'} log end ${s?.log.endIndex ?? '?'})`);
      continue;
    }
    env.out.push(
      `${id}: ${c.role} term=${c.term} vote=${c.votedFor ?? '-'} leader=${c.leaderId ?? '-'} commit=${c.committedIndex} last=(${c.ledgerEndIndex},${c.ledgerEndTerm})`,
    );
  }
}

export const COMMANDS: ReadonlyMap<string, { usage: string; run: Handler }> = new Map<
  string,
  { usage: string; run: Handler }
>([
  [
    'add-nodes',
    {
      usage:
        'add-nodes <n> [idle] [bugs=<switch,...>] [preferred=<id,...>] [ackAfterFsync=true]: start n members (idle: no vote until campaign/tick)',
      run: (env, a, ctx) => {
        const names = nodes(a.opts.get('bugs'));
        const unknown = names.filter((n) => !RAFT_BUG_SWITCHES.some((s) => s.name === n));
        const bugs = bugFlagsOf(RAFT_BUG_SWITCHES, names);
        if (unknown.length > 0) throw new Error(`unknown bug switches ${unknown.join(',')}`);
        const overrides: RaftConfigOverrides = {
          bugs,
          preferredLeaderIds: nodes(a.opts.get('preferred')),
          ackAfterFsync: a.opts.get('ackAfterFsync') === 'true',
        };
        env.addNodes(Number(a.words[0]), overrides, a.words.includes('idle'));
        const suite = new RaftCheckSuite({
          seed: 'golden',
          groups: [
            { group: 'g', members: env.ids, logOf: (m) => env.logOf(m), ackAfterFsync: env.config.ackAfterFsync },
          ],
        });
        const sink = suite.sink();
        env.listeners.push((t, e) => sink.onEvent?.(t, nodeId(e.node), e));
        ctx.setSuite(suite);
      },
    },
  ],
  [
    'campaign',
    {
      usage:
        "campaign <id> [next]: the member's heartbeat timeout and next vote time are now (next: as if its last round said WAIT_TO_VOTE_NEXT)",
      run: (env, a) => {
        const core = env.cores.get(a.words[0] ?? '');
        if (core?.role === 'FOLLOWER') core.changeToCandidate(core.term, 'told to campaign');
        if (core !== undefined && a.words.includes('next')) core.lastParseResult = 'WAIT_TO_VOTE_NEXT';
        env.fire(a.words[0] ?? '', T_VOTE);
      },
    },
  ],
  [
    'fire',
    {
      usage: "fire <id> <timer>: fires one of the member's timers now (e.g. raft:heartbeat)",
      run: (env, a) => env.fire(a.words[0] ?? '', a.words[1] ?? ''),
    },
  ],
  [
    'tick',
    {
      usage: 'tick <duration>: advance the clock; timers and RPC timeouts fire, messages stay queued',
      run: (env, a) => env.advance(env.now + parseDuration(a.words[0] ?? '0'), false),
    },
  ],
  [
    'run',
    {
      usage: 'run <duration>: advance the clock delivering every message at once (events only, no message lines)',
      run: (env, a) => {
        env.printMessages = false;
        env.advance(env.now + parseDuration(a.words[0] ?? '0'), true);
        env.printMessages = true;
      },
    },
  ],
  [
    'deliver',
    {
      usage:
        'deliver [<to>] [from=<id>] [count=<k>] [drop=<id,...>]: deliver the messages queued now (to <to>, from <id>, the first k), dropping those to the drop list',
      run: (env, a) => {
        const to = a.words[0];
        const from = a.opts.get('from');
        let left = Number(a.opts.get('count') ?? Number.POSITIVE_INFINITY);
        env.deliverRound(
          (m) => (to === undefined || m.to === to) && (from === undefined || m.from === from) && left-- > 0,
          new Set(nodes(a.opts.get('drop'))),
        );
      },
    },
  ],
  [
    'stabilize',
    {
      usage: 'stabilize [drop=<id,...>]: deliver until no message is queued',
      run: (env, a) => {
        const drop = new Set(nodes(a.opts.get('drop')));
        for (let i = 0; i < 200 && env.deliverRound(() => true, drop) > 0; i++);
      },
    },
  ],
  [
    'append',
    {
      usage: 'append <id> [count]: the member proposes count entries (payload: a sequence number)',
      run: (env, a) => {
        const n = Number(a.words[1] ?? '1');
        for (let i = 0; i < n; i++) {
          const seq = env.out.length + i;
          env.step(a.words[0] ?? '', { kind: 'append', handle: seq, payload: [seq, 0], bytes: 100 });
        }
      },
    },
  ],
  [
    'crash',
    { usage: 'crash <id>: the member dies (its written state survives)', run: (env, a) => env.crash(a.words[0] ?? '') },
  ],
  [
    'restart',
    { usage: 'restart <id>: a crashed member recovers from its store', run: (env, a) => env.boot(a.words[0] ?? '') },
  ],
  [
    'partition',
    {
      usage: 'partition <ids> <ids>: cut every link between the two comma-separated sides',
      run: (env, a) => env.partition(nodes(a.words[0]), nodes(a.words[1])),
    },
  ],
  [
    'partition-oneway',
    {
      usage: 'partition-oneway <from-ids> <to-ids>: cut only the links from the first side to the second',
      run: (env, a) => env.partitionOneWay(nodes(a.words[0]), nodes(a.words[1])),
    },
  ],
  ['heal', { usage: 'heal: remove every partition', run: (env) => env.heal() }],
  [
    'status',
    { usage: 'status: role, term, vote, leader, commit and last entry of every member', run: (env) => status(env) },
  ],
  [
    'log',
    {
      usage: "log <id>: the member's entries as (index,term)",
      run: (env, a) => {
        const s = env.stores.get(a.words[0] ?? '');
        const parts: string[] = [];
        for (let i = 0; s !== undefined && i <= s.log.endIndex; i++)
          parts.push(`(${i},${s.log.termAt(i)}${s.log.kindAt(i) === 0 ? ',noop' : ''})`);
        env.out.push(`${a.words[0] ?? ''}: ${parts.join(' ') || 'empty'}`);
      },
    },
  ],
  [
    'check',
    {
      usage: "check: every Raft checker's verdict on the story so far",
      run: (env, _a, ctx) => {
        for (const r of ctx.suite?.finish(env.now) ?? []) {
          env.out.push(`${r.ok ? 'ok  ' : 'FAIL'} ${r.name}: ${r.detail.replace(/\[seed=golden t=[0-9.ms]+\] /, '')}`);
        }
      },
    },
  ],
]);

export function usage(): string {
  return [...COMMANDS.values()].map((c) => c.usage).join('\n');
}
