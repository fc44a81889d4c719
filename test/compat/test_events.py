"""The live streams through the real client: `get_events_subscriber` (the /events/out
websocket) receives an event sent with `emit_event`, `wait_for_flow_run` (which subscribes
to the run's prefect.flow-run.* events) returns as soon as the run is set to a final state,
and `get_logs_subscriber` (/logs/out) receives the run's logs. Log streaming is off by
default: the suite starts our server with PREFECT_SERVER_LOGS_STREAM_OUT_ENABLED and
PREFECT_SERVER_LOGS_STREAM_PUBLISHING_ENABLED on, and checking against Prefect's own server
needs the same two settings."""

import asyncio
import time
import uuid

from prefect.client.orchestration import get_client
from prefect.client.schemas.objects import StateType
from prefect.events import emit_event
from prefect.events.clients import get_events_subscriber
from prefect.events.filters import EventFilter, EventNameFilter
from prefect.events.worker import EventsWorker
from prefect.flow_runs import wait_for_flow_run
from prefect.states import Completed, Running

from helpers import unique


def test_subscriber_receives_an_emitted_event(server):
    name = f"compat.events.{uuid.uuid4().hex[:12]}"

    async def check():
        async with get_events_subscriber(filter=EventFilter(event=EventNameFilter(prefix=[name]))) as subscriber:
            emitted = emit_event(
                event=f"{name}.happened",
                resource={"prefect.resource.id": "compat.thing", "prefect.resource.name": "thing"},
                related=[{"prefect.resource.id": "compat.other", "prefect.resource.role": "witness"}],
                payload={"n": 1},
            )
            assert emitted is not None
            await EventsWorker.drain_all(timeout=10)
            received = await asyncio.wait_for(subscriber.__anext__(), timeout=20)
            return emitted, received

    emitted, received = asyncio.run(check())
    assert received.id == emitted.id
    assert received.event == f"{name}.happened"
    assert received.resource.id == "compat.thing"
    assert [dict(r) for r in received.related] == [{"prefect.resource.id": "compat.other", "prefect.resource.role": "witness"}]
    assert received.payload == {"n": 1}


def test_wait_for_flow_run_hears_the_final_state(server):
    async def check():
        async with get_client() as client:
            run = await client.create_flow_run(_flow(unique("waited")), state=Running())

            async def finish():
                await asyncio.sleep(1.5)
                await client.set_flow_run_state(run.id, Completed(), force=True)

            started = time.monotonic()
            finisher = asyncio.create_task(finish())
            finished = await wait_for_flow_run(run.id, timeout=30, client=client)
            await finisher
            return finished, time.monotonic() - started

    finished, elapsed = asyncio.run(check())
    assert finished.state.type == StateType.COMPLETED
    # Returned on the event, not on its timeout.
    assert elapsed < 15


def _flow(name):
    from prefect import flow

    @flow(name=name)
    def waited():
        return None

    return waited


def test_logs_subscriber_receives_the_run_logs(server):
    from prefect.client.schemas.actions import LogCreate
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId
    from prefect.logging.clients import get_logs_subscriber
    from prefect.types._datetime import now

    flow_run_id = uuid.uuid4()

    async def check():
        async with get_logs_subscriber(filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id]))) as subscriber:
            async with get_client() as client:
                await client.create_logs(
                    [
                        LogCreate(name="compat", level=20, message="elsewhere", timestamp=now("UTC"), flow_run_id=uuid.uuid4()),
                        LogCreate(name="compat", level=20, message="hello", timestamp=now("UTC"), flow_run_id=flow_run_id),
                    ]
                )
            return await asyncio.wait_for(subscriber.__anext__(), timeout=20)

    received = asyncio.run(check())
    assert (received.message, received.flow_run_id, received.level) == ("hello", flow_run_id, 20)
