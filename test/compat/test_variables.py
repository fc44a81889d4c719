"""Variables through `prefect.variables.Variable` and the client's variable calls."""

import asyncio

import pytest
from prefect.client.orchestration import get_client
from prefect.client.schemas.actions import VariableCreate, VariableUpdate
from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound
from prefect.variables import Variable

from helpers import unique


async def _stored(name):
    async with get_client() as client:
        return await client.read_variable_by_name(name)


def test_variable_set_and_get(server):
    name = unique("var").replace("-", "_")
    created = Variable.set(name, {"threshold": 3, "labels": ["a", "b"]}, tags=["compat"])
    assert (created.name, created.value, created.tags) == (name, {"threshold": 3, "labels": ["a", "b"]}, ["compat"])
    assert Variable.get(name) == {"threshold": 3, "labels": ["a", "b"]}

    # Setting it again needs overwrite=True; the stored value is unchanged meanwhile.
    with pytest.raises(ValueError, match="already exists"):
        Variable.set(name, 1)
    assert Variable.get(name) == {"threshold": 3, "labels": ["a", "b"]}
    Variable.set(name, 42, overwrite=True)
    assert Variable.get(name) == 42
    stored = asyncio.run(_stored(name))
    assert (stored.value, stored.tags) == (42, [])
    assert stored.updated >= stored.created

    assert Variable.get(unique("missing"), default="fallback") == "fallback"
    assert Variable.get(unique("missing")) is None
    Variable.unset(name)
    assert asyncio.run(_stored(name)) is None


def test_client_variable_calls(server):
    async def check():
        names = [unique("client_var").replace("-", "_") for _ in range(3)]
        async with get_client() as client:
            for name, value in zip(names, ["text", 12.5, [1, "two", None]]):
                created = await client.create_variable(VariableCreate(name=name, value=value, tags=["compat", "client"]))
                assert (created.name, created.value) == (name, value)
            with pytest.raises(ObjectAlreadyExists):
                await client.create_variable(VariableCreate(name=names[0], value="again"))

            stored = await client.read_variable_by_name(names[2])
            assert (stored.value, stored.tags) == ([1, "two", None], ["compat", "client"])
            assert await client.read_variable_by_name(unique("missing")) is None

            await client.update_variable(VariableUpdate(name=names[0], value={"nested": True}))
            stored = await client.read_variable_by_name(names[0])
            assert (stored.value, stored.tags) == ({"nested": True}, ["compat", "client"])

            listed = {v.name: v.value for v in await client.read_variables() if v.name in names}
            assert listed == {names[0]: {"nested": True}, names[1]: 12.5, names[2]: [1, "two", None]}
            # Without a sort Prefect lists variables by name; the limit applies after it.
            everything = [v.name for v in await client.read_variables()]
            assert everything == sorted(everything)
            assert len(await client.read_variables(limit=1)) == 1

            await client.delete_variable_by_name(names[1])
            assert await client.read_variable_by_name(names[1]) is None
            with pytest.raises(ObjectNotFound):
                await client.delete_variable_by_name(names[1])
            assert {v.name for v in await client.read_variables()} & set(names) == {names[0], names[2]}

    asyncio.run(check())
