// deploy/k8s/ as data: what the schemas cannot check (deploy/validate.sh checks those) —
// selectors that select the right pods, probes on the right paths and ports, settings the
// server reads, a Secret template without secrets, and one image everywhere.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import test from 'ava';
import { loadSettings } from '@prefect-server-ts/settings';
import { DEPLOY, dockerfileInstructions, type Loose, settingNamesRead, yamlDocuments, type YamlDocument } from './tools.ts';

const K8S = join(DEPLOY, 'k8s');
let documents: YamlDocument[];
let imageUser: number;

test.before(async () => {
  const files = readdirSync(K8S).filter((file) => file.endsWith('.yaml'));
  documents = await yamlDocuments(files.map((file) => join(K8S, file)));
  const user = (await dockerfileInstructions()).filter((i) => i.cmd === 'USER').at(-1)!.value[0]!;
  imageUser = Number(user.split(':')[0]);
});

const find = (kind: string, name: string): Loose => {
  const found = documents.filter((d) => d.document.kind === kind && d.document.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} ${name}, found ${found.length}`);
  return found[0]!.document;
};
const api = () => find('Deployment', 'prefect-server-ts-api');
const services = () => find('Deployment', 'prefect-server-ts-services');
const job = () => find('Job', 'prefect-server-ts-migrate');
const workloads = () => [api(), services(), job()];
const podLabels = (workload: Loose): Record<string, string> => workload.spec.template.metadata.labels;
const selects = (selector: Record<string, string>, labels: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
const container = (workload: Loose) => {
  const containers: Loose[] = workload.spec.template.spec.containers;
  if (containers.length !== 1) throw new Error('one container per pod');
  return containers[0];
};
const containerPort = (workload: Loose, name: string): number => container(workload).ports.find((p: Loose) => p.name === name)?.containerPort;

test('kustomization.yaml lists every manifest except the Secret template and the Prometheus Operator resources', (t) => {
  const kustomization = documents.find((d) => d.document.kind === 'Kustomization')!.document;
  const expected = readdirSync(K8S).filter((f) => f.endsWith('.yaml') && !['kustomization.yaml', 'secret.template.yaml', 'servicemonitor.yaml'].includes(f));
  t.deepEqual([...kustomization.resources].sort(), expected.sort());
  const images = new Set(workloads().map((w) => container(w).image.split(':')[0]));
  t.deepEqual([...images], [kustomization.images[0].name]);
  t.is(new Set(workloads().map((w) => container(w).image)).size, 1);
});

test('the API Deployment: 3 replicas of `start --no-services`, readiness on /api/ready, liveness on /api/health', (t) => {
  const deployment = api();
  t.is(deployment.spec.replicas, 3);
  t.true(selects(deployment.spec.selector.matchLabels, podLabels(deployment)));
  const c = container(deployment);
  t.deepEqual(c.args, ['start', '--no-services']);
  t.is(containerPort(deployment, 'http'), 4200);
  t.deepEqual(c.readinessProbe.httpGet, { path: '/api/ready', port: 'http' });
  t.deepEqual(c.livenessProbe.httpGet, { path: '/api/health', port: 'http' });
  t.is(deployment.spec.strategy.rollingUpdate.maxUnavailable, 0);
});

test('each workload has CPU and memory requests no larger than its limits, and runs as the image user, not root', (t) => {
  const quantity = (value: string) => {
    const match = /^(\d+(?:\.\d+)?)(m|Mi|Gi)?$/.exec(String(value));
    if (!match) throw new Error(`unexpected quantity ${value}`);
    const n = Number(match[1]);
    return match[2] === 'm' ? n / 1000 : match[2] === 'Gi' ? n * 1024 : n;
  };
  for (const workload of workloads()) {
    const { requests, limits } = container(workload).resources;
    for (const resource of ['cpu', 'memory']) t.true(quantity(requests[resource]) <= quantity(limits[resource]), `${workload.metadata.name} ${resource}`);
    const pod = workload.spec.template.spec.securityContext;
    t.true(pod.runAsNonRoot);
    t.is(pod.runAsUser, imageUser);
    t.false(container(workload).securityContext.allowPrivilegeEscalation);
  }
});

test('anti-affinity spreads the API pods across nodes, and the PodDisruptionBudget covers them alone', (t) => {
  const deployment = api();
  const terms: Loose[] = deployment.spec.template.spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution;
  t.true(terms.length > 0);
  for (const term of terms) {
    t.is(term.podAffinityTerm.topologyKey, 'kubernetes.io/hostname');
    t.deepEqual(term.podAffinityTerm.labelSelector.matchLabels, deployment.spec.selector.matchLabels);
  }
  const pdb = find('PodDisruptionBudget', 'prefect-server-ts-api');
  t.true(selects(pdb.spec.selector.matchLabels, podLabels(deployment)));
  t.false(selects(pdb.spec.selector.matchLabels, podLabels(services())));
  t.false(selects(pdb.spec.selector.matchLabels, podLabels(job())));
  t.true(pdb.spec.maxUnavailable < deployment.spec.replicas);
});

test('the Service sends :4200 to the API pods only, on their named port', (t) => {
  const service = find('Service', 'prefect-server-ts');
  t.true(selects(service.spec.selector, podLabels(api())));
  t.false(selects(service.spec.selector, podLabels(services())));
  t.false(selects(service.spec.selector, podLabels(job())));
  t.deepEqual(service.spec.ports.map((p: Loose) => [p.port, p.targetPort]), [[4200, 'http']]);
  t.is(containerPort(api(), 'http'), 4200);
});

test('one services process, and a migration Job that runs `database upgrade`', (t) => {
  t.is(services().spec.replicas, 1);
  t.deepEqual(container(services()).args, ['services']);
  t.deepEqual(container(job()).args, ['database', 'upgrade']);
  t.true(['OnFailure', 'Never'].includes(job().spec.template.spec.restartPolicy));
  t.true(job().spec.backoffLimit > 0);
});

test('the ConfigMap and the Secret template hold only settings the server reads, and together they load: API on 0.0.0.0:4200, Postgres, no migration on start', (t) => {
  const config = find('ConfigMap', 'prefect-server-ts').data;
  const secret = find('Secret', 'prefect-server-ts').stringData;
  const read = settingNamesRead();
  for (const key of [...Object.keys(config), ...Object.keys(secret)]) t.true(read.has(key), `${key} is not read by the server`);
  const settings = loadSettings({ ...config, ...secret });
  t.is(settings.api.host, '0.0.0.0');
  t.is(settings.api.port, containerPort(api(), 'http'));
  t.is(settings.database.url.dialect, 'postgres');
  t.false(settings.database.migrateOnStart);
  for (const value of Object.values(secret)) t.regex(String(value), /CHANGE-ME/, 'the template holds placeholders, not secrets');
  for (const workload of workloads()) {
    const sources: Loose[] = container(workload).envFrom;
    t.deepEqual(
      sources.map((s) => (s.configMapRef ? ['ConfigMap', s.configMapRef.name] : ['Secret', s.secretRef.name])),
      [
        ['ConfigMap', 'prefect-server-ts'],
        ['Secret', 'prefect-server-ts'],
      ],
    );
  }
});

test('Prometheus finds /api/metrics through pod annotations, or through the ServiceMonitor and PodMonitor', (t) => {
  for (const workload of [api(), services()]) {
    const annotations = workload.spec.template.metadata.annotations;
    t.is(annotations['prometheus.io/scrape'], 'true');
    t.is(annotations['prometheus.io/path'], '/api/metrics');
    t.true(container(workload).ports.some((p: Loose) => p.containerPort === Number(annotations['prometheus.io/port'])), workload.metadata.name);
  }
  const service = find('Service', 'prefect-server-ts');
  const monitor = find('ServiceMonitor', 'prefect-server-ts-api');
  t.true(selects(monitor.spec.selector.matchLabels, service.metadata.labels));
  for (const endpoint of monitor.spec.endpoints) {
    t.is(endpoint.path, '/api/metrics');
    t.true(service.spec.ports.some((p: Loose) => p.name === endpoint.port));
  }
  const podMonitor = find('PodMonitor', 'prefect-server-ts-services');
  t.true(selects(podMonitor.spec.selector.matchLabels, podLabels(services())));
  t.false(selects(podMonitor.spec.selector.matchLabels, podLabels(api())));
  for (const endpoint of podMonitor.spec.podMetricsEndpoints) {
    t.is(endpoint.path, '/api/metrics');
    t.truthy(containerPort(services(), endpoint.port));
  }
});
