"""Deployment concurrency limits under `prefect worker start`: a limit of one runs the
deployment's runs one at a time (ENQUEUE: the others wait as AwaitingConcurrencySlot and
are retried), and CANCEL_NEW cancels a run started while another holds the slot."""

import textwrap

from prefect.client.orchestration import get_client

from conftest import cli_in_process, run_script
from helpers import flow_run_states, flow_runs_by_id, sync, unique
from test_workers import _history, _stop, _wait_for, _worker

FLOWS = textwrap.dedent(
    """
    import time
    from prefect import flow

    @flow
    def nap(seconds: float = 1.0) -> None:
        time.sleep(seconds)
    """
)


def _deploy_limited(tmp_path, pool: str, name: str, strategy: str) -> str:
    (tmp_path / "flows.py").write_text(FLOWS)
    result = run_script(
        """
        import sys
        from prefect import flow
        from prefect.client.schemas.objects import ConcurrencyLimitConfig

        limit = ConcurrencyLimitConfig(limit=1, collision_strategy=sys.argv[4])
        deployment_id = flow.from_source(source=sys.argv[1], entrypoint="flows.py:nap").deploy(
            name=sys.argv[2], work_pool_name=sys.argv[3], concurrency_limit=limit, print_next_steps=False
        )
        print(deployment_id)
        """,
        str(tmp_path),
        name,
        pool,
        strategy,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout.strip().splitlines()[-1]


def _pool() -> str:
    pool = unique("pool")
    created = cli_in_process("work-pool", "create", pool, "--type", "process")
    assert created.returncode == 0, created.stdout + created.stderr
    return pool


async def _create_run(deployment_id: str, seconds: float):
    async with get_client() as client:
        return await client.create_flow_run_from_deployment(deployment_id, parameters={"seconds": seconds})


async def _limit_of(deployment_id: str):
    async with get_client() as client:
        return (await client.read_deployment(deployment_id)).global_concurrency_limit


def test_a_deployment_limit_of_one_runs_one_at_a_time(server, tmp_path):
    pool = _pool()
    deployment_id = _deploy_limited(tmp_path, pool, unique("limited-nap"), "ENQUEUE")
    runs = [sync(_create_run(deployment_id, 2)) for _ in range(3)]

    worker = _worker(pool)
    try:
        finished = _wait_for([r.id for r in runs], {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=240)
    finally:
        output = _stop(worker)
    assert [r.state.type.value for r in finished] == ["COMPLETED"] * 3, output[-4000:]
    spans = sorted((r.start_time, r.end_time) for r in finished)
    for (_, earlier_end), (later_start, _) in zip(spans, spans[1:]):
        assert later_start >= earlier_end, spans
    # The worker asked for all three at once; the limit made two of them wait.
    waited = [r for r in finished if any(s.name == "AwaitingConcurrencySlot" for s in sync(flow_run_states(r.id)))]
    assert len(waited) >= 2, [[(s.type.value, s.name) for s in sync(flow_run_states(r.id))] for r in finished]
    for run in waited:
        awaiting = [s for s in sync(flow_run_states(run.id)) if s.name == "AwaitingConcurrencySlot"][0]
        assert awaiting.type.value == "SCHEDULED"
    limit = sync(_limit_of(deployment_id))
    assert limit.limit == 1 and limit.active_slots == 0


def test_cancel_new_cancels_a_run_started_while_the_slot_is_held(server, tmp_path):
    pool = _pool()
    deployment_id = _deploy_limited(tmp_path, pool, unique("cancel-new-nap"), "CANCEL_NEW")
    first = sync(_create_run(deployment_id, 15))

    worker = _worker(pool)
    try:
        [running] = _wait_for([first.id], {"RUNNING", "COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=90)
        assert running.state.type.value == "RUNNING", running.state
        assert sync(_limit_of(deployment_id)).active_slots == 1
        second = sync(_create_run(deployment_id, 1))
        [rejected] = _wait_for([second.id], {"CANCELLED", "COMPLETED", "FAILED", "CRASHED"}, timeout=60)
        [done] = _wait_for([first.id], {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}, timeout=90)
    finally:
        output = _stop(worker)
    assert rejected.state.type.value == "CANCELLED", (rejected.state, output[-4000:])
    assert rejected.state.message == "Deployment concurrency limit reached."
    # The worker's PENDING proposal was turned into CANCELLED: the run never left the queue.
    assert _history(second.id) == ["SCHEDULED", "CANCELLED"]
    assert done.state.type.value == "COMPLETED", (done.state, output[-4000:])
    assert sync(_limit_of(deployment_id)).active_slots == 0
    [still_cancelled] = sync(flow_runs_by_id([second.id]))
    assert still_cancelled.state.type.value == "CANCELLED"
