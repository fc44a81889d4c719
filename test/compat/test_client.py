"""The real client's flow run, task run and log calls (`get_client()`), against runs it
creates and orchestrates itself; no flow is executed here."""

import asyncio
import os
import datetime
import uuid

import pytest
from prefect import flow, task
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import LogCreate
from prefect.client.schemas.filters import (
    FlowFilter,
    FlowFilterName,
    FlowRunFilter,
    FlowRunFilterExpectedStartTime,
    FlowRunFilterId,
    FlowRunFilterName,
    FlowRunFilterStartTime,
    FlowRunFilterState,
    FlowRunFilterStateName,
    FlowRunFilterStateType,
    FlowRunFilterTags,
    LogFilter,
    LogFilterFlowRunId,
    LogFilterLevel,
    TaskRunFilter,
    TaskRunFilterFlowRunId,
    TaskRunFilterName,
    TaskRunFilterState,
    TaskRunFilterStateType,
)
from prefect.client.schemas.objects import StateType
from prefect.client.schemas.responses import SetStateStatus
from prefect.client.schemas.sorting import FlowRunSort, LogSort, TaskRunSort
from prefect.exceptions import ObjectNotFound
from prefect.states import Cancelling, Completed, Failed, Pending, Running, Scheduled

from helpers import unique


def _flow(name: str):
    @flow(name=name)
    def placeholder():
        pass

    return placeholder


class Runs:
    """Five flow runs of one flow, named <prefix>-a … -e, with these histories:
    a: Scheduled (now + 3 h), never run       b: Scheduled (+1 h) → Running → Completed
    c: Scheduled (+2 h) → Running → Failed     d: Pending (created first), never run
    e: Scheduled (+30 min), never run
    The runs of c and b start in that order, b ends before c."""

    def __init__(self, dialect: str):
        self.dialect = dialect
        self.prefix = unique("client")
        self.flow_name = self.prefix
        self.now = datetime.datetime.now(datetime.timezone.utc)

    async def create(self, client):
        f = _flow(self.flow_name)
        hours = lambda h: self.now + datetime.timedelta(hours=h)  # noqa: E731
        self.d = await client.create_flow_run(f, name=f"{self.prefix}-d", tags=["green"])
        self.a = await client.create_flow_run(f, name=f"{self.prefix}-a", tags=["blue", "green"], state=Scheduled(scheduled_time=hours(3)))
        self.b = await client.create_flow_run(f, name=f"{self.prefix}-b", tags=["blue"], state=Scheduled(scheduled_time=hours(1)))
        self.c = await client.create_flow_run(f, name=f"{self.prefix}-c", state=Scheduled(scheduled_time=hours(2)))
        self.e = await client.create_flow_run(f, name=f"{self.prefix}-e", state=Scheduled(scheduled_time=hours(0.5)))
        # A run scheduled in the future is told to wait; forced, it starts now.
        early = await client.set_flow_run_state(self.c.id, Running())
        assert early.status == SetStateStatus.WAIT, early
        assert (early.state.type, early.details.reason) == (StateType.SCHEDULED, "Scheduled time is in the future")
        assert 7190 <= early.details.delay_seconds <= 7200
        for run_id, state, force in (
            (self.c.id, Running(), True),
            (self.b.id, Running(), True),
            (self.b.id, Completed(), False),
            (self.c.id, Failed(message="c failed"), False),
        ):
            result = await client.set_flow_run_state(run_id, state, force=force)
            assert result.status == SetStateStatus.ACCEPT, result
        self.by_id = {r.id: k for k in "abcde" for r in [getattr(self, k)]}

    def letters(self, runs) -> str:
        return "".join(self.by_id[r.id] for r in runs)

    async def read(self, client, flow_run_filter=None, **kwargs):
        return await client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[self.flow_name])), flow_run_filter=flow_run_filter, **kwargs)


def test_read_flow_runs_applies_filters(server):
    async def check():
        async with get_client() as client:
            runs = Runs(server.dialect)
            await runs.create(client)
            read = lambda flt=None, **kw: runs.read(client, flt, sort=FlowRunSort.NAME_ASC, **kw)  # noqa: E731
            assert runs.letters(await read()) == "abcde"
            assert runs.letters(await read(FlowRunFilter(name=FlowRunFilterName(like_=runs.prefix)))) == "abcde"
            assert runs.letters(await read(FlowRunFilter(name=FlowRunFilterName(any_=[f"{runs.prefix}-b", f"{runs.prefix}-e"])))) == "be"
            assert runs.letters(await read(FlowRunFilter(id=FlowRunFilterId(any_=[runs.c.id, runs.d.id])))) == "cd"
            assert runs.letters(await read(FlowRunFilter(tags=FlowRunFilterTags(all_=["blue"])))) == "ab"
            assert runs.letters(await read(FlowRunFilter(tags=FlowRunFilterTags(all_=["blue", "green"])))) == "a"
            assert runs.letters(await read(FlowRunFilter(tags=FlowRunFilterTags(is_null_=True)))) == "ce"
            scheduled = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
            assert runs.letters(await read(scheduled)) == "ae"
            finished = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.COMPLETED, StateType.FAILED])))
            assert runs.letters(await read(finished)) == "bc"
            assert runs.letters(await read(FlowRunFilter(state=FlowRunFilterState(name=FlowRunFilterStateName(any_=["Completed"]))))) == "b"
            # Times: c started before b; `after_` and `before_` include their bound.
            # Prefect compares coalesce(start_time, expected_start_time) with the bounds.
            b = await client.read_flow_run(runs.b.id)
            assert runs.letters(await read(FlowRunFilter(start_time=FlowRunFilterStartTime(after_=b.start_time)))) == "abe"
            assert runs.letters(await read(FlowRunFilter(start_time=FlowRunFilterStartTime(before_=b.start_time)))) == "bcd"
            assert runs.letters(await read(FlowRunFilter(start_time=FlowRunFilterStartTime(is_null_=True)))) == "ade"
            in_90_min = runs.now + datetime.timedelta(minutes=90)
            assert runs.letters(await read(FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(before_=in_90_min)))) == "bde"
            # Conditions combine with AND by default, OR with operator "or_".
            both = FlowRunFilter(tags=FlowRunFilterTags(all_=["blue"]), state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
            assert runs.letters(await read(both)) == "a"
            either = FlowRunFilter(operator="or_", tags=FlowRunFilterTags(all_=["blue"]), state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])))
            assert runs.letters(await read(either)) == "abe"
            # Limit and offset page through the sorted runs.
            assert runs.letters(await read(limit=2)) == "ab"
            assert runs.letters(await read(limit=2, offset=3)) == "de"
            assert await client.count_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[runs.flow_name]))) == 5
            assert await client.count_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[runs.flow_name])), flow_run_filter=scheduled) == 2

    asyncio.run(check())


def test_read_flow_runs_sorts_as_prefect_does(server):
    async def check():
        async with get_client() as client:
            runs = Runs(server.dialect)
            await runs.create(client)
            order = lambda sort: runs.read(client, sort=sort)  # noqa: E731
            ordered = {sort: runs.letters(await order(sort)) for sort in FlowRunSort}
            ids = sorted(runs.by_id, reverse=True)
            # Timestamps only: nulls never take part. START_TIME sorts on
            # coalesce(start_time, expected_start_time).
            expected = {
                FlowRunSort.ID_DESC: "".join(runs.by_id[i] for i in ids),
                FlowRunSort.NAME_ASC: "abcde",
                FlowRunSort.NAME_DESC: "edcba",
                FlowRunSort.EXPECTED_START_TIME_ASC: "debca",
                FlowRunSort.EXPECTED_START_TIME_DESC: "acbed",
                FlowRunSort.START_TIME_ASC: "dcbea",
                FlowRunSort.START_TIME_DESC: "aebcd",
            }
            for sort, letters in expected.items():
                assert ordered[sort] == letters, sort
            # Nulls sort as Prefect sorts them on Postgres, on both of our backends: last in
            # ascending order, first in descending (Prefect on SQLite puts them the other way
            # round; docs/compat.md records the difference). Runs tied on null come in any order.
            scheduled, unscheduled = ordered[FlowRunSort.NEXT_SCHEDULED_START_TIME_ASC], set("bcd")
            ended, running = ordered[FlowRunSort.END_TIME_DESC], set("ade")
            if os.environ.get("PREFECT_COMPAT_EXTERNAL_API_URL") and server.dialect == "sqlite":
                assert set(scheduled[:3]) == unscheduled and scheduled[3:] == "ea", scheduled
                assert ended[:2] == "cb" and set(ended[2:]) == running, ended
            else:
                assert scheduled[:2] == "ea" and set(scheduled[2:]) == unscheduled, scheduled
                assert set(ended[:3]) == running and ended[3:] == "cb", ended

    asyncio.run(check())


def test_read_flow_run_returns_what_the_runs_went_through(server):
    async def check():
        async with get_client() as client:
            runs = Runs(server.dialect)
            await runs.create(client)
            a, b, c, d = [await client.read_flow_run(r.id) for r in (runs.a, runs.b, runs.c, runs.d)]
            assert (a.name, a.tags, a.state.type, a.state_name) == (f"{runs.prefix}-a", ["blue", "green"], StateType.SCHEDULED, "Scheduled")
            assert a.state.state_details.scheduled_time == a.expected_start_time == a.next_scheduled_start_time
            assert abs(a.expected_start_time - (runs.now + datetime.timedelta(hours=3))) < datetime.timedelta(seconds=1)
            assert (a.start_time, a.end_time, a.run_count, a.total_run_time) == (None, None, 0, datetime.timedelta(0))
            assert (b.state.type, b.run_count, b.next_scheduled_start_time) == (StateType.COMPLETED, 1, None)
            assert b.start_time is not None and b.end_time is not None and b.start_time <= b.end_time
            assert b.total_run_time == b.end_time - b.start_time
            assert (c.state.type, c.state.message, c.run_count) == (StateType.FAILED, "c failed", 1)
            assert c.start_time < b.start_time and b.end_time < c.end_time
            assert (d.state.type, d.state_name, d.run_count, d.start_time) == (StateType.PENDING, "Pending", 0, None)
            assert d.expected_start_time is not None and d.expected_start_time <= a.created
            assert d.flow_id == a.flow_id and (await client.read_flow(d.flow_id)).name == runs.flow_name
            with pytest.raises(ObjectNotFound):
                await client.read_flow_run(uuid.uuid4())

    asyncio.run(check())


def test_set_flow_run_state_orchestrates_unless_forced(server):
    async def check():
        async with get_client() as client:
            f = _flow(unique("set-state"))
            run = await client.create_flow_run(f, name=unique("set-state"))
            assert run.state.type == StateType.PENDING

            accepted = await client.set_flow_run_state(run.id, Running())
            assert accepted.status == SetStateStatus.ACCEPT
            assert accepted.state.type == StateType.RUNNING
            stored = await client.read_flow_run(run.id)
            assert (stored.state.type, stored.state.id, stored.run_count) == (StateType.RUNNING, accepted.state.id, 1)
            assert stored.start_time == accepted.state.timestamp

            # Prefect's core policy refuses to go back to Pending from Running: ABORT with
            # the run's current state, which it keeps.
            refused = await client.set_flow_run_state(run.id, Pending())
            assert refused.status == SetStateStatus.ABORT
            assert (refused.state.type, refused.state.id) == (StateType.RUNNING, accepted.state.id)
            assert "cannot transition to a PENDING state" in refused.details.reason
            assert (await client.read_flow_run(run.id)).state.id == accepted.state.id

            # Forced, the same transition is accepted.
            forced = await client.set_flow_run_state(run.id, Pending(), force=True)
            assert forced.status == SetStateStatus.ACCEPT and forced.state.type == StateType.PENDING
            assert (await client.read_flow_run(run.id)).state.type == StateType.PENDING

            assert (await client.set_flow_run_state(run.id, Running())).status == SetStateStatus.ACCEPT
            done = await client.set_flow_run_state(run.id, Completed())
            assert done.status == SetStateStatus.ACCEPT and done.state.type == StateType.COMPLETED
            stored = await client.read_flow_run(run.id)
            assert (stored.state.type, stored.run_count) == (StateType.COMPLETED, 2)
            assert stored.end_time == done.state.timestamp

            # A finished run cannot be cancelled; it can run again (its result is not
            # persisted), which clears its end time.
            refused = await client.set_flow_run_state(run.id, Cancelling())
            assert refused.status == SetStateStatus.ABORT
            assert refused.details.reason == "Run is already in terminal state COMPLETED."
            assert (await client.read_flow_run(run.id)).state.type == StateType.COMPLETED
            rerun = await client.set_flow_run_state(run.id, Running())
            assert rerun.status == SetStateStatus.ACCEPT
            stored = await client.read_flow_run(run.id)
            assert (stored.state.type, stored.run_count, stored.end_time) == (StateType.RUNNING, 3, None)

            history = await client.read_flow_run_states(run.id)
            assert [s.type.value for s in history] == ["PENDING", "RUNNING", "PENDING", "RUNNING", "COMPLETED", "RUNNING"]
            with pytest.raises(ObjectNotFound):
                await client.set_flow_run_state(uuid.uuid4(), Running())

    asyncio.run(check())


def test_read_task_runs_filters_and_sorts(server):
    async def check():
        async with get_client() as client:
            f = _flow(unique("task-runs"))
            run = await client.create_flow_run(f, name=unique("task-runs"))
            other = await client.create_flow_run(f, name=unique("task-runs"))

            @task(name=unique("step"))
            def step():
                pass

            created = [await client.create_task_run(step, run.id, dynamic_key=str(i), name=f"step-{i}") for i in range(3)]
            elsewhere = unique("step-elsewhere")
            await client.create_task_run(step, other.id, dynamic_key="0", name=elsewhere)
            # A task run cannot start while its flow run is not running.
            refused = await client.set_task_run_state(created[0].id, Running())
            assert refused.status == SetStateStatus.ABORT
            assert refused.details.reason == "The enclosing flow must be running to begin task execution."
            assert (await client.set_flow_run_state(run.id, Running())).status == SetStateStatus.ACCEPT
            for t in created[:2]:
                assert (await client.set_task_run_state(t.id, Running())).status == SetStateStatus.ACCEPT
            assert (await client.set_task_run_state(created[0].id, Completed())).status == SetStateStatus.ACCEPT

            in_run = TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run.id]))
            names = lambda runs: [t.name for t in runs]  # noqa: E731
            assert names(await client.read_task_runs(task_run_filter=in_run, sort=TaskRunSort.NAME_ASC)) == ["step-0", "step-1", "step-2"]
            assert names(await client.read_task_runs(task_run_filter=in_run, sort=TaskRunSort.NAME_DESC, limit=2)) == ["step-2", "step-1"]
            assert names(await client.read_task_runs(task_run_filter=in_run, sort=TaskRunSort.EXPECTED_START_TIME_DESC)) == ["step-2", "step-1", "step-0"]
            assert names(await client.read_task_runs(task_run_filter=in_run, sort=TaskRunSort.NAME_ASC, offset=1)) == ["step-1", "step-2"]
            running = TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[run.id]), state=TaskRunFilterState(type=TaskRunFilterStateType(any_=[StateType.RUNNING])))
            assert names(await client.read_task_runs(task_run_filter=running)) == ["step-1"]
            by_name = TaskRunFilter(name=TaskRunFilterName(any_=[elsewhere]))
            assert [t.flow_run_id for t in await client.read_task_runs(task_run_filter=by_name)] == [other.id]
            # Task runs filtered through their flow run.
            through_flow_run = await client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[other.id])))
            assert names(through_flow_run) == [elsewhere]

            first = await client.read_task_run(created[0].id)
            assert (first.state.type, first.run_count, first.task_key, first.dynamic_key) == (StateType.COMPLETED, 1, created[0].task_key, "0")
            assert first.start_time is not None and first.end_time is not None
            pending = await client.read_task_run(created[2].id)
            assert (pending.state.type, pending.run_count, pending.start_time) == (StateType.PENDING, 0, None)

    asyncio.run(check())


def test_read_logs_filters_sorts_and_pages(server):
    async def check():
        async with get_client() as client:
            run = await client.create_flow_run(_flow(unique("logs")), name=unique("logs"))
            start = datetime.datetime.now(datetime.timezone.utc)
            await client.create_logs(
                [
                    LogCreate(name="compat", level=level, message=f"line {i}", timestamp=start + datetime.timedelta(seconds=i), flow_run_id=run.id)
                    for i, level in enumerate([10, 20, 30, 40, 50])
                ]
            )
            of_run = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]))
            messages = lambda logs: [log.message for log in logs]  # noqa: E731
            assert messages(await client.read_logs(log_filter=of_run, sort=LogSort.TIMESTAMP_ASC)) == [f"line {i}" for i in range(5)]
            assert messages(await client.read_logs(log_filter=of_run, sort=LogSort.TIMESTAMP_DESC, limit=2)) == ["line 4", "line 3"]
            assert messages(await client.read_logs(log_filter=of_run, sort=LogSort.TIMESTAMP_ASC, offset=3)) == ["line 3", "line 4"]
            warnings = LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id]), level=LogFilterLevel(ge_=30, le_=40))
            logs = await client.read_logs(log_filter=warnings, sort=LogSort.TIMESTAMP_ASC)
            assert [(log.level, log.message, log.name, log.flow_run_id, log.task_run_id) for log in logs] == [
                (30, "line 2", "compat", run.id, None),
                (40, "line 3", "compat", run.id, None),
            ]
            assert logs[0].timestamp == start + datetime.timedelta(seconds=2)

    asyncio.run(check())


def test_delete_flow_run_removes_it_and_its_task_runs(server):
    async def check():
        async with get_client() as client:
            f = _flow(unique("deleted"))
            doomed = await client.create_flow_run(f, name=unique("deleted"))
            kept = await client.create_flow_run(f, name=unique("kept"))

            @task
            def step():
                pass

            await client.create_task_run(step, doomed.id, dynamic_key="0")
            await client.create_task_run(step, kept.id, dynamic_key="0")
            await client.delete_flow_run(doomed.id)

            with pytest.raises(ObjectNotFound):
                await client.read_flow_run(doomed.id)
            with pytest.raises(ObjectNotFound):
                await client.delete_flow_run(doomed.id)
            remaining = await client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=[f.name])))
            assert [r.id for r in remaining] == [kept.id], [(r.name, r.flow_id, f.name) for r in remaining]
            doomed_tasks = await client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[doomed.id])))
            assert doomed_tasks == []
            kept_tasks = await client.read_task_runs(task_run_filter=TaskRunFilter(flow_run_id=TaskRunFilterFlowRunId(any_=[kept.id])))
            assert len(kept_tasks) == 1

    asyncio.run(check())
