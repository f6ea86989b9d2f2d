"""Health checks for {{ project }}, written once by shipspec: this file is yours now.

Mount it in your FastAPI app:

    from app.health import router as health_router
    app.include_router(health_router)

Liveness, GET {{ path }}: 200 without touching any dependency.
Readiness, GET {{ readiness_path }}: checks {{ check_names }} with a {{ timeout }}-second limit each;
200 when all pass, 503 naming the failed checks otherwise. Responses never
carry connection strings, passwords or stack traces; failures are logged here.
"""

import asyncio
import logging
import os
{%- if redis %}
from urllib.parse import urlsplit
{%- endif %}
{% if database %}
import psycopg
{%- endif %}
from fastapi import APIRouter
from fastapi.responses import JSONResponse

TIMEOUT_SECONDS = {{ timeout }}

log = logging.getLogger(__name__)
router = APIRouter()


@router.get("{{ path }}")
async def health() -> dict:
    return {"status": "ok"}
{% if database %}

async def _database() -> None:
    url = os.environ["DATABASE_URL"]
    conn = await psycopg.AsyncConnection.connect(url, connect_timeout=TIMEOUT_SECONDS)
    async with conn:
        await conn.execute("SELECT 1")
{%- endif %}
{%- if redis %}


async def _redis() -> None:
    url = urlsplit(os.environ["REDIS_URL"])
    _, writer = await asyncio.open_connection(url.hostname, url.port or 6379)
    writer.close()
    await writer.wait_closed()
{%- endif %}


CHECKS = {
{%- if database %}
    "database": _database,
{%- endif %}
{%- if redis %}
    "redis": _redis,
{%- endif %}
}


@router.get("{{ readiness_path }}")
async def ready() -> JSONResponse:
    failed = []
    for name, check in CHECKS.items():
        try:
            await asyncio.wait_for(check(), timeout=TIMEOUT_SECONDS)
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness check %s failed: %s", name, type(error).__name__)
            failed.append(name)
    if failed:
        return JSONResponse({"status": "unavailable", "failed": failed}, status_code=503)
    return JSONResponse({"status": "ok", "checks": list(CHECKS)})
