// `node scripts/build.ts`: bundles the server into dist/ for `npm start` and the image. One
// minified file per entry point holds our packages and their pure-JS dependencies: the server
// then starts without type stripping (Node's stripper is itself a WebAssembly module in
// memory) and without a thousand module records, which took its idle RSS from 161 to ~95 MiB.
// Modules loaded only on demand (pg-boss, on Postgres) stay in their own chunks.
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

rmSync(outdir, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { 'prefect-server-ts': 'services/cli/src/main.ts' },
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node24',
  // Identifiers stay, so that stack traces name our functions; esbuild's keepNames would cost
  // ~10 MiB of RSS for the same.
  minifyWhitespace: true,
  minifySyntax: true,
  sourcemap: 'linked',
  // A native addon, and optional native accelerators that may be absent.
  external: ['better-sqlite3', 'pg-native', 'bufferutil', 'utf-8-validate'],
  // CommonJS dependencies call require() for Node's built-ins; an ES module has none.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  logLevel: 'warning',
});
