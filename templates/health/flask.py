"""Health checks for {{ project }}, written once by shipspec: this file is yours now.

Mount it in your Flask app:

    from app.health import health
    app.register_blueprint(health)

Liveness, GET {{ path }}: 200 without touching any dependency.
Readiness, GET {{ readiness_path }}: checks {{ check_names }} with a {{ timeout }}-second limit each;
200 when all pass, 503 naming the failed checks otherwise. Responses never
carry connection strings, passwords or stack traces; failures are logged here.
"""

import logging
import os
{%- if redis %}
import socket
from urllib.parse import urlsplit
{%- endif %}
{% if database %}
import psycopg
{%- endif %}
from flask import Blueprint, jsonify

TIMEOUT_SECONDS = {{ timeout }}

log = logging.getLogger(__name__)
health = Blueprint("health", __name__)


@health.get("{{ path }}")
def liveness():
    return jsonify(status="ok")
{% if database %}

def _database() -> None:
    url = os.environ["DATABASE_URL"]
    with psycopg.connect(url, connect_timeout=TIMEOUT_SECONDS) as conn:
        conn.execute("SET statement_timeout = %s" % (TIMEOUT_SECONDS * 1000))
        conn.execute("SELECT 1")
{%- endif %}
{%- if redis %}


def _redis() -> None:
    url = urlsplit(os.environ["REDIS_URL"])
    socket.create_connection((url.hostname, url.port or 6379), timeout=TIMEOUT_SECONDS).close()
{%- endif %}


CHECKS = {
{%- if database %}
    "database": _database,
{%- endif %}
{%- if redis %}
    "redis": _redis,
{%- endif %}
}


@health.get("{{ readiness_path }}")
def readiness():
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness check %s failed: %s", name, type(error).__name__)
            failed.append(name)
    if failed:
        return jsonify(status="unavailable", failed=failed), 503
    return jsonify(status="ok", checks=list(CHECKS))
