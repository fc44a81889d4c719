// The flow run graph (Prefect's graph-v2): a node per task run, or per subflow run in place
// of the task run that started it, with edges from task inputs. `__parents__` inputs mark
// encapsulating tasks rather than upstream ones.
import type { FlowRunRecord, GraphTaskRow, StateRecord, Timestamp } from '@prefect-server-ts/storage';

interface Node {
  kind: 'flow-run' | 'task-run';
  id: string;
  label: string;
  state_type: string | null;
  start_time: Timestamp;
  end_time: Timestamp | null;
  parents: { id: string }[];
  children: { id: string }[];
  encapsulating: { id: string }[];
  artifacts: never[];
}

function inputIds(inputs: Record<string, unknown>): { upstream: string[]; encapsulating: string[] } {
  const upstream: string[] = [];
  const encapsulating: string[] = [];
  for (const [key, values] of Object.entries(inputs)) {
    if (!Array.isArray(values)) continue;
    for (const value of values) {
      const id = (value as { id?: unknown } | null)?.id;
      if (typeof id === 'string') (key === '__parents__' ? encapsulating : upstream).push(id);
    }
  }
  return { upstream, encapsulating };
}

export function flowRunGraph(run: FlowRunRecord, rows: readonly GraphTaskRow[], states: readonly StateRecord[], since: Timestamp) {
  const nodes = new Map<string, Node & { upstream: string[]; encapsulatingIds: string[] }>();
  for (const row of rows) {
    const start = row.subflow_start_time ?? row.subflow_expected_start_time ?? row.task_start_time ?? row.task_expected_start_time;
    if (start === null) continue;
    const subflow = row.subflow_run_id !== null;
    const { upstream, encapsulating } = inputIds(row.task_inputs);
    const id = row.subflow_run_id ?? row.task_run_id;
    nodes.set(id, {
      kind: subflow ? 'flow-run' : 'task-run',
      id,
      label: subflow ? `${row.subflow_flow_name} / ${row.subflow_run_name}` : row.task_run_name,
      state_type: row.subflow_state_type ?? row.task_state_type,
      start_time: start,
      end_time: row.subflow_end_time ?? row.task_end_time ?? (row.task_state_type === 'COMPLETED' ? row.task_expected_start_time : null),
      parents: [],
      children: [],
      encapsulating: [],
      artifacts: [],
      upstream,
      encapsulatingIds: encapsulating,
    });
  }
  const byStart = (a: { id: string }, b: { id: string }) => (nodes.get(a.id)!.start_time < nodes.get(b.id)!.start_time ? -1 : 1);
  for (const node of nodes.values()) {
    for (const parent of new Set(node.upstream)) {
      if (!nodes.has(parent)) continue;
      node.parents.push({ id: parent });
      nodes.get(parent)!.children.push({ id: node.id });
    }
    for (const parent of new Set(node.encapsulatingIds)) if (nodes.has(parent)) node.encapsulating.push({ id: parent });
  }
  const visible = [...nodes.values()].filter((n) => n.end_time === null || n.end_time >= since);
  const result = visible.map(({ upstream: _u, encapsulatingIds: _e, ...node }) => {
    node.parents.sort(byStart);
    node.children.sort(byStart);
    node.encapsulating.sort(byStart);
    return [node.id, node] as const;
  });
  return {
    start_time: run.start_time ?? run.expected_start_time,
    end_time: run.end_time,
    root_node_ids: result.filter(([, node]) => node.parents.length === 0).map(([id]) => id),
    nodes: result,
    artifacts: [],
    states: states.map((s) => ({ id: s.id, timestamp: s.timestamp, type: s.type, name: s.name })),
  };
}
