"""Reads of what the server holds, through the real client, shared by the test files."""

import asyncio
import time
import uuid

from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import (
    FlowRunFilter,
    FlowRunFilterId,
    FlowRunFilterName,
    LogFilter,
    LogFilterFlowRunId,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
)
from prefect.client.schemas.sorting import LogSort, TaskRunSort


def unique(prefix: str) -> str:
    """A name no other test (or earlier run against a long-lived server) has used."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def sync(coroutine):
    return asyncio.run(coroutine)


async def flow_run_named(name: str):
    async with get_client() as client:
        runs = await client.read_flow_runs(flow_run_filter=FlowRunFilter(name=FlowRunFilterName(any_=[name])))
        assert len(runs) == 1, runs
        return runs[0]


async def task_runs_of(flow_run_id, limit: int = 200):
    async with get_client() as client:
        return await client.read_task_runs(
            task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[flow_run_id])),
            sort=TaskRunSort.EXPECTED_START_TIME_ASC,
            limit=limit,
        )


async def flow_run_states(flow_run_id):
    async with get_client() as client:
        return await client.read_flow_run_states(flow_run_id)


async def task_run_states(task_run_id):
    async with get_client() as client:
        return await client.read_task_run_states(task_run_id)


async def logs_of(flow_run_id):
    async with get_client() as client:
        return await client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), sort=LogSort.TIMESTAMP_ASC
        )


async def flow_runs_by_id(ids):
    async with get_client() as client:
        return await client.read_flow_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=list(ids))))


def eventually(read, check, timeout: float = 10.0):
    """Task runs and their states reach the server as events, which it records after the
    flow's process has handed them over: `read()` until `check(value)` holds (it returns
    the value), or fail with the last value after `timeout` seconds. Prefect's own server
    records events asynchronously too."""
    deadline = time.monotonic() + timeout
    while True:
        value = sync(read())
        if check(value) or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def states(runs) -> list[str]:
    return [r.state.type.value for r in runs]
