"""The real prefect client recognises our server: health, API version, server version."""

import asyncio

from prefect.client.orchestration import get_client


def test_client_healthcheck_passes(server):
    async def check():
        async with get_client() as client:
            assert str(client.api_url).rstrip("/") == server.api_url
            return await client.api_healthcheck(), await client.api_version(), await client.hello()

    error, api_version, hello = asyncio.run(check())
    assert error is None
    assert api_version == "3.9.1"
    assert hello.status_code == 200
    assert hello.json() == "👋"


def test_ready_reports_database_ok(server):
    import httpx

    response = httpx.get(f"{server.api_url}/ready")
    assert response.status_code == 200
    assert response.json() == {"message": "OK"}


def test_server_default_result_storage_is_unset(server):
    # Every flow run reads it (prefect.results) before choosing where results go; the
    # client falls back to local storage when the call fails, so only this test sees it.
    async def read():
        async with get_client() as client:
            return await client.read_server_default_result_storage()

    assert asyncio.run(read()).default_result_storage_block_id is None
