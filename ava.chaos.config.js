// The chaos test alone (`npm test` runs it after the other suites): it kills processes and
// restarts its own Postgres, and keeps both cores busy for minutes, which would make the
// timing of other test files running beside it meaningless.
export default {
  files: ['test/chaos/**/*.test.ts'],
  extensions: { ts: 'module' },
  timeout: '10m',
  concurrency: 1,
  workerThreads: false,
};
