"""Tasks in real flows: mapping, futures, retries and input caching; the task runs reach
the server as events and the tests read back what it recorded."""

from conftest import run_script
from helpers import eventually, flow_run_named, states, sync, task_run_states, task_runs_of, unique


def _finished(count):
    return lambda runs: len(runs) == count and all(r.state and r.state.is_final() for r in runs)


def test_a_task_mapped_over_100_items_records_100_task_runs(server):
    name = unique("maps")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        @task
        def square(x):
            return x * x

        @flow(flow_run_name=sys.argv[1])
        def mapper():
            return sum(square.map(range(100)).result())

        assert mapper() == sum(x * x for x in range(100))
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    tasks = eventually(lambda: task_runs_of(run.id), _finished(100))
    assert len(tasks) == 100
    assert set(states(tasks)) == {"COMPLETED"}
    assert all(t.run_count == 1 for t in tasks)
    assert len({t.task_key for t in tasks}) == 1
    assert len({t.dynamic_key for t in tasks}) == 100
    assert all(t.name.startswith("square-") for t in tasks)
    assert all(t.flow_run_id == run.id for t in tasks)
    assert all(t.start_time is not None and t.end_time is not None and t.end_time >= t.start_time for t in tasks)
    assert all(run.start_time <= t.start_time and t.end_time <= run.end_time for t in tasks)


def test_submitted_tasks_resolve_futures_and_record_their_inputs(server):
    name = unique("submits")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        @task
        def inc(x):
            return x + 1

        @task
        def add(x, y):
            return x + y

        @flow(flow_run_name=sys.argv[1])
        def submitter():
            a = inc.submit(1)
            b = inc.submit(10)
            total = add.submit(a, b)
            print("ids", a.task_run_id, b.task_run_id, total.task_run_id, flush=True)
            return total.result()

        assert submitter() == 13
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    a_id, b_id, total_id = next(line.split()[1:] for line in result.stdout.splitlines() if line.startswith("ids "))
    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    tasks = eventually(lambda: task_runs_of(run.id), _finished(3))
    by_id = {str(t.id): t for t in tasks}
    assert set(by_id) == {a_id, b_id, total_id}
    assert set(states(tasks)) == {"COMPLETED"}
    # The futures passed to `add` are recorded as its upstream task runs.
    total = by_id[total_id]
    assert {k: [str(i.id) for i in v] for k, v in total.task_inputs.items()} == {"x": [a_id], "y": [b_id]}
    assert all(i.input_type == "task_run" for v in total.task_inputs.values() for i in v)
    assert by_id[a_id].task_inputs == {"x": []}
    assert total.start_time >= max(by_id[a_id].end_time, by_id[b_id].end_time)


def test_a_task_that_fails_twice_succeeds_on_its_third_attempt(server):
    name = unique("retries")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        attempts = []

        @task(retries=2)
        def flaky():
            attempts.append(1)
            if len(attempts) < 3:
                raise RuntimeError(f"attempt {len(attempts)} failed")
            return len(attempts)

        @flow(flow_run_name=sys.argv[1])
        def persistent():
            return flaky()

        assert persistent() == 3
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "COMPLETED"
    assert run.run_count == 1
    tasks = eventually(lambda: task_runs_of(run.id), _finished(1))
    assert len(tasks) == 1
    task = tasks[0]
    assert task.state.type.value == "COMPLETED"
    assert task.run_count == 3
    assert task.empirical_policy.retries == 2
    history = eventually(lambda: task_run_states(task.id), lambda s: len(s) == 5)
    assert [(s.type.value, s.name) for s in history] == [
        ("PENDING", "Pending"),
        ("RUNNING", "Running"),
        ("RUNNING", "Retrying"),
        ("RUNNING", "Retrying"),
        ("COMPLETED", "Completed"),
    ]


def test_a_task_that_always_fails_fails_its_flow(server):
    name = unique("doomed")
    result = run_script(
        """
        import sys
        from prefect import flow, task

        @task(retries=2)
        def doomed():
            raise RuntimeError("always broken")

        @flow(flow_run_name=sys.argv[1])
        def hopeless():
            return doomed()

        try:
            hopeless()
        except RuntimeError:
            pass
        else:
            raise SystemExit("the flow did not fail")
        """,
        name,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    run = sync(flow_run_named(name))
    assert run.state.type.value == "FAILED"
    assert "always broken" in (run.state.message or "")
    assert run.run_count == 1
    assert run.end_time is not None
    tasks = eventually(lambda: task_runs_of(run.id), _finished(1))
    assert len(tasks) == 1
    task = tasks[0]
    assert task.state.type.value == "FAILED"
    assert "always broken" in (task.state.message or "")
    assert task.run_count == 3
    assert task.end_time is not None and task.end_time <= run.end_time


CACHED_FLOW = """
import sys
from prefect import flow, task
from prefect.cache_policies import INPUTS

@task(cache_policy=INPUTS)
def expensive(x):
    print("computed", flush=True)
    return x * 100

@flow(flow_run_name=sys.argv[1])
def cached(x):
    return expensive(x)

assert cached(7) == 700
"""


def test_an_inputs_cache_hit_in_a_second_flow_run_is_completed_as_cached(server):
    first, second = unique("cache-first"), unique("cache-second")
    runs = [run_script(CACHED_FLOW, first), run_script(CACHED_FLOW, second)]
    for result in runs:
        assert result.returncode == 0, result.stderr[-4000:]
    # The task body ran in the first flow run only.
    assert "computed" in runs[0].stdout and "computed" not in runs[1].stdout

    first_run, second_run = sync(flow_run_named(first)), sync(flow_run_named(second))
    assert first_run.state.type.value == second_run.state.type.value == "COMPLETED"
    first_task = eventually(lambda: task_runs_of(first_run.id), _finished(1))[0]
    second_task = eventually(lambda: task_runs_of(second_run.id), _finished(1))[0]
    assert (first_task.state.type.value, first_task.state.name) == ("COMPLETED", "Completed")
    assert (second_task.state.type.value, second_task.state.name) == ("COMPLETED", "Cached")
    assert first_task.task_key == second_task.task_key and first_task.id != second_task.id
    assert first_task.run_count == 1
    assert second_task.run_count == 1
    history = eventually(lambda: task_run_states(second_task.id), lambda s: len(s) == 3)
    assert [(s.type.value, s.name) for s in history] == [("PENDING", "Pending"), ("RUNNING", "Running"), ("COMPLETED", "Cached")], history
