// The layer order of sim/, written down once and enforced (npm run lint runs
// `depcruise`). A module may import only from the modules listed before it
// here, and only through their index.ts. Tests and benches may reach anywhere;
// nothing in sim/ may import a test or a bench.
//
//   base -> engine -> raft -> protocol -> history -> {namesrv, broker, client, check}
//        -> cluster -> scenario -> report -> cli
//
// i18n (the message catalogue: Chinese and English telling of events,
// reasons, verdicts, stories) sits beside them, above protocol: it reads the
// event types; check records its violations as catalogue phrases (key and
// parameters), and scenario, report and cli tell them to people.
//
// (read "A -> B" as "B may use A"). namesrv, broker, client and check are
// siblings: none imports another.
const LAYERS = {
  base: [],
  engine: ['base'],
  raft: ['base', 'engine'],
  protocol: ['base', 'engine', 'raft'],
  i18n: ['base', 'engine', 'raft', 'protocol'],
  history: ['base', 'engine', 'protocol'],
  namesrv: ['base', 'engine', 'protocol'],
  broker: ['base', 'engine', 'raft', 'protocol'],
  client: ['base', 'engine', 'protocol', 'history'],
  check: ['base', 'engine', 'raft', 'protocol', 'i18n', 'history'],
  cluster: ['base', 'engine', 'raft', 'protocol', 'history', 'namesrv', 'broker', 'client'],
  scenario: ['base', 'engine', 'raft', 'protocol', 'i18n', 'history', 'namesrv', 'broker', 'client', 'check', 'cluster'],
  report: ['base', 'engine', 'raft', 'protocol', 'i18n', 'history', 'check', 'cluster', 'scenario'],
  cli: ['base', 'engine', 'raft', 'protocol', 'i18n', 'history', 'namesrv', 'broker', 'client', 'check', 'cluster', 'scenario', 'report'],
};

const layerRules = Object.entries(LAYERS).map(([layer, allowed]) => ({
  name: `layer-${layer}`,
  comment: `sim/${layer} may import only from: ${allowed.join(', ') || 'nothing in sim/'} (see the order at the top of .dependency-cruiser.cjs)`,
  severity: 'error',
  from: { path: `^sim/${layer}/` },
  to: { path: '^sim/[^/]+/', pathNot: [`^sim/(${[layer, ...allowed].join('|')})/`] },
}));

module.exports = {

  forbidden: [
    ...layerRules,
    {
      name: 'unknown-module',
      comment: 'every folder under sim/ is a module with a place in LAYERS',
      severity: 'error',
      from: { path: '^sim/', pathNot: [`^sim/(${Object.keys(LAYERS).join('|')})/`] },
      to: {},
    },
    {
      name: 'through-index',
      comment: "a module is entered through its index.ts; nothing reaches into another module's files",
      severity: 'error',
      from: { path: '^sim/([^/]+)/' },
      to: { path: '^sim/[^/]+/', pathNot: ['^sim/$1/', '^sim/[^/]+/index\\.ts$'] },
    },
    {
      name: 'no-module-cycles',
      comment: 'no import cycle that leaves its module (cycles among the files of one module, e.g. the kernel facade, are allowed)',
      severity: 'error',
      from: { path: '^sim/([^/]+)/' },
      to: { circular: true, viaSomeNot: '^sim/$1/' },
    },
    {
      name: 'sim-stands-alone',
      comment: 'the simulator never imports tests or benches',
      severity: 'error',
      from: { path: '^sim/' },
      to: { path: '^(test|bench)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs'] },
  },
};
