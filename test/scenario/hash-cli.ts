// Prints the trace hash of one scenario run (file, seed): the separate-process
// half of the cross-process determinism test.
import { readFileSync } from 'node:fs';
import { loadScenario } from '../../sim/scenario/load.js';
import { runScenario } from '../../sim/scenario/run.js';

const [file = '', seed = '1'] = process.argv.slice(2);
const loaded = loadScenario(file, (path) => ({ ok: true, text: readFileSync(path, 'utf8') }));
if (!loaded.ok) throw new Error(`${file} does not load`);
process.stdout.write(`${runScenario(loaded.scenario, { seed: Number(seed) }).traceHash}\n`);
