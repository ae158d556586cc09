// The layers of ../shared/design/architecture.md: each may import only the layers above it.
const layers = ['spec', 'util', 'config', 'gguf', 'backends', 'answers', 'prompts', 'strategies', 'tasks', 'eval', 'server', 'ai-sdk', 'cli'];

const layerRules = layers.map((layer, index) => ({
  name: `${layer}-imports-only-upper-layers`,
  severity: 'error',
  comment: `src/${layer} may import only ${layers.slice(0, index).join(', ') || 'nothing in src'}`,
  from: { path: `^src/${layer}/` },
  to: { path: `^src/(${layers.slice(index + 1).join('|') || 'NONE'})/` },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'strategies-never-import-a-backend', severity: 'error', from: { path: '^src/strategies/' }, to: { path: '^src/backends/' } },
    { name: 'spec-has-no-dependencies', severity: 'error', from: { path: '^src/spec/' }, to: { dependencyTypesNot: ['local'] } },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.test\\.ts$' },
  },
};
