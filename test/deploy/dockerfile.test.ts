// deploy/Dockerfile as BuildKit's parser reads it: three stages, a non-root user, the bundle
// `npm start` runs as entrypoint, a context that holds what is copied, and a HEALTHCHECK that really tells a
// serving process from a stopped one.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { startServer } from '../helpers/cli.ts';
import { dockerfileInstructions, type Instruction, type Loose, ROOT, run, workspaceDirectories } from './tools.ts';

interface Stage {
  readonly name: string;
  readonly from: string;
  readonly instructions: Instruction[];
}

let instructions: Instruction[];
let stages: Stage[];

test.before(async () => {
  instructions = await dockerfileInstructions();
  stages = [];
  for (const instruction of instructions) {
    if (instruction.cmd === 'FROM') stages.push({ name: instruction.value[2] ?? '', from: instruction.value[0]!, instructions: [] });
    else stages.at(-1)?.instructions.push(instruction);
  }
});

const stage = (name: string) => stages.find((s) => s.name === name)!;
const all = (s: Stage, cmd: string) => s.instructions.filter((i) => i.cmd === cmd);
const only = (s: Stage, cmd: string) => {
  const found = all(s, cmd);
  if (found.length !== 1) throw new Error(`expected one ${cmd} in stage ${s.name}, found ${found.length}`);
  return found[0]!;
};
/** COPY sources and destination, without --from/--chown flags. */
const copies = (s: Stage, from?: string) =>
  all(s, 'COPY')
    .filter((i) => (from === undefined ? !i.flags.some((f) => f.startsWith('--from=')) : i.flags.includes(`--from=${from}`)))
    .map((i) => ({ sources: i.value.slice(0, -1), destination: i.value.at(-1)! }));

test('three stages on the official Node 24 slim image: deps, build, then runtime', (t) => {
  const arg = instructions.find((i) => i.cmd === 'ARG');
  t.regex(arg?.value[0] ?? '', /^NODE_IMAGE=node:24(\.\d+)*-(bookworm-|trixie-)?slim$/);
  t.deepEqual(
    stages.map((s) => [s.name, s.from]),
    [
      ['deps', '${NODE_IMAGE}'],
      ['build', 'deps'],
      ['runtime', '${NODE_IMAGE}'],
    ],
  );
});

test('deps installs production dependencies from the lockfile, with every workspace manifest present', (t) => {
  const deps = stage('deps');
  const copied = copies(deps).flatMap((c) => c.sources);
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const manifests = workspaceDirectories(pkg.workspaces).map((dir) => `${dir}/package.json`);
  t.true(manifests.length >= 8);
  t.deepEqual(copied.sort(), ['package-lock.json', 'package.json', ...manifests].sort());
  const install = only(deps, 'RUN').value.join(' ');
  for (const flag of ['npm ci', '--omit=dev', '--omit=optional', '--ignore-scripts']) t.true(install.includes(flag), flag);
});

test('build, on top of deps, installs every dependency (esbuild is a dev one) and bundles the sources as npm start does', (t) => {
  const build = stage('build');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  t.deepEqual(copies(build).flatMap((c) => c.sources).sort(), ['packages', 'scripts', 'services']);
  const [install, bundle] = all(build, 'RUN').map((i) => i.value.join(' '));
  t.true(install!.includes('npm ci') && install!.includes('--ignore-scripts'));
  t.false(install!.includes('--omit'), 'esbuild needs the dev dependencies and its optional platform binary');
  t.is(bundle, 'node scripts/build.ts');
  t.is(pkg.scripts.prestart, 'node scripts/build.ts');
  t.true(existsSync(join(ROOT, 'scripts/build.ts')));
});

test('no production dependency needs an install script, which the image skips', (t) => {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
  const scripted = Object.entries(lock.packages as Record<string, Loose>).filter(([, p]) => p.hasInstallScript);
  t.true(scripted.length > 0, 'the lockfile records install scripts');
  t.deepEqual(
    scripted.filter(([, p]) => !p.dev).map(([path]) => path),
    [],
  );
});

test('runtime copies node_modules from deps and the sources the server reads; .dockerignore keeps them in the context', (t) => {
  const runtime = stage('runtime');
  t.deepEqual(copies(runtime, 'deps'), [{ sources: ['/app/node_modules'], destination: './node_modules' }]);
  t.deepEqual(copies(runtime, 'build'), [{ sources: ['/app/dist'], destination: './dist' }]);
  const sources = copies(runtime).flatMap((c) => c.sources);
  t.deepEqual(sources.sort(), ['migrations', 'package.json', 'sql']);
  // The ignore file excludes everything, then lets back in exactly what the stages copy.
  const ignore = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
  t.is(ignore[0], '*');
  const allowed = ignore.filter((l) => l.startsWith('!')).map((l) => l.slice(1).replace(/\/$/, ''));
  const everyCopied = [...copies(stage('deps')), ...copies(stage('build')), ...copies(runtime)].flatMap((c) => c.sources);
  for (const source of everyCopied) {
    t.true(existsSync(join(ROOT, source)), source);
    t.true(allowed.includes(source.split('/')[0]!), `${source} is not let back into the context`);
  }
});

test('runtime runs as a numeric non-root user, serves on 0.0.0.0:4200 and runs the bundled CLI', (t) => {
  const runtime = stage('runtime');
  const user = only(runtime, 'USER').value[0]!;
  t.regex(user, /^\d+(:\d+)?$/);
  t.not(Number(user.split(':')[0]), 0);
  const env = only(runtime, 'ENV').value;
  const value = (name: string) => env[env.indexOf(name) + 1];
  t.is(value('PREFECT_SERVER_API_HOST'), '0.0.0.0');
  t.is(value('PREFECT_SERVER_API_PORT'), '4200');
  t.is(value('PREFECT_HOME'), only(runtime, 'VOLUME').value[0]);
  t.deepEqual(only(runtime, 'EXPOSE').value, ['4200']);
  t.true(only(runtime, 'ENTRYPOINT').json);
  t.deepEqual(only(runtime, 'CMD').value, ['start']);
  // The image runs exactly what `npm start` runs: the bundle, with the same Node flags.
  const start = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.start.split(' ');
  t.deepEqual([...only(runtime, 'ENTRYPOINT').value, ...only(runtime, 'CMD').value], start);
  t.true(start.includes('dist/prefect-server-ts.mjs'));
});

test('the HEALTHCHECK command exits 0 while the server answers /api/health and 1 once it is gone', async (t) => {
  const healthcheck = only(stage('runtime'), 'HEALTHCHECK');
  t.true(healthcheck.json);
  t.is(healthcheck.value[0], 'CMD');
  t.is(healthcheck.value[1], 'node');
  t.true(healthcheck.flags.some((f) => f.startsWith('--interval=')));
  const args = healthcheck.value.slice(2);
  const home = mkdtempSync(join(tmpdir(), 'pst-home-'));
  const server = await startServer({ PREFECT_HOME: home });
  try {
    const env = { ...process.env, PREFECT_SERVER_API_PORT: new URL(server.api).port };
    t.is((await run(process.execPath, args, env)).code, 0);
    t.is(await server.stop(), 0);
    t.is((await run(process.execPath, args, env)).code, 1);
  } finally {
    server.child.kill('SIGKILL');
    rmSync(home, { recursive: true, force: true });
  }
});
