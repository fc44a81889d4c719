"""The real `prefect` CLI against our server: flow runs and variables. One call per test
goes through the `prefect` executable; the others run the same commands in this process
with Prefect's own CLI test runner, which saves a second or more per call."""

import asyncio
import json

from prefect.client.orchestration import get_client

from conftest import as_json, cli, cli_in_process, run_script
from helpers import flow_run_named, sync, unique

WIDE = {"COLUMNS": "250"}


def _run_flows(prefix: str) -> tuple[str, str]:
    """Runs one flow that completes and one that fails, as flow `prefix`."""
    ok, bad = f"{prefix}-ok", f"{prefix}-bad"
    result = run_script(
        """
        import sys
        from prefect import flow

        @flow(name=sys.argv[1])
        def cli_flow(fail: bool):
            if fail:
                raise RuntimeError("told to fail")
            return 1

        cli_flow.with_options(flow_run_name=sys.argv[2])(False)
        cli_flow.with_options(flow_run_name=sys.argv[3])(True, return_state=True)
        """,
        prefix,
        ok,
        bad,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    return ok, bad


def test_flow_run_ls_lists_runs_with_their_states(server):
    prefix = unique("cli-flow")
    ok, bad = _run_flows(prefix)
    ok_run, bad_run = sync(flow_run_named(ok)), sync(flow_run_named(bad))

    listed = cli("flow-run", "ls", "--flow-name", prefix, "-o", "json", env=WIDE)
    assert listed.returncode == 0, listed.stdout + listed.stderr
    runs = as_json(listed.stdout)
    # Sorted by expected start time, newest first.
    assert [(r["name"], r["state_type"]) for r in runs] == [(bad, "FAILED"), (ok, "COMPLETED")]
    assert [r["id"] for r in runs] == [str(bad_run.id), str(ok_run.id)]
    assert runs[1]["run_count"] == 1 and runs[1]["end_time"] is not None

    failed = cli_in_process("flow-run", "ls", "--flow-name", prefix, "--state-type", "FAILED", "-o", "json")
    assert failed.returncode == 0, failed.stdout + failed.stderr
    assert [r["name"] for r in as_json(failed.stdout)] == [bad]
    completed = cli_in_process("flow-run", "ls", "--flow-name", prefix, "--state", "completed", "-o", "json")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert [r["name"] for r in as_json(completed.stdout)] == [ok]

    table = cli_in_process("flow-run", "ls", "--flow-name", prefix)
    assert table.returncode == 0, table.stdout + table.stderr
    rows = {line.split("│")[3].strip(): line for line in table.stdout.splitlines() if line.count("│") >= 5 and prefix in line}
    assert set(rows) == {ok, bad}, table.stdout
    assert str(ok_run.id) in rows[ok] and "COMPLETED" in rows[ok]
    assert str(bad_run.id) in rows[bad] and "FAILED" in rows[bad]

    nothing = cli_in_process("flow-run", "ls", "--flow-name", unique("no-such-flow"))
    assert nothing.returncode == 0 and "No flow runs found." in nothing.stdout


def test_flow_run_inspect_shows_the_stored_run(server):
    ok, _ = _run_flows(unique("cli-inspect"))
    run = sync(flow_run_named(ok))

    shown = cli("flow-run", "inspect", str(run.id), "-o", "json", env=WIDE)
    assert shown.returncode == 0, shown.stdout + shown.stderr
    data = as_json(shown.stdout)
    assert (data["id"], data["name"], data["flow_id"]) == (str(run.id), ok, str(run.flow_id))
    assert (data["state"]["type"], data["state"]["name"], data["run_count"]) == ("COMPLETED", "Completed", 1)
    assert data["start_time"] is not None and data["end_time"] is not None
    assert data["parameters"] == {"fail": False}

    pretty = cli_in_process("flow-run", "inspect", str(run.id))
    assert pretty.returncode == 0, pretty.stdout + pretty.stderr
    assert f"name='{ok}'" in pretty.stdout and "type=COMPLETED" in pretty.stdout.replace("StateType.", "")

    missing = cli_in_process("flow-run", "inspect", "00000000-0000-4000-8000-000000000000")
    assert missing.returncode == 1
    assert "Flow run '00000000-0000-4000-8000-000000000000' not found!" in missing.stdout


def test_variable_set_get_ls(server):
    name = unique("cli_var").replace("-", "_")
    created = cli("variable", "set", name, '{"retries": 3}', "--tag", "compat")
    assert created.returncode == 0, created.stdout + created.stderr
    assert f"Set variable '{name}'." in created.stdout

    got = cli_in_process("variable", "get", name)
    assert got.returncode == 0, got.stdout + got.stderr
    assert json.loads(got.stdout) == {"retries": 3}

    refused = cli_in_process("variable", "set", name, "4")
    assert refused.returncode == 1
    assert "already exists" in refused.stdout
    overwritten = cli_in_process("variable", "set", name, "4", "--overwrite")
    assert overwritten.returncode == 0, overwritten.stdout + overwritten.stderr

    async def stored():
        async with get_client() as client:
            return await client.read_variable_by_name(name)

    variable = asyncio.run(stored())
    assert (variable.value, variable.tags) == (4, [])

    listed = cli_in_process("variable", "ls", "-o", "json")
    assert listed.returncode == 0, listed.stdout + listed.stderr
    assert {v["name"]: v["value"] for v in as_json(listed.stdout)}[name] == 4
    table = cli_in_process("variable", "ls")
    assert table.returncode == 0 and name in table.stdout

    inspected = cli_in_process("variable", "inspect", name, "-o", "json")
    assert inspected.returncode == 0, inspected.stdout + inspected.stderr
    assert (as_json(inspected.stdout)["name"], as_json(inspected.stdout)["value"]) == (name, 4)

    removed = cli_in_process("variable", "unset", name)
    assert removed.returncode == 0, removed.stdout + removed.stderr
    assert asyncio.run(stored()) is None
    missing = cli_in_process("variable", "get", name)
    assert missing.returncode == 1 and f"Variable '{name}' not found." in missing.stdout
