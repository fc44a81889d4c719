"""Flows themselves, run by the real prefect engine in their own process: completion,
failure, timeouts and run logs, then what the server holds."""

import datetime

from conftest import run_script
from helpers import eventually, flow_run_named, flow_run_states, logs_of, states, sync, task_runs_of, unique


def test_a_flow_with_tasks_completes_and_is_recorded(server):
    name = unique("adds-numbers")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        @task
        def add(x, y):
            return x + y

        @flow(flow_run_name=sys.argv[1])
        def adder():
            a = add(1, 2)
            b = add.submit(a, 10).result()
            return b

        assert adder() == 13
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    assert run.state.name == "Completed"
    assert run.run_count == 1
    assert run.start_time is not None and run.end_time is not None and run.end_time >= run.start_time
    assert run.total_run_time.total_seconds() > 0
    assert [s.type.value for s in sync(flow_run_states(run.id))] == ["PENDING", "RUNNING", "COMPLETED"]
    # Task runs reach the server only as events: the recorder must have stored them.
    tasks = eventually(lambda: task_runs_of(run.id), lambda ts: states(ts) == ["COMPLETED", "COMPLETED"])
    assert states(tasks) == ["COMPLETED", "COMPLETED"]
    assert all(t.run_count == 1 for t in tasks)


def test_a_failing_flow_is_failed_with_its_message(server):
    name = unique("fails-on-purpose")
    result = run_script(
        """
        import sys
        from prefect import flow

        @flow(flow_run_name=sys.argv[1])
        def broken():
            raise ValueError("boom")

        try:
            broken()
        except ValueError:
            pass
        else:
            raise SystemExit("the flow did not raise")
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "FAILED"
    assert run.state.name == "Failed"
    assert "boom" in (run.state.message or "")
    assert run.run_count == 1
    assert run.start_time is not None and run.end_time is not None and run.end_time >= run.start_time
    assert [s.type.value for s in sync(flow_run_states(run.id))] == ["PENDING", "RUNNING", "FAILED"]


def test_a_flow_over_its_timeout_is_failed_as_timed_out(server):
    name = unique("times-out")
    result = run_script(
        """
        import sys, time
        from prefect import flow

        @flow(flow_run_name=sys.argv[1], timeout_seconds=1)
        def slow():
            time.sleep(5)

        try:
            slow()
        except TimeoutError:
            pass
        else:
            raise SystemExit("the flow did not time out")
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "FAILED"
    assert run.state.name == "TimedOut"
    assert "exceeded timeout of 1.0 second(s)" in (run.state.message or "")
    assert run.run_count == 1
    # Stopped at the timeout, not after the whole sleep.
    elapsed = run.end_time - run.start_time
    assert datetime.timedelta(seconds=1) <= elapsed < datetime.timedelta(seconds=4)
    assert datetime.timedelta(seconds=1) <= run.total_run_time < datetime.timedelta(seconds=4)
    assert [s.name for s in sync(flow_run_states(run.id))] == ["Pending", "Running", "TimedOut"]


def test_run_logger_lines_are_stored_with_their_run(server):
    name = unique("logs-things")
    result = run_script(
        """
        import sys
        from prefect import flow, task, get_run_logger

        @task
        def chatty(x):
            get_run_logger().info("task says %s", x)
            return x

        @flow(flow_run_name=sys.argv[1])
        def talker():
            logger = get_run_logger()
            logger.info("flow starts")
            logger.warning("flow warns")
            chatty(42)
            logger.error("flow ends")

        talker()
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    logs = sync(logs_of(run.id))
    by_message = {log.message: log for log in logs}
    for message in ("flow starts", "flow warns", "task says 42", "flow ends"):
        assert message in by_message, [log.message for log in logs]
    assert [log.level for log in (by_message[m] for m in ("flow starts", "flow warns", "flow ends"))] == [20, 30, 40]
    assert by_message["flow starts"].name == "prefect.flow_runs"
    assert by_message["task says 42"].name == "prefect.task_runs"
    assert all(log.flow_run_id == run.id for log in logs)
    # Flow lines have no task run; the task's line names the task run the server recorded.
    assert by_message["flow starts"].task_run_id is None
    tasks = eventually(lambda: task_runs_of(run.id), lambda ts: len(ts) == 1)
    assert len(tasks) == 1
    assert by_message["task says 42"].task_run_id == tasks[0].id
    # The engine's own lines are there too, and the read is sorted by timestamp.
    assert any(log.message.startswith("Finished in state Completed") for log in logs)
    assert [log.timestamp for log in logs] == sorted(log.timestamp for log in logs)
    messages = [log.message for log in logs]
    assert messages.index("flow starts") < messages.index("task says 42") < messages.index("flow ends")
