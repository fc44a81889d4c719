"""Deployments through the real client: `to_deployment().apply()`, the client's deployment
and schedule calls, `run_deployment`, and `flow.serve()` running a triggered run."""

import asyncio
import os
import subprocess
import sys
import textwrap

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import DeploymentStatus
from prefect.client.schemas.schedules import CronSchedule
from prefect.deployments import run_deployment
from prefect.exceptions import ObjectNotFound, PrefectHTTPStatusError

from helpers import sync, unique


def test_applied_deployments_take_runs_schedules_and_polls(server):
    from prefect import flow

    flow_name = unique("deployed").replace("-", "_")

    @flow(name=flow_name)
    def deployed(name: str, times: int = 2):
        return name * times

    async def check():
        deployment_id = await (await deployed.to_deployment(name="main", interval=3600, parameters={"name": "x"}, tags=["compat"])).apply()
        async with get_client() as client:
            deployment = await client.read_deployment_by_name(f"{flow_name}/main")
            assert deployment.id == deployment_id
            assert (deployment.parameters, deployment.tags, deployment.enforce_parameter_schema) == ({"name": "x"}, ["compat"], True)
            assert deployment.status == DeploymentStatus.NOT_READY
            assert [s.schedule.interval.total_seconds() for s in deployment.schedules] == [3600]

            run = await client.create_flow_run_from_deployment(deployment_id, parameters={"times": 3})
            assert (run.parameters, run.state.type.value, run.tags) == ({"name": "x", "times": 3}, "SCHEDULED", ["compat"])
            with pytest.raises(PrefectHTTPStatusError, match="409"):
                await client.create_flow_run_from_deployment(deployment_id, parameters={"times": "many"})

            # Without scheduled_before every SCHEDULED run counts, and the scheduler's pass over
            # recently changed deployments may already have made the hourly schedule's runs.
            scheduled = await client.get_scheduled_flow_runs_for_deployments([deployment_id])
            assert [r.id for r in scheduled if not r.auto_scheduled] == [run.id]
            assert all(r.deployment_id == deployment_id and r.state.type.value == "SCHEDULED" for r in scheduled)
            # Prefect marks a polled deployment READY in the background: give it a moment.
            for _ in range(50):
                if (await client.read_deployment(deployment_id)).status == DeploymentStatus.READY:
                    break
                await asyncio.sleep(0.2)
            assert (await client.read_deployment(deployment_id)).status == DeploymentStatus.READY

            created = await client.create_deployment_schedules(deployment_id, [(CronSchedule(cron="0 0 * * *"), True)])
            await client.update_deployment_schedule(deployment_id, created[0].id, active=False)
            schedules = await client.read_deployment_schedules(deployment_id)
            assert sorted(s.active for s in schedules) == [False, True]
            await client.delete_deployment_schedule(deployment_id, created[0].id)

            await client.pause_deployment(deployment_id)
            assert (await client.read_deployment(deployment_id)).paused
            await client.resume_deployment(deployment_id)
            triggered = await run_deployment(f"{flow_name}/main", timeout=0, parameters={"name": "y"})
            assert triggered.state.type.value == "SCHEDULED"

            await client.delete_deployment(deployment_id)
            with pytest.raises(ObjectNotFound):
                await client.read_deployment(deployment_id)

    sync(check())


def test_a_served_flow_runs_what_is_triggered(server, tmp_path):
    flow_name = unique("served").replace("-", "_")
    script = tmp_path / "serve.py"
    script.write_text(
        textwrap.dedent(
            f"""
            from prefect import flow

            @flow(name="{flow_name}")
            def served(x: int = 1):
                return x * 2

            # The runner imports this file to run the flow: only the first process serves.
            if __name__ == "__main__":
                served.serve(name="main", limit=1)
            """
        )
    )
    runner = subprocess.Popen([sys.executable, str(script)], env={**os.environ, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:

        async def trigger():
            async with get_client() as client:
                for _ in range(60):
                    try:
                        await client.read_deployment_by_name(f"{flow_name}/main")
                        break
                    except ObjectNotFound:
                        await asyncio.sleep(1)
            return await run_deployment(f"{flow_name}/main", parameters={"x": 21}, timeout=120)

        finished = sync(trigger())
        assert finished.state.type.value == "COMPLETED", finished.state
    finally:
        runner.terminate()
        runner.wait(timeout=30)
