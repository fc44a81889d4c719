// OpenAPI generation: registered routes appear with Prefect-named component schemas.
import test from 'ava';
import { z } from 'zod';
import {
  FlowCreate,
  FlowRunResponse,
  LogCreateList,
  OpenApiRoutes,
  flowRunsFilterBody,
} from '../../packages/schemas/src/index.ts';

function document() {
  const routes = new OpenApiRoutes();
  routes.registerRoute({ method: 'POST', path: '/flows/', summary: 'Create Flow', tags: ['Flows'], body: FlowCreate, response: { status: 201, schema: z.object({ id: z.string() }) } });
  routes.registerRoute({
    method: 'POST',
    path: '/flow_runs/filter',
    summary: 'Read Flow Runs',
    tags: ['Flow Runs'],
    body: flowRunsFilterBody(200),
    response: { status: 200, schema: z.array(FlowRunResponse) },
  });
  routes.registerRoute({ method: 'DELETE', path: '/flow_runs/:id', summary: 'Delete Flow Run', tags: ['Flow Runs'], params: z.object({ id: z.string() }), response: { status: 204 } });
  routes.registerRoute({ method: 'POST', path: '/logs/', summary: 'Create Logs', tags: ['Logs'], body: LogCreateList, response: { status: 201 } });
  return routes.buildOpenApiDocument({ title: 'Prefect Server', version: '3.9.1' });
}

test('the document is OpenAPI 3.1 with the given title and version', (t) => {
  const doc = document();
  t.is(doc.openapi, '3.1.0');
  t.deepEqual(doc.info, { title: 'Prefect Server', version: '3.9.1' });
});

test('a registered route refers to its body component by Prefect\'s name', (t) => {
  const doc = document();
  const post = doc.paths['/flows/']?.['post'] as Record<string, any>;
  t.deepEqual(post['requestBody'].content['application/json'].schema, { $ref: '#/components/schemas/FlowCreate' });
  t.truthy(post['responses']['201']);
  t.truthy(post['responses']['422']);
  const component = doc.components.schemas['FlowCreate'] as Record<string, any>;
  t.deepEqual(component['required'], ['name']);
  t.is(component['additionalProperties'], false);
  t.is(component['properties'].name.pattern, '^[^/%&><]+$');
});

test('embedded bodies become components named as FastAPI names them, with nested filters', (t) => {
  const doc = document();
  const post = doc.paths['/flow_runs/filter']?.['post'] as Record<string, any>;
  t.deepEqual(post['requestBody'].content['application/json'].schema, {
    $ref: '#/components/schemas/Body_read_flow_runs_flow_runs_filter_post',
  });
  for (const name of ['FlowRunFilter', 'FlowRunFilterState', 'StateType', 'FlowRunSort', 'FlowRunResponse', 'State', 'StateDetails', 'HTTPValidationError']) {
    t.truthy(doc.components.schemas[name], name);
  }
  t.deepEqual(post['responses']['200'].content['application/json'].schema, {
    type: 'array',
    items: { $ref: '#/components/schemas/FlowRunResponse' },
  });
});

test('path parameters use OpenAPI braces and unnamed schemas are inlined', (t) => {
  const doc = document();
  const del = doc.paths['/flow_runs/{id}']?.['delete'] as Record<string, any>;
  t.deepEqual(del['parameters'], [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }]);
  t.deepEqual(Object.keys(del['responses']).sort(), ['204', '422']);
  const logs = doc.paths['/logs/']?.['post'] as Record<string, any>;
  t.deepEqual(logs['requestBody'].content['application/json'].schema, { type: 'array', items: { $ref: '#/components/schemas/LogCreate' } });
  t.false(Object.keys(doc.components.schemas).some((name) => name.startsWith('__')));
});

test('only components the routes reach are included', (t) => {
  const doc = document();
  t.falsy(doc.components.schemas['VariableCreate']);
  t.falsy(doc.components.schemas['TaskRun']);
});
