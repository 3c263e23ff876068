// A sweep worker thread: loads the scenario once, then runs each seed the
// main thread sends and posts back a compact outcome (and the full result of
// a failing seed, so the main thread can write its report).
import { parentPort, workerData } from 'node:worker_threads';
import { loadScenario } from '../scenario/index.js';
import { execute } from './execute.js';
import { readText } from './io.js';
import { outcomeOf, type SweepRequest, type SweepResponse, type SweepWorkerData } from './sweep-protocol.js';

const data = workerData as SweepWorkerData;
const port = parentPort;
const loaded = loadScenario(data.file, readText);

port?.on('message', (req: SweepRequest) => {
  if (req.kind === 'stop') {
    port.close();
    return;
  }
  let res: SweepResponse;
  if (!loaded.ok) {
    res = {
      kind: 'done',
      outcome: {
        seed: req.seed,
        ok: false,
        traceHash: '',
        wallMs: 0,
        failed: [],
        error: 'the scenario no longer loads',
      },
    };
  } else {
    const x = execute(loaded.scenario, { seed: req.seed, bugs: data.bugs });
    res = x.ok
      ? { kind: 'done', outcome: outcomeOf(x.result, x.wallMs), ...(x.result.ok ? {} : { result: x.result }) }
      : { kind: 'done', outcome: { seed: req.seed, ok: false, traceHash: '', wallMs: 0, failed: [], error: x.error } };
  }
  port.postMessage(res);
});
