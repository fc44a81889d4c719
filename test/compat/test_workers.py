"""`prefect worker start` against our server: a local-code deployment in a process work pool,
run by the real worker, with parameters, cancellation, a paused pool and a pool limit."""

import os
import subprocess
import sys
import textwrap
import time

from prefect.client.orchestration import get_client

from conftest import cli, cli_in_process, run_script
from helpers import flow_run_states, flow_runs_by_id, sync, unique

FLOWS = textwrap.dedent(
    """
    import time
    from prefect import flow

    @flow
    def add(a: int, b: int = 1) -> int:
        return a + b

    @flow
    def nap(seconds: float = 1.0) -> None:
        time.sleep(seconds)
    """
)

FAST_WORKER = {"PREFECT_WORKER_QUERY_SECONDS": "1", "PREFECT_WORKER_HEARTBEAT_SECONDS": "2"}


def _deploy(tmp_path, pool: str, entry: str, name: str) -> str:
    (tmp_path / "flows.py").write_text(FLOWS)
    result = run_script(
        """
        import sys
        from prefect import flow

        deployment_id = flow.from_source(source=sys.argv[1], entrypoint=sys.argv[2]).deploy(
            name=sys.argv[3], work_pool_name=sys.argv[4], print_next_steps=False
        )
        print(deployment_id)
        """,
        str(tmp_path),
        f"flows.py:{entry}",
        name,
        pool,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    return result.stdout.strip().splitlines()[-1]


def _create_pool(pool: str, *extra: str) -> None:
    created = cli_in_process("work-pool", "create", pool, "--type", "process", *extra)
    assert created.returncode == 0, created.stdout + created.stderr


async def _create_runs(deployment_id: str, count: int, parameters=None):
    async with get_client() as client:
        return [await client.create_flow_run_from_deployment(deployment_id, parameters=parameters or {}) for _ in range(count)]


def _history(run_id) -> list[str]:
    return [s.type.value for s in sorted(sync(flow_run_states(run_id)), key=lambda s: s.timestamp)]


def _wait_for(ids, types, timeout=120.0):
    deadline = time.monotonic() + timeout
    while True:
        runs = sync(flow_runs_by_id(ids))
        if all(r.state.type.value in types for r in runs) or time.monotonic() > deadline:
            return runs
        time.sleep(0.5)


def _worker(pool: str, *extra: str) -> subprocess.Popen:
    prefect = os.path.join(os.path.dirname(sys.executable), "prefect")
    return subprocess.Popen(
        [prefect, "worker", "start", "--pool", pool, "--type", "process", *extra],
        env={**os.environ, **FAST_WORKER},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _stop(worker: subprocess.Popen) -> str:
    if worker.poll() is None:
        worker.terminate()
    try:
        return worker.communicate(timeout=30)[0]
    except subprocess.TimeoutExpired:
        worker.kill()
        return worker.communicate()[0]


def test_worker_runs_a_deployment_run_with_parameters(server, tmp_path):
    pool = unique("pool")
    _create_pool(pool)
    name = unique("adder")
    _deploy(tmp_path, pool, "add", name)

    started = cli("deployment", "run", f"add/{name}", "--param", "a=41", "--param", "b=1")
    assert started.returncode == 0, started.stdout + started.stderr
    worker = cli("worker", "start", "--pool", pool, "--type", "process", "--run-once", env=FAST_WORKER)
    assert worker.returncode == 0, worker.stdout[-4000:] + worker.stderr[-4000:]

    async def runs_in_pool():
        async with get_client() as client:
            deployment = await client.read_deployment_by_name(f"add/{name}")
            from prefect.client.schemas.filters import DeploymentFilter, DeploymentFilterId

            return deployment, await client.read_flow_runs(deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])))

    deployment, runs = sync(runs_in_pool())
    assert len(runs) == 1
    run = runs[0]
    assert run.state.type.value == "COMPLETED", run.state
    assert run.parameters == {"a": 41, "b": 1}
    assert run.work_queue_name == "default" and deployment.work_pool_name == pool
    assert run.run_count == 1 and run.start_time is not None and run.end_time is not None
    # The worker proposes PENDING, then PENDING named Submitting as it starts the process.
    assert _history(run.id) == ["SCHEDULED", "PENDING", "PENDING", "RUNNING", "COMPLETED"]

    async def pool_state():
        async with get_client() as client:
            return await client.read_work_pool(pool), await client.read_workers_for_work_pool(pool)

    work_pool, workers = sync(pool_state())
    assert work_pool.status.value == "READY"
    assert len(workers) == 1 and workers[0].last_heartbeat_time is not None


def test_cancelling_a_running_deployment_run(server, tmp_path):
    pool = unique("pool")
    _create_pool(pool)
    deployment_id = _deploy(tmp_path, pool, "nap", unique("long-nap"))
    [run] = sync(_create_runs(deployment_id, 1, {"seconds": 120}))

    worker = _worker(pool)
    try:
        [running] = _wait_for([run.id], {"RUNNING", "FAILED", "CRASHED"}, timeout=90)
        assert running.state.type.value == "RUNNING", running.state
        cancelled = cli_in_process("flow-run", "cancel", str(run.id))
        assert cancelled.returncode == 0, cancelled.stdout + cancelled.stderr
        [final] = _wait_for([run.id], {"CANCELLED", "FAILED", "CRASHED", "COMPLETED"}, timeout=90)
    finally:
        output = _stop(worker)
    assert final.state.type.value == "CANCELLED", (final.state, output[-4000:])
    assert _history(run.id)[-2:] == ["CANCELLING", "CANCELLED"]


def test_a_paused_pool_hands_out_nothing(server, tmp_path):
    pool = unique("pool")
    _create_pool(pool, "--paused")
    deployment_id = _deploy(tmp_path, pool, "add", unique("paused-adder"))
    [run] = sync(_create_runs(deployment_id, 1, {"a": 1}))

    worker = cli("worker", "start", "--pool", pool, "--type", "process", "--run-once", env=FAST_WORKER)
    assert worker.returncode == 0, worker.stdout[-4000:] + worker.stderr[-4000:]
    assert [r.state.type.value for r in sync(flow_runs_by_id([run.id]))] == ["SCHEDULED"]

    resumed = cli_in_process("work-pool", "resume", pool)
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    worker = cli("worker", "start", "--pool", pool, "--type", "process", "--run-once", env=FAST_WORKER)
    assert worker.returncode == 0, worker.stdout[-4000:] + worker.stderr[-4000:]
    assert [r.state.type.value for r in sync(flow_runs_by_id([run.id]))] == ["COMPLETED"]


def test_a_pool_limit_of_one_runs_one_at_a_time(server, tmp_path):
    pool = unique("pool")
    _create_pool(pool)
    limited = cli_in_process("work-pool", "set-concurrency-limit", pool, "1")
    assert limited.returncode == 0, limited.stdout + limited.stderr
    deployment_id = _deploy(tmp_path, pool, "nap", unique("short-nap"))
    runs = sync(_create_runs(deployment_id, 3, {"seconds": 1.5}))

    worker = _worker(pool)
    try:
        finished = _wait_for([r.id for r in runs], {"COMPLETED", "FAILED", "CRASHED"}, timeout=150)
    finally:
        output = _stop(worker)
    assert [r.state.type.value for r in finished] == ["COMPLETED"] * 3, output[-4000:]
    spans = sorted((r.start_time, r.end_time) for r in finished)
    for (_, earlier_end), (later_start, _) in zip(spans, spans[1:]):
        assert later_start >= earlier_end, spans
