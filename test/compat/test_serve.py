"""`flow.serve()` against our server: the deployment it registers, the runs our scheduler
makes from its interval schedule, and the runner taking each of them to COMPLETED."""

import os
import subprocess
import sys
import textwrap
import time

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import FlowFilter, FlowFilterName

from helpers import flow_run_states, sync, unique

# The runner imports this file again in each run's process, so the flow's name is written
# into it rather than read from the command line.
SERVE = textwrap.dedent(
    """
    from prefect import flow

    @flow(name={name!r})
    def served(x: int = 7):
        return x * 2

    if __name__ == "__main__":
        served.serve(name="every-2s", interval=2, parameters={{"x": 5}})
    """
)


async def _runs_of(flow_name: str):
    async with get_client() as client:
        return await client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])))


async def _deployment(flow_name: str):
    async with get_client() as client:
        return await client.read_deployment_by_name(f"{flow_name}/every-2s")


def test_serve_runs_scheduled_runs_to_completion(server, tmp_path):
    name = unique("served")
    # Prefect deploys only flows defined in a file.
    script = tmp_path / "served.py"
    script.write_text(SERVE.format(name=name))
    env = {**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    process = subprocess.Popen([sys.executable, str(script)], cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    completed = lambda: [r for r in sync(_runs_of(name)) if r.state and r.state.type.value == "COMPLETED"]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and len(completed()) < 3:
            assert process.poll() is None, process.stdout.read()[-4000:] if process.stdout else ""
            time.sleep(0.5)
    finally:
        process.terminate()
        try:
            output = process.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            process.kill()
            output = process.communicate()[0]
    # Stopping the runner can leave a just-finished run CANCELLED (seen against Prefect's own
    # server too), so only runs still COMPLETED afterwards are checked.
    finished = completed()
    assert len(finished) >= 2, output[-4000:]

    deployment = sync(_deployment(name))
    assert deployment.parameters == {"x": 5}
    assert len(deployment.schedules) == 1 and deployment.schedules[0].schedule.interval.total_seconds() == 2

    for run in finished:
        assert run.deployment_id == deployment.id
        assert run.auto_scheduled is True
        assert run.parameters == {"x": 5}
        assert run.run_count == 1
        assert run.start_time is not None and run.end_time is not None and run.end_time >= run.start_time
        assert run.expected_start_time is not None
        history = [s.type.value for s in sorted(sync(flow_run_states(run.id)), key=lambda s: s.timestamp)]
        # The runner proposes PENDING, then PENDING named Submitting as it starts the process.
        assert history == ["SCHEDULED", "PENDING", "PENDING", "RUNNING", "COMPLETED"], history
