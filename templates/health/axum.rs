//! Health checks for {{ project }}, written once by shipspec: this file is yours now.
//!
//! Mount it in your axum app (dependencies: axum 0.8, tokio, serde_json{% if database %},
//! tokio-postgres 0.7{% endif %}):
//!
//!     mod health;
//!     let app = Router::new().merge(health::router());
//!
//! Liveness, GET {{ path }}: 200 without touching any dependency.
//! Readiness, GET {{ readiness_path }}: checks {{ check_names }} with a {{ timeout }}-second limit each;
//! 200 when all pass, 503 naming the failed checks otherwise. Responses never
//! carry connection strings, passwords or stack traces; failures are logged to stderr.
//! The database check connects without TLS, as on a private network; use
//! `postgres-native-tls` or `tokio-postgres-rustls` if your database requires TLS.

use std::time::Duration;

use axum::{Json, Router, http::StatusCode, routing::get};
use serde_json::{Value, json};

const TIMEOUT: Duration = Duration::from_secs({{ timeout }});

pub fn router() -> Router {
    Router::new().route("{{ path }}", get(liveness)).route("{{ readiness_path }}", get(readiness))
}

async fn liveness() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
{% if database %}
async fn database() -> Result<(), String> {
    let url = std::env::var("DATABASE_URL").map_err(|_| "DATABASE_URL is not set".to_owned())?;
    let (client, connection) =
        tokio_postgres::connect(&url, tokio_postgres::NoTls).await.map_err(|e| e.to_string())?;
    let driver = tokio::spawn(connection);
    let result = client.simple_query("SELECT 1").await.map(|_| ()).map_err(|e| e.to_string());
    drop(client);
    driver.abort();
    result
}
{% endif %}
{%- if redis %}
async fn redis() -> Result<(), String> {
    let url = std::env::var("REDIS_URL").map_err(|_| "REDIS_URL is not set".to_owned())?;
    let host = url.split("://").nth(1).unwrap_or(&url).rsplit('@').next().unwrap_or_default();
    let host = host.split('/').next().unwrap_or_default();
    let address = if host.contains(':') { host.to_owned() } else { format!("{host}:6379") };
    tokio::net::TcpStream::connect(address).await.map(|_| ()).map_err(|e| e.to_string())
}
{% endif %}
async fn readiness() -> (StatusCode, Json<Value>) {
    {% if database or redis %}let mut{% else %}let{% endif %} failed: Vec<&str> = Vec::new();
{%- if database %}
    if !passes("database", database()).await {
        failed.push("database");
    }
{%- endif %}
{%- if redis %}
    if !passes("redis", redis()).await {
        failed.push("redis");
    }
{%- endif %}
    if failed.is_empty() {
        (StatusCode::OK, Json(json!({ "status": "ok" })))
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable", "failed": failed })))
    }
}

#[allow(dead_code)]
async fn passes(name: &str, check: impl std::future::Future<Output = Result<(), String>>) -> bool {
    match tokio::time::timeout(TIMEOUT, check).await {
        Ok(Ok(())) => true,
        Ok(Err(_)) => {
            eprintln!("readiness check {name} failed");
            false
        }
        Err(_) => {
            eprintln!("readiness check {name} timed out");
            false
        }
    }
}
