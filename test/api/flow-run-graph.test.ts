// GET /flow_runs/{id}/graph-v2: nodes from task runs and subflows, edges from task inputs.
import test from 'ava';
import { startTestApi } from '../helpers/api-server.ts';

test('builds the run graph with upstream edges, encapsulating tasks and subflow nodes', async (t) => {
  const api = await startTestApi();
  const { flows, flowRuns, taskRuns } = api.handle.db.repositories;
  try {
    const { flow } = await flows.create({ name: 'parent-flow' });
    const { run } = await flowRuns.create({ flow_id: flow.id, name: 'root' });
    const done = (id: string, start: string) =>
      taskRuns.setState(id, { type: 'COMPLETED', name: 'Completed', timestamp: start }, { start_time: start, end_time: start });
    const a = (await taskRuns.create({ flow_run_id: run.id, name: 'a', task_key: 'a', dynamic_key: '0' })).run;
    const b = (await taskRuns.create({ flow_run_id: run.id, name: 'b', task_key: 'b', dynamic_key: '0', task_inputs: { x: [{ input_type: 'task_run', id: a.id }] } })).run;
    const inner = (await taskRuns.create({ flow_run_id: run.id, name: 'inner', task_key: 'i', dynamic_key: '0', task_inputs: { __parents__: [{ input_type: 'task_run', id: b.id }] } })).run;
    const wrapper = (await taskRuns.create({ flow_run_id: run.id, name: 'child-wrapper', task_key: 'c', dynamic_key: '0', task_inputs: { y: [{ input_type: 'task_run', id: b.id }] } })).run;
    const { flow: childFlow } = await flows.create({ name: 'child-flow' });
    const child = (await flowRuns.create({ flow_id: childFlow.id, name: 'child', parent_task_run_id: wrapper.id })).run;
    await done(a.id, '2026-01-01T00:00:01.000000Z');
    await done(b.id, '2026-01-01T00:00:02.000000Z');
    await done(inner.id, '2026-01-01T00:00:03.000000Z');
    await done(wrapper.id, '2026-01-01T00:00:04.000000Z');
    await flowRuns.setState(child.id, { type: 'RUNNING', name: 'Running', timestamp: '2026-01-01T00:00:04.000000Z' }, { start_time: '2026-01-01T00:00:04.000000Z' });
    const graph = (await api.request('GET', `/flow_runs/${run.id}/graph-v2`)).body as {
      root_node_ids: string[];
      nodes: [string, { kind: string; label: string; parents: { id: string }[]; children: { id: string }[]; encapsulating: { id: string }[] }][];
    };
    const nodes = new Map(graph.nodes);
    t.deepEqual(graph.root_node_ids.sort(), [a.id, inner.id].sort());
    t.deepEqual(nodes.get(b.id)?.parents, [{ id: a.id }]);
    t.deepEqual(nodes.get(b.id)?.children, [{ id: child.id }]);
    t.deepEqual(nodes.get(inner.id)?.encapsulating, [{ id: b.id }]);
    t.like(nodes.get(child.id), { kind: 'flow-run', label: 'child-flow / child' });
    t.false(nodes.has(wrapper.id), 'the subflow node stands in for its wrapper task run');
    const later = (await api.request('GET', `/flow_runs/${run.id}/graph-v2?since=2026-01-01T00:00:02.500000Z`)).body as { nodes: [string, unknown][] };
    t.deepEqual(later.nodes.map(([id]) => id).sort(), [inner.id, child.id].sort());
    t.is((await api.request('GET', '/flow_runs/00000000-0000-4000-8000-000000000000/graph-v2')).status, 404);
  } finally {
    await api.close();
  }
});
