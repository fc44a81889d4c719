// deploy/validate.sh: Docker Compose v2's `config` and kubernetes-validate --strict accept the
// deployment files, and the same script fails on a broken copy of them.
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import test from 'ava';
import { COMPOSE, DEPLOY, ensureValidators, KUBERNETES_VALIDATE, run } from './tools.ts';

const MANIFESTS = readdirSync(join(DEPLOY, 'k8s')).filter((file) => file.endsWith('.yaml') && !['kustomization.yaml', 'servicemonitor.yaml'].includes(file));

test.before(async () => {
  await ensureValidators();
});

/** A copy of deploy/ (sharing the installed validators) that a test may break. */
function deployCopy(): { dir: string; dispose(): void } {
  const parent = mkdtempSync(join(tmpdir(), 'pst-deploy-'));
  const dir = join(parent, 'deploy');
  cpSync(DEPLOY, dir, { recursive: true, filter: (source) => !source.startsWith(join(DEPLOY, '.venv')) });
  symlinkSync(join(DEPLOY, '.venv'), join(dir, '.venv'));
  return { dir, dispose: () => rmSync(parent, { recursive: true, force: true }) };
}

test('deploy/validate.sh passes: Compose loads the compose file, every manifest matches the Kubernetes 1.29 and 1.37 schemas', async (t) => {
  const result = await run('bash', [join(DEPLOY, 'validate.sh')]);
  t.is(result.code, 0, result.stdout + result.stderr);
  t.regex(result.stdout, /^== docker compose config \(Docker Compose 2\.\d+\.\d+\)\ndocker-compose\.yml: valid$/m);
  for (const version of ['1.29', '1.37']) {
    for (const manifest of MANIFESTS) t.regex(result.stdout, new RegExp(`^INFO k8s/${manifest.replace('.', '\\.')} passed for resource \\S+ against version ${version.replace('.', '\\.')}$`, 'm'));
  }
  t.is(result.stdout.match(/^INFO .* passed for resource /gm)?.length, MANIFESTS.length * 2);
  t.regex(result.stdout, /^Dockerfile: \d+ instructions, stages: deps, build, runtime$/m);
});

test('validate.sh fails when Compose rejects the compose file', async (t) => {
  const copy = deployCopy();
  try {
    writeFileSync(join(copy.dir, 'docker-compose.yml'), 'services:\n  api:\n    image: prefect-server-ts:local\n    depends_on:\n      migrate:\n        condition: service_finished\n  migrate:\n    image: prefect-server-ts:local\n');
    const result = await run('bash', [join(copy.dir, 'validate.sh')]);
    t.is(result.code, 1);
    t.regex(result.stderr, /services\.api\.depends_on\.migrate\.condition value must be one of/);
  } finally {
    copy.dispose();
  }
});

test('validate.sh fails on a manifest field the schema does not know, and on a kind without a schema', async (t) => {
  const copy = deployCopy();
  try {
    writeFileSync(join(copy.dir, 'k8s', 'broken.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports:\n    - port: 4200\n      targetPrt: http\n');
    const misspelt = await run('bash', [join(copy.dir, 'validate.sh')]);
    t.is(misspelt.code, 1);
    t.regex(misspelt.stdout, /ERROR k8s\/broken\.yaml did not validate .*targetPrt/);

    writeFileSync(join(copy.dir, 'k8s', 'broken.yaml'), 'apiVersion: apps/v1\nkind: Deploymnet\nmetadata:\n  name: broken\n');
    const unknown = await run('bash', [join(copy.dir, 'validate.sh')]);
    t.is(unknown.code, 1);
    t.regex(unknown.stderr, /every manifest must match a schema/);
  } finally {
    copy.dispose();
  }
});

test('the validators themselves: Compose and kubernetes-validate exit non-zero on invalid input', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pst-deploy-'));
  try {
    writeFileSync(join(dir, 'compose.yml'), 'services:\n  api:\n    image: x\n    replicas: 2\n');
    const compose = await run(COMPOSE, ['--file', join(dir, 'compose.yml'), 'config', '--quiet']);
    t.is(compose.code, 1);
    t.regex(compose.stderr, /additional properties 'replicas' not allowed/);

    writeFileSync(join(dir, 'deployment.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: three\n  selector: {}\n  template: {}\n');
    const kubernetes = await run(KUBERNETES_VALIDATE, ['--strict', join(dir, 'deployment.yaml')]);
    t.is(kubernetes.code, 1);
    t.regex(kubernetes.stdout, /spec\.replicas: 'three' is not of type 'integer'/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
