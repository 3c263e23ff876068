// `rmqsim import`: the official sample configuration shapes (written in our
// own words under test/fixtures/import/) become scenarios that load and run
// as written, with the topology and constants of the files; unknown keys are
// listed as ignored; inconsistent files are refused naming file and key.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { importCommand } from '../../sim/cli/commands/import.js';
import type { CliIo } from '../../sim/cli/io.js';
import { importProperties, type PropertiesFile } from '../../sim/scenario/index.js';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

function fakeIo(): { io: CliIo; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      stdout: { write: (t) => void out.push(t) },
      stderr: { write: (t) => void err.push(t) },
      stdoutTTY: false,
      stderrTTY: false,
      env: {},
      cores: 1,
    },
    out,
    err,
  };
}

const fixture = (dir: string): PropertiesFile[] =>
  readdirSync(`test/fixtures/import/${dir}`)
    .sort()
    .map((f) => ({ file: f, text: readFileSync(`test/fixtures/import/${dir}/${f}`, 'utf8') }));

const SHAPES = [
  {
    dir: '2m-2s-sync',
    groups: [
      ['broker-a', 'classic', 2, 'SYNC_MASTER'],
      ['broker-b', 'classic', 2, 'SYNC_MASTER'],
    ],
  },
  {
    dir: '2m-2s-async',
    groups: [
      ['broker-a', 'classic', 2, 'ASYNC_MASTER'],
      ['broker-b', 'classic', 2, 'ASYNC_MASTER'],
    ],
  },
  {
    dir: '2m-noslave',
    groups: [
      ['broker-a', 'classic', 1, 'ASYNC_MASTER'],
      ['broker-b', 'classic', 1, 'ASYNC_MASTER'],
    ],
  },
  { dir: 'dledger-3', groups: [['RaftNode00', 'dledger', 3, undefined]] },
] as const;

const tempDir = useTempDirs('rmqsim-import-');

describe('rmqsim import', () => {
  for (const shape of SHAPES) {
    it(`imports ${shape.dir} into a scenario that runs as written`, () => {
      const dir = tempDir();
      const out = join(dir, `${shape.dir}.yaml`);
      const { io, err } = fakeIo();
      expect(importCommand(io, [`test/fixtures/import/${shape.dir}`], out, false)).toBe(0);
      const loaded = loadScenario(out, (p) => ({ ok: true, text: readFileSync(p, 'utf8') }));
      if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
      const s = loaded.scenario;
      expect(
        s.cluster.groups.map((g) => [g.name, g.mode, g.replicas, g.mode === 'classic' ? g.brokerRole : undefined]),
      ).toEqual(shape.groups);
      expect(err.join('')).toMatch(/ignored .*(deleteWhen|listenPort|storePathRootDir)/);
      const r = runScenario(s); // as written: one simulated minute, cheap
      expect(r.expectations.length).toBe(3);
      expect(r.expectations.map((e) => [e.name, e.ok, e.detail])).toEqual(
        r.expectations.map((e) => [e.name, true, e.detail]),
      );
    });
  }

  it('maps the constants it understands onto the group config', () => {
    const r = importProperties(fixture('2m-noslave'), 'x');
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    const groups = (r.doc['cluster'] as { groups: { config: unknown }[] }).groups;
    expect(groups[0]?.config).toEqual({ flushIntervalCommitLogUs: '500ms', sendQueueCapacity: 10000 });
    expect(r.ignored.map((i) => i.key)).toContain('listenPort');
  });

  const broken: readonly (readonly [string, PropertiesFile[], string, string])[] = [
    [
      'two masters with brokerId 0',
      [
        { file: 'a.properties', text: 'brokerName=broker-a\nbrokerId=0\nbrokerRole=ASYNC_MASTER\n' },
        { file: 'a2.properties', text: 'brokerName=broker-a\nbrokerId=0\nbrokerRole=ASYNC_MASTER\n' },
      ],
      'a2.properties',
      'brokerId',
    ],
    [
      'a peer list that does not match the files',
      [0, 1, 2].map((i) => ({
        file: `n${i}.properties`,
        text: `brokerName=g\nenableDLegerCommitLog=true\ndLegerPeers=n0-h:1;n1-h:2${i === 2 ? '' : ';n2-h:3'}\ndLegerSelfId=n${i}\n`,
      })),
      'n2.properties',
      'dLegerPeers',
    ],
    [
      'DLedger and classic mixed in one group',
      [
        { file: 'm.properties', text: 'brokerName=g\nbrokerId=0\n' },
        {
          file: 'd.properties',
          text: 'brokerName=g\nenableDLegerCommitLog=true\ndLegerPeers=n0-h:1\ndLegerSelfId=n0\n',
        },
      ],
      'm.properties',
      'enableDLegerCommitLog',
    ],
    [
      'a role RocketMQ does not have',
      [{ file: 'a.properties', text: 'brokerName=a\nbrokerRole=MASTER\n' }],
      'a.properties',
      'brokerRole',
    ],
  ];
  for (const [what, files, file, key] of broken) {
    it(`refuses ${what}, naming ${file} and ${key}`, () => {
      const r = importProperties(files, 'x');
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(r.problems.map((p) => `${p.file}:${p.key}`)).toContain(`${file}:${key}`);
    });
  }

  it('exits 2 and writes nothing on inconsistent files', () => {
    const dir = tempDir();
    const { io, err } = fakeIo();
    expect(
      importCommand(
        io,
        [
          'test/fixtures/import/2m-2s-sync/broker-a.properties',
          'test/fixtures/import/2m-2s-sync/broker-b.properties',
          'test/fixtures/import/2m-noslave/broker-a.properties',
        ],
        join(dir, 'x.yaml'),
        false,
      ),
    ).toBe(2);
    expect(err.join('')).toMatch(/2m-noslave\/broker-a\.properties: brokerId: broker-a already has brokerId 0/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('creates the missing folders of --out, as run --out does', () => {
    const out = join(tempDir(), 'imp', 'deeper', 'mine.yaml');
    const { io, err } = fakeIo();
    expect(importCommand(io, ['test/fixtures/import/2m-2s-sync/'], out, false)).toBe(0);
    expect(err.join('')).not.toMatch(/error/);
    expect(loadScenario(out, (p) => ({ ok: true, text: readFileSync(p, 'utf8') })).ok).toBe(true);
  });

  it('an --out that cannot be written: exit 2 naming --out and the file, nothing written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'blocker'), 'a file where a folder should be');
    const out = join(dir, 'blocker', 'mine.yaml');
    const { io, err } = fakeIo();
    expect(importCommand(io, ['test/fixtures/import/2m-2s-sync/'], out, false)).toBe(2);
    expect(err.join('')).toMatch(new RegExp(`^rmqsim import: ${out}: --out: cannot write the scenario: `));
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['blocker']);
  });
});
