"""Flow run input with the real client: a flow paused with `pause_flow_run(wait_for_input=…)`
resumed by `resume_flow_run(…, run_input=…)`, and `send_input`/`receive_input` between this
process and a running flow, then what the server holds."""

import json
import subprocess
import sys
import textwrap
import time

import pytest
from prefect.client.orchestration import get_client
from prefect.exceptions import ObjectNotFound
from prefect.flow_runs import resume_flow_run
from prefect.input import send_input

from helpers import flow_run_named, flow_run_states, sync, unique

PAUSES_FOR_APPROVAL = """
    import json, sys
    from prefect import flow, pause_flow_run
    from prefect.input import RunInput

    class Approval(RunInput):
        approved: bool
        reviewer: str = "nobody"

    @flow(flow_run_name=sys.argv[1])
    def needs_approval():
        answer = pause_flow_run(wait_for_input=Approval, timeout=60, poll_interval=1)
        return {"approved": answer.approved, "reviewer": answer.reviewer}

    print("RESULT " + json.dumps(needs_approval()))
"""

RECEIVES_NUMBERS = """
    import json, sys
    from prefect import flow
    from prefect.input import receive_input

    @flow(flow_run_name=sys.argv[1])
    def adds_up():
        received = []
        for item in receive_input(int, timeout=60, poll_interval=0.5, raise_timeout_error=True, with_metadata=True):
            received.append([item.value, item.metadata.sender])
            if len(received) == 3:
                return received

    print("RESULT " + json.dumps(adds_up()))
"""


def _start(source: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(source), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=90)
    except subprocess.TimeoutExpired:
        process.kill()
        out, err = process.communicate()
    return process.returncode, out, err


def _result(out: str):
    lines = [line for line in out.splitlines() if line.startswith("RESULT ")]
    assert lines, out[-4000:]
    return json.loads(lines[-1][len("RESULT ") :])


async def _run_or_none(name: str):
    try:
        return await flow_run_named(name)
    except AssertionError:
        return None


def _wait_for_state(name: str, process: subprocess.Popen[str], state_type: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = sync(_run_or_none(name))
        if run is not None and run.state is not None and run.state.type.value == state_type:
            return run
        if process.poll() is not None:
            pytest.fail(f"the flow exited before reaching {state_type}: {process.communicate()}")
        time.sleep(0.2)
    pytest.fail(f"the flow run never reached {state_type}")


async def _read_input(run_id, key: str) -> str:
    async with get_client() as client:
        return await client.read_flow_run_input(run_id, key)


async def _inputs(run_id, prefix: str = ""):
    async with get_client() as client:
        return await client.filter_flow_run_input(run_id, key_prefix=prefix, limit=100, exclude_keys=set())


def _wait_for_input(run_id, key: str, timeout: float = 30.0) -> str:
    # The flow stores its input schema just after its pause is accepted.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            return sync(_read_input(run_id, key))
        except ObjectNotFound:
            time.sleep(0.2)
    pytest.fail(f"no flow run input {key!r}")


def test_a_flow_paused_for_input_completes_with_the_input_it_is_resumed_with(server):
    name = unique("needs-approval")
    process = _start(PAUSES_FOR_APPROVAL, name)
    try:
        paused = _wait_for_state(name, process, "PAUSED")
        keyset = paused.state.state_details.run_input_keyset
        assert keyset == {"description": "paused-1-description", "response": "paused-1-response", "schema": "paused-1-schema"}
        assert paused.state.state_details.pause_key == "1"
        schema = json.loads(_wait_for_input(paused.id, keyset["schema"]))
        assert schema["title"] == "Approval"
        assert schema["required"] == ["approved"]

        # Input that does not match the stored schema is refused and the run stays paused.
        with pytest.raises(RuntimeError, match="Cannot resume this run: Reason: Validation failed for field 'approved'"):
            resume_flow_run(paused.id, run_input={"approved": "not a boolean"})
        assert sync(flow_run_named(name)).state.type.value == "PAUSED"

        resume_flow_run(paused.id, run_input={"approved": True, "reviewer": "ada"})
    finally:
        code, out, err = _finish(process)
    assert code == 0, err[-4000:]
    assert _result(out) == {"approved": True, "reviewer": "ada"}

    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    assert [s.type.value for s in sync(flow_run_states(run.id))] == ["PENDING", "RUNNING", "PAUSED", "RUNNING", "COMPLETED"]
    assert run.empirical_policy.pause_keys == {"1"}
    stored = {i.key: i for i in sync(_inputs(run.id))}
    assert set(stored) == {"paused-1-schema", "paused-1-response"}
    assert json.loads(stored["paused-1-response"].value) == {"approved": True, "reviewer": "ada"}
    assert stored["paused-1-response"].sender is None
    assert sync(_read_input(run.id, "paused-1-response")) == '{"approved":true,"reviewer":"ada"}'


def test_inputs_sent_to_a_running_flow_are_received_in_order_with_their_sender(server):
    name = unique("adds-up")
    process = _start(RECEIVES_NUMBERS, name)
    try:
        running = _wait_for_state(name, process, "RUNNING")
        send_input("not a number", flow_run_id=running.id, sender="compat-test")
        for number in (3, 1, 2):
            send_input(number, flow_run_id=running.id, sender="compat-test")
    finally:
        code, out, err = _finish(process)
    assert code == 0, err[-4000:]
    assert _result(out) == [[3, "compat-test"], [1, "compat-test"], [2, "compat-test"]]

    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    numbers = sync(_inputs(run.id, "intautomaticruninput-auto-"))
    assert [json.loads(i.value) for i in numbers] == [{"value": 3}, {"value": 1}, {"value": 2}]
    assert {i.sender for i in numbers} == {"compat-test"}
    texts = sync(_inputs(run.id, "strautomaticruninput-auto-"))
    assert [json.loads(i.value) for i in texts] == [{"value": "not a number"}]
