"""Real flows, with the real prefect engine, against our server; then what the server holds."""

import asyncio
import subprocess
import sys
import textwrap

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterName, TaskRunFilter, TaskRunFilterFlowRunId


def run_script(source: str) -> subprocess.CompletedProcess[str]:
    """Runs a flow script in its own interpreter, as a user would, with this test's environment."""
    return subprocess.run([sys.executable, "-c", textwrap.dedent(source)], capture_output=True, text=True, timeout=300)


async def _flow_run_named(name: str):
    async with get_client() as client:
        runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
        assert len(runs) == 1, runs
        run = runs[0]
        tasks = await client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run.id])))
        states = await client.read_flow_run_states(run.id)
        return run, tasks, states


def test_a_flow_with_tasks_completes_and_is_recorded(server):
    result = run_script(
        """
        from prefect import flow, task

        @task
        def add(x, y):
            return x + y

        @flow(flow_run_name="adds-numbers")
        def adder():
            a = add(1, 2)
            b = add.submit(a, 10).result()
            return b

        assert adder() == 13
        """
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run, tasks, states = asyncio.run(_flow_run_named("adds-numbers"))
    assert run.state.type.value == "COMPLETED"
    assert run.run_count == 1
    assert run.start_time is not None and run.end_time is not None and run.end_time >= run.start_time
    assert run.total_run_time.total_seconds() > 0
    assert [s.type.value for s in states] == ["PENDING", "RUNNING", "COMPLETED"]
    # Task runs reach the server only as events: the recorder must have stored them.
    assert sorted(t.state.type.value for t in tasks) == ["COMPLETED", "COMPLETED"]
    assert all(t.run_count == 1 for t in tasks)


def test_a_failing_flow_is_failed_with_its_message(server):
    result = run_script(
        """
        from prefect import flow

        @flow(flow_run_name="fails-on-purpose")
        def broken():
            raise ValueError("boom")

        try:
            broken()
        except ValueError:
            pass
        """
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run, _, _ = asyncio.run(_flow_run_named("fails-on-purpose"))
    assert run.state.type.value == "FAILED"
    assert "boom" in (run.state.message or "")
