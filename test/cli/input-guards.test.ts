// Issue 10: what CI feeds the CLI by mistake ends in exit 2 with a message
// that names the culprit, and under --json in exactly one JSON object.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FAKE_SCENARIO } from '../scenario/fake-cluster.js';
import { useTempDirs } from '../support/temp-dirs.js';
import { fakeCli } from './fake-cli.js';

const tempDir = useTempDirs('rmqsim-guards-');

function story(text = FAKE_SCENARIO): { dir: string; file: string } {
  const dir = tempDir();
  const file = join(dir, 'fake-story.yaml');
  writeFileSync(file, text);
  return { dir, file };
}

/** The one JSON object stdout must hold. */
function oneObject(out: string): Record<string, unknown> {
  const parsed: unknown = JSON.parse(out);
  expect(typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)).toBe(true);
  return parsed as Record<string, unknown>;
}

describe("--seed and --seeds take what a scenario's seed: takes (row 9)", () => {
  it('refuses 2^64, 2^64+1, 2^32, negatives, fractions and words with exit 2, naming the range', async () => {
    const s = story();
    for (const seed of ['18446744073709551616', '18446744073709551617', '4294967296', '-1', '1.5', 'abc', '']) {
      const r = await fakeCli(['run', s.file, '--no-report', '--seed', seed]);
      expect(r.code, seed).toBe(2);
      expect(r.err, seed).toContain('an integer 0 .. 4294967295');
    }
  });

  it('accepts the largest seed and the forms YAML reads as integers', async () => {
    const s = story();
    for (const [seed, as] of [
      ['4294967295', 4294967295],
      ['0x10', 16],
      ['7', 7],
    ] as const) {
      const r = await fakeCli(['run', s.file, '--no-report', '--json', '--seed', seed]);
      expect(r.code, seed).toBe(0);
      expect(oneObject(r.out)['seed'], seed).toBe(as);
    }
  });

  it('--seeds ranges and lists follow the same rule', async () => {
    const s = story();
    for (const seeds of [
      '1..18446744073709551616',
      '4294967295..4294967296',
      '1,2,18446744073709551616',
      '5..1',
      '1..2..3',
    ]) {
      const r = await fakeCli(['sweep', s.file, '--no-report', '--seeds', seeds]);
      expect(r.code, seeds).toBe(2);
      expect(r.err, seeds).toContain('--seeds');
    }
  });
});

describe('--json always prints exactly one JSON object (row 10)', () => {
  it('holds for usage errors commander catches and for ones the commands find', async () => {
    const s = story();
    const cases: [string[], RegExp][] = [
      [['run', s.file, '--json', '--seed', 'abc'], /--seed/],
      [['run', s.file, '--json', '--frobnicate'], /unknown option '--frobnicate'/],
      [['run', '--json'], /missing required argument 'file'/],
      [['sweep', s.file, '--json', '--seeds', '5..1'], /ascending range/],
      [['sweep', s.file, '--json'], /--seeds/],
      [
        ['run', s.file, '--json', '--no-report', '--trace', join(s.file, 'under-a-file', 't.jsonl')],
        /--trace: cannot write/,
      ],
      [['check', join(s.dir, 'missing.yaml'), '--json'], /missing\.yaml/],
    ];
    for (const [argv, message] of cases) {
      const r = await fakeCli(argv);
      expect(r.code, argv.join(' ')).toBe(2);
      const o = oneObject(r.out);
      expect(o['ok'], argv.join(' ')).toBe(false);
      expect(JSON.stringify(o), argv.join(' ')).toMatch(message);
    }
  });

  it('holds for --help and --version: the text inside one ok:true object, exit 0', async () => {
    const cases: [string[], string, RegExp][] = [
      [['--help', '--json'], 'help', /^Usage: rmqsim \[options\] \[command\][\s\S]*Exit codes:/],
      [['run', '--help', '--json'], 'help', /^Usage: rmqsim run \[options\] <file>/],
      [['diff', '--json', '--help'], 'help', /^Usage: rmqsim diff/],
      [['help', 'shrink', '--json'], 'help', /^Usage: rmqsim shrink/],
      [['--version', '--json'], 'version', /^\d+\.\d+\.\d+/],
    ];
    for (const [argv, field, text] of cases) {
      const r = await fakeCli(argv);
      expect(r.code, argv.join(' ')).toBe(0);
      const o = oneObject(r.out);
      expect(o['ok'], argv.join(' ')).toBe(true);
      expect(String(o[field]), argv.join(' ')).toMatch(text);
    }
    // Without --json, help stays plain text.
    expect((await fakeCli(['run', '--help'])).out).toMatch(/^Usage: rmqsim run/);
  });

  it('prints nothing extra when the command already printed its object', async () => {
    const s = story();
    const r = await fakeCli(['run', s.file, '--json', '--no-report']);
    expect(r.code).toBe(0);
    expect(oneObject(r.out)['ok']).toBe(true);
  });
});

describe('only regular files up to 1 MiB are read (row 4)', () => {
  it('check and run refuse devices, a FIFO, a directory and big files at once, naming the file and the limit', async () => {
    const s = story();
    const fifo = join(s.dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const dir = join(s.dir, 'folder.yaml');
    mkdirSync(dir);
    const huge = join(s.dir, 'huge.yaml');
    writeFileSync(huge, '');
    truncateSync(huge, 1024 ** 3); // sparse: 1 GiB on paper, nothing on disk
    const justOver = join(s.dir, 'over.yaml');
    writeFileSync(justOver, `${FAKE_SCENARIO}#${'x'.repeat(1024 * 1024 - FAKE_SCENARIO.length)}\n`);
    const cases: [string, RegExp][] = [
      ['/dev/zero', /a character device/],
      ['/dev/urandom', /a character device/],
      [fifo, /a FIFO/],
      [dir, /a directory/],
      [huge, /a file of 1073741824 bytes/],
      [justOver, /a file of 1048578 bytes/],
    ];
    for (const [file, found] of cases) {
      for (const argv of [
        ['check', file],
        ['run', file, '--no-report'],
      ]) {
        const r = await fakeCli(argv);
        expect(r.code, argv.join(' ')).toBe(2);
        expect(r.err, argv.join(' ')).toContain(file);
        expect(r.err, argv.join(' ')).toMatch(found);
        expect(r.err, argv.join(' ')).toContain('at most 1 MiB');
      }
    }
  });

  it('reads a scenario of exactly 1 MiB', async () => {
    const s = story(`${FAKE_SCENARIO}#${'x'.repeat(1024 * 1024 - FAKE_SCENARIO.length - 2)}\n`);
    const r = await fakeCli(['check', s.file]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
  });
});

describe('--out that cannot take the reports is bad input (row 7)', () => {
  it('a file, /dev/null, a path under a file: exit 2 before running, --json says reportError', async () => {
    const s = story();
    const file = join(s.dir, 'a-file');
    writeFileSync(file, 'x');
    for (const out of [file, '/dev/null', join(file, 'reports')]) {
      const human = await fakeCli(['run', s.file, '--out', out]);
      expect(human.code, out).toBe(2);
      expect(human.err, out).toMatch(/--out: cannot write reports to .*is not a directory/);
      expect(human.out, out).toBe('');
      const json = await fakeCli(['run', s.file, '--json', '--out', out]);
      expect(json.code, out).toBe(2);
      const o = oneObject(json.out);
      expect(o['ok']).toBe(false);
      expect(String(o['reportError'])).toContain(out);
      for (const argv of [
        ['sweep', s.file, '--seeds', '1..2', '--out', out],
        ['diff', s.file, '--set', 'namesrvs=1', '--out', out],
      ]) {
        expect((await fakeCli(argv)).code, argv.join(' ')).toBe(2);
      }
    }
    // --no-report writes nothing, so --out does not matter.
    expect((await fakeCli(['run', s.file, '--no-report', '--out', '/dev/null'])).code).toBe(0);
  });

  it('a report that fails to write after the run: exit 2, reportError beside the verdicts, nothing half-written', async () => {
    const s = story();
    const out = join(s.dir, 'reports');
    mkdirSync(out);
    writeFileSync(join(out, 'fake-story'), 'in the way'); // reports/<scenario> is a file
    const r = await fakeCli(['run', s.file, '--json', '--out', out]);
    expect(r.code).toBe(2);
    const o = oneObject(r.out);
    expect(o['ok']).toBe(false);
    expect(o['traceHash']).toEqual(expect.any(String));
    expect(String(o['reportError'])).toMatch(/cannot write reports/);
    expect(readdirSync(out)).toEqual(['fake-story']);
  });

  it.skipIf(process.getuid?.() === 0)(
    'a read-only directory (not checkable as root, who may write anywhere)',
    async () => {
      const s = story();
      const out = join(s.dir, 'ro');
      mkdirSync(out);
      chmodSync(out, 0o555);
      const r = await fakeCli(['run', s.file, '--out', join(out, 'reports')]);
      chmodSync(out, 0o755);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/is not writable/);
      expect(existsSync(join(out, 'reports'))).toBe(false);
    },
  );
});

describe('files named on the command line get their missing folders, as --out does', () => {
  it('run --trace and --history under folders that do not exist yet', async () => {
    const s = story();
    const trace = join(s.dir, 'a', 'b', 't.jsonl');
    const history = join(s.dir, 'c', 'h.jsonl');
    const r = await fakeCli(['run', s.file, '--no-report', '--quiet', '--trace', trace, '--history', history]);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(readFileSync(trace, 'utf8')).not.toBe('');
    expect(readFileSync(history, 'utf8')).not.toBe('');
  });

  it('a folder that cannot be made (a file in the way): exit 2 naming the option, nothing written', async () => {
    const s = story();
    const r = await fakeCli(['run', s.file, '--no-report', '--history', join(s.file, 'x', 'h.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: --history: cannot write /);
    expect(readdirSync(s.dir)).toEqual(['fake-story.yaml']);
  });
});

describe('replay needs nothing but the report (row 6)', () => {
  it('report.json embeds the scenario text and the code identity; replay works with the scenario file gone', async () => {
    const s = story();
    const out = join(s.dir, 'reports');
    expect((await fakeCli(['run', s.file, '--out', out])).code).toBe(0);
    const report = join(out, 'fake-story', '5', 'report.json');
    const json = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    expect(json['scenarioText']).toBe(FAKE_SCENARIO);
    // The commit is there only after `npm run build` recorded one in build-info.json.
    const { commit, ...code } = json['code'] as Record<string, unknown>;
    // vitest types its asymmetric matchers as any: held as unknown, they pass the no-unsafe rules.
    const version: unknown = expect.any(String);
    const digest: unknown = expect.stringMatching(/^sha256:[0-9a-f]{16}$/);
    expect(code).toEqual({ version, digest });
    if (commit !== undefined) expect(commit).toMatch(/^[0-9a-f]{40}$/);
    rmSync(s.file); // another machine: only the report came along
    const r = await fakeCli(['replay', report, '--json']);
    expect(r.code).toBe(0);
    expect(oneObject(r.out)).toMatchObject({
      ok: true,
      embeddedScenario: true,
      codeChanged: false,
      scenarioChanged: false,
      constantChanges: [],
    });
    const constants = json['constants'] as {
      raft: Record<string, unknown>;
      broker: Record<string, Record<string, unknown>>;
    };
    expect(constants.raft['heartbeatIntervalUs']).toEqual(expect.any(Number));
    expect(Object.keys(constants.broker)).toEqual(['broker-a', 'broker-b']);
    const human = await fakeCli(['replay', report]);
    expect(human.out).toContain('replayed');
    expect(human.out).not.toContain('code changed');
  });

  it('says clearly when the code that wrote the report differs', async () => {
    const s = story();
    const out = join(s.dir, 'reports');
    await fakeCli(['run', s.file, '--out', out]);
    const report = join(out, 'fake-story', '5', 'report.json');
    const json = JSON.parse(readFileSync(report, 'utf8')) as Record<string, unknown>;
    writeFileSync(
      report,
      JSON.stringify({
        ...json,
        code: { version: '0.0.1', commit: 'a'.repeat(40), digest: 'sha256:0000000000000000' },
      }),
    );
    const r = await fakeCli(['replay', report]);
    expect(r.out).toMatch(
      /code changed: the report was written by rmqsim 0\.0\.1 commit aaaaaaaaaaaa code sha256:0000000000000000; this is /,
    );
    const j = oneObject((await fakeCli(['replay', report, '--json'])).out);
    expect(j['codeChanged']).toBe(true);
  });

  it('names the constants that moved since the report was written', async () => {
    const s = story();
    const out = join(s.dir, 'reports');
    await fakeCli(['run', s.file, '--out', out]);
    const report = join(out, 'fake-story', '5', 'report.json');
    const json = JSON.parse(readFileSync(report, 'utf8')) as { constants: { raft: Record<string, unknown> } };
    const now = json.constants.raft['heartbeatIntervalUs'];
    json.constants.raft['heartbeatIntervalUs'] = 1;
    writeFileSync(report, JSON.stringify(json));
    const r = await fakeCli(['replay', report]);
    expect(r.out).toContain(`constants changed since the report: raft.heartbeatIntervalUs 1 -> ${String(now)}`);
  });
});

describe('check estimates a huge run before it starts (row 14)', () => {
  const big: [string, string, RegExp][] = [
    ['duration: 1000000h', FAKE_SCENARIO.replace('duration: 20s', 'duration: 1000000h'), /about [\d,]{9,} events/],
    [
      'rate: 10000000, the most the schema takes',
      FAKE_SCENARIO.replace('{ group: p, instances: 1 }', '{ group: p, instances: 1, rate: 10000000 }'),
      /GiB|TiB/,
    ],
    [
      '10,008 brokers',
      FAKE_SCENARIO.replace('duration: 20s', 'duration: 1000h').replace(
        '- { name: broker-b, replicas: 1 }',
        [
          '- { name: broker-b, replicas: 1 }',
          ...Array.from({ length: 1112 }, (_, i) => `- { name: g${i}, replicas: 9 }`),
        ].join('\n    '),
      ),
      /10,01\d nodes/,
    ],
  ];
  for (const [what, text, figure] of big) {
    it(`warns on ${what} with events and memory, still exit 0`, async () => {
      const s = story(text);
      const r = await fakeCli(['check', s.file]);
      expect(r.code, r.err.slice(0, 500)).toBe(0);
      expect(r.err).toMatch(/warning .*a large run: about .* events and .* of memory/);
      expect(r.err).toMatch(figure);
      const j = oneObject((await fakeCli(['check', s.file, '--json'])).out);
      expect(JSON.stringify(j['files'])).toContain('a large run');
    });
  }

  it('says nothing about the shipped-size story', async () => {
    const r = await fakeCli(['check', story().file]);
    expect(r.err).toBe('');
    const run = await fakeCli(['run', story().file, '--no-report', '--quiet']);
    expect(run.err).toBe('');
  });

  it('run and sweep print the same warning on stderr before they start, --json output untouched', async () => {
    // The fake cluster ignores the rate, so the run itself is short.
    const s = story(FAKE_SCENARIO.replace('{ group: p, instances: 1 }', '{ group: p, instances: 1, rate: 10000000 }'));
    const warning = (await fakeCli(['check', s.file])).err;
    expect(warning).toMatch(/^warning .*: a large run: about /);
    for (const argv of [
      ['run', s.file, '--no-report', '--quiet'],
      ['run', s.file, '--no-report', '--json'],
      ['sweep', s.file, '--seeds', '1..2', '--no-report'],
      ['sweep', s.file, '--seeds', '1..2', '--no-report', '--json'],
    ]) {
      const r = await fakeCli(argv);
      expect(r.err, argv.join(' ')).toBe(warning);
      if (argv.includes('--json')) oneObject(r.out);
    }
  });
});

describe('a constant out of its domain is named once (row 2)', () => {
  it('says what was expected and what was found, each once', async () => {
    const cases: [string, RegExp][] = [
      [
        'namesrv: { scanIntervalUs: 0 }',
        /cluster\.config\.namesrv\.scanIntervalUs: expected a positive duration, found 0$/m,
      ],
      [
        'broker: { brokerRole: MASTERY }',
        /cluster\.config\.broker\.brokerRole: expected one of [A-Z_, ]+, found "MASTERY"$/m,
      ],
      [
        'client: { sendMsgTimeoutUs: true }',
        /cluster\.config\.client\.sendMsgTimeoutUs: expected a duration such as "30s", found true$/m,
      ],
    ];
    for (const [config, message] of cases) {
      const r = await fakeCli([
        'check',
        story(FAKE_SCENARIO.replace('cluster:\n', `cluster:\n  config: { ${config} }\n`)).file,
      ]);
      expect(r.code, config).toBe(2);
      expect(r.err, config).toMatch(message);
      expect(r.err.match(/found/g), config).toHaveLength(1);
    }
  });
});

describe('check states times in the one duration format (row 13)', () => {
  it('a latency range upside down and a fault after the end are told in durations, not raw microseconds', async () => {
    const text = FAKE_SCENARIO.replace(
      'cluster:\n',
      'cluster:\n  network: { latency: { min: 5ms, max: 1500us } }\n',
    ).replace('duration: 20s', 'duration: 10s');
    const r = await fakeCli(['check', story(text).file]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/cluster\.network\.latency\.min: expected min <= max, found 5ms > 1500us$/m);
    expect(r.err).toMatch(/faults\[\d\]\.at: expected a time within the run's duration, found 12s$/m);
    expect(r.err).not.toMatch(/\d{6,} ?us/);
  });
});
