// Issue 10 row 5: a SYNC_MASTER with no slave answers SLAVE_NOT_AVAILABLE
// (docs/model.md §3.4). Every summary breaks sends down by status, so such
// a send is never a plain "acked": the CLI, --json, report.md, report.html
// and junit.xml each list the seven statuses; availability counts SEND_OK
// only; and `check` warns about the group before anything runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../support/temp-dirs.js';
import { FINISHED_SEND_OUTCOMES } from '../../sim/protocol/index.js';
import { realCli } from '../cli/fake-cli.js';

const LONE_SYNC_MASTER = `name: lone-sync-master
description: A SYNC_MASTER with no slave.
seed: 3
duration: 12s
cluster:
  namesrvs: 1
  groups:
    - { name: broker-a, mode: classic, brokerRole: SYNC_MASTER }
  topics:
    - { name: TopicTest, queues: 2 }
workload:
  producers:
    - { group: producer, rate: 20 }
expectations:
  - { check: availability, producers: producer, minRatio: 0.9 }
`;

const dir = useTempDirs('rmqsim-statuses-')();
const file = join(dir, 'lone.yaml');
writeFileSync(file, LONE_SYNC_MASTER);
const out = join(dir, 'reports');
const reportFile = (name: string): string => readFileSync(join(out, 'lone-sync-master', '3', name), 'utf8');

describe('sends by status', () => {
  it('every summary lists the seven statuses; SLAVE_NOT_AVAILABLE is not SEND_OK', async () => {
    const human = await realCli(['run', file, '--out', out]);
    expect(human.code).toBe(1);
    const sends = /Sends\n {2}producer {2}(.*)\n/.exec(human.out)?.[1] ?? '';
    expect(sends).toMatch(
      /SEND_OK 0, FLUSH_DISK_TIMEOUT 0, FLUSH_SLAVE_TIMEOUT 0, SLAVE_NOT_AVAILABLE \d+, FAILED 0, UNKNOWN 0, ONEWAY 0/,
    );
    expect(human.out).toMatch(/FAIL {2}availability\(producer\).*sends not SEND_OK/);

    const json = await realCli(['run', file, '--json', '--no-report']);
    const summary = JSON.parse(json.out) as {
      producers: { statuses: Record<string, number>; acked: number; pending: number; offered: number }[];
    };
    const p = summary.producers[0];
    expect(Object.keys(p?.statuses ?? {})).toEqual([...FINISHED_SEND_OUTCOMES]);
    expect(p?.statuses['SEND_OK']).toBe(0);
    expect(p?.statuses['SLAVE_NOT_AVAILABLE']).toBe(p?.acked);
    expect(Object.values(p?.statuses ?? {}).reduce((a, b) => a + b, 0) + (p?.pending ?? 0)).toBe(p?.offered);

    const stored = p?.statuses['SLAVE_NOT_AVAILABLE'] ?? -1;
    expect(stored).toBeGreaterThan(0);
    expect(reportFile('report.md')).toContain(
      `| SEND_OK | FLUSH_DISK_TIMEOUT | FLUSH_SLAVE_TIMEOUT | SLAVE_NOT_AVAILABLE | FAILED | UNKNOWN | ONEWAY |`,
    );
    expect(reportFile('report.md')).toMatch(
      new RegExp(`\\| producer \\| [\\d.]+ \\| [\\d.]+ \\| 0 \\| 0 \\| 0 \\| ${stored} \\| 0 \\| 0 \\| 0 \\| \\d+ \\|`),
    );
    const html = reportFile('report.html');
    for (const s of FINISHED_SEND_OUTCOMES) expect(html).toContain(`<th>${s}</th>`);
    expect(reportFile('junit.xml')).toContain(
      `<property name="sends.producer.SLAVE_NOT_AVAILABLE" value="${stored}"/>`,
    );
    expect(reportFile('junit.xml')).toContain('<property name="sends.producer.SEND_OK" value="0"/>');
    const rj = JSON.parse(reportFile('report.json')) as { producers: { statuses: Record<string, number> }[] };
    expect(rj.producers[0]?.statuses['SLAVE_NOT_AVAILABLE']).toBe(stored);
  });

  it('check warns about a SYNC_MASTER with no slave, in text and in --json, and still exits 0', async () => {
    const text = await realCli(['check', file]);
    expect(text.code).toBe(0);
    expect(text.err).toContain(
      `${file}: cluster.groups[0].brokerRole: group broker-a is a SYNC_MASTER with no slave (replicas 1)`,
    );
    const zh = await realCli(['check', file], { LANG: 'zh_CN.UTF-8' });
    expect(zh.err).toContain('没有 Slave 的 SYNC_MASTER');
    const json = JSON.parse((await realCli(['check', file, '--json'])).out) as {
      files: { warnings: { path: string; code: string }[] }[];
    };
    expect(json.files[0]?.warnings).toEqual([
      expect.objectContaining({ path: 'cluster.groups[0].brokerRole', code: 'sync-master-without-slave' }),
    ]);
    const withSlave = join(dir, 'with-slave.yaml');
    writeFileSync(
      withSlave,
      LONE_SYNC_MASTER.replace('brokerRole: SYNC_MASTER', 'brokerRole: SYNC_MASTER, replicas: 2'),
    );
    expect((await realCli(['check', withSlave])).err).toBe('');
  });
});
