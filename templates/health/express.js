// Health checks for {{ project }}, written once by shipspec: this file is yours now.
//
// Mount it in your Express app:
//
//     const health = require("./health");
//     app.use(health);
//
// Liveness, GET {{ path }}: 200 without touching any dependency.
// Readiness, GET {{ readiness_path }}: checks {{ check_names }} with a {{ timeout }}-second limit each;
// 200 when all pass, 503 naming the failed checks otherwise. Responses never
// carry connection strings, passwords or stack traces; failures are logged here.
"use strict";

const express = require("express");
{%- if redis %}
const net = require("node:net");
{%- endif %}
{%- if database %}
const { Client } = require("pg");
{%- endif %}

const TIMEOUT_MS = {{ timeout }} * 1000;
const router = express.Router();

router.get("{{ path }}", (req, res) => {
  res.json({ status: "ok" });
});
{% if database %}
async function database() {
  const client = new Client({
    connectionString: process.env.DATABASE_URL,
    connectionTimeoutMillis: TIMEOUT_MS,
    query_timeout: TIMEOUT_MS,
  });
  client.on("error", () => {});
  await client.connect();
  try {
    await client.query("SELECT 1");
  } finally {
    await client.end().catch(() => {});
  }
}
{% endif %}
{%- if redis %}
function redis() {
  const url = new URL(process.env.REDIS_URL);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port) || 6379, url.hostname, () => {
      socket.end();
      resolve();
    });
    socket.on("error", reject);
  });
}
{% endif %}
const checks = {
{%- if database %}
  database,
{%- endif %}
{%- if redis %}
  redis,
{%- endif %}
};

function withTimeout(promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

router.get("{{ readiness_path }}", async (req, res) => {
  const failed = [];
  for (const [name, check] of Object.entries(checks)) {
    try {
      await withTimeout(check());
    } catch (error) {
      console.warn(`readiness check ${name} failed: ${error.name}`);
      failed.push(name);
    }
  }
  if (failed.length > 0) {
    res.status(503).json({ status: "unavailable", failed });
  } else {
    res.json({ status: "ok", checks: Object.keys(checks) });
  }
});

module.exports = router;
