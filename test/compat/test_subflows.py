"""Subflows three levels deep: each a flow run of its own, linked to its parent through a
placeholder task run in the parent flow run."""

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterParentFlowRunId, FlowRunFilterParentTaskRunId

from conftest import run_script
from helpers import eventually, flow_run_named, states, sync, task_runs_of, unique


async def _children(flow_run_id):
    async with get_client() as client:
        return await client.read_flow_runs(flow_run_filter=FlowRunFilter(parent_flow_run_id=FlowRunFilterParentFlowRunId(any_=[flow_run_id])))


async def _child_of_task_run(task_run_id):
    async with get_client() as client:
        runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(parent_task_run_id=FlowRunFilterParentTaskRunId(any_=[task_run_id])))
        flows = {f.id: f.name for f in await client.read_flows()} if runs else {}
        return runs, flows


def test_subflows_three_levels_deep_are_linked_runs(server):
    name = unique("outer")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        @task
        def leaf(x):
            return x * 2

        @flow
        def inner(x):
            return leaf(x)

        @flow
        def middle(x):
            return inner(x) + 1

        @flow(flow_run_name=sys.argv[1])
        def outer():
            return middle(5) + leaf(1)

        assert outer() == 13
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    outer = sync(flow_run_named(name))
    assert outer.parent_task_run_id is None

    # The outer run holds its own task run and the placeholder for `middle`.
    outer_tasks = eventually(lambda: task_runs_of(outer.id), lambda ts: len(ts) == 2 and set(states(ts)) == {"COMPLETED"})
    assert sorted(t.name.split("-")[0] for t in outer_tasks) == ["leaf", "middle"]
    assert set(states(outer_tasks)) == {"COMPLETED"}
    placeholder = next(t for t in outer_tasks if t.name.startswith("middle"))

    children, flows = sync(_child_of_task_run(placeholder.id))
    assert len(children) == 1
    middle = children[0]
    assert flows[middle.flow_id] == "middle"
    assert [r.id for r in sync(_children(outer.id))] == [middle.id]

    middle_tasks = eventually(lambda: task_runs_of(middle.id), lambda ts: len(ts) == 1 and set(states(ts)) == {"COMPLETED"})
    assert [t.name.split("-")[0] for t in middle_tasks] == ["inner"]
    children, flows = sync(_child_of_task_run(middle_tasks[0].id))
    assert len(children) == 1
    inner = children[0]
    assert flows[inner.flow_id] == "inner"
    assert [r.id for r in sync(_children(middle.id))] == [inner.id]
    assert sync(_children(inner.id)) == []

    inner_tasks = eventually(lambda: task_runs_of(inner.id), lambda ts: len(ts) == 1 and set(states(ts)) == {"COMPLETED"})
    assert [t.name.split("-")[0] for t in inner_tasks] == ["leaf"]

    for run in (outer, middle, inner):
        assert run.state.type.value == "COMPLETED"
        assert run.run_count == 1
        assert run.start_time is not None and run.end_time is not None
    # Each level runs within its parent.
    assert outer.start_time <= middle.start_time <= inner.start_time
    assert inner.end_time <= middle.end_time <= outer.end_time
    # The placeholder task run ends with its subflow: same final state type.
    assert placeholder.state.type == middle.state.type
