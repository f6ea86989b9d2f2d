"""Health checks for {{ project }}, written once by shipspec: this file is yours now.

Mount it in your project's urls.py:

    from django.urls import include, path
    urlpatterns += [path("", include("health"))]

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
from django.http import JsonResponse
from django.urls import path

TIMEOUT_SECONDS = {{ timeout }}

log = logging.getLogger(__name__)


def liveness(request):
    return JsonResponse({"status": "ok"})
{% if database %}

def _database() -> None:
    # DATABASE_URL directly, so readiness checks the same server the app is
    # configured for, whatever the ORM's settings say.
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


def readiness(request):
    failed = []
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as error:  # noqa: BLE001 - any failure means not ready
            log.warning("readiness check %s failed: %s", name, type(error).__name__)
            failed.append(name)
    if failed:
        return JsonResponse({"status": "unavailable", "failed": failed}, status=503)
    return JsonResponse({"status": "ok", "checks": list(CHECKS)})


urlpatterns = [
    path("{{ path_no_slash }}", liveness),
    path("{{ readiness_path_no_slash }}", readiness),
]
