//! Metrics in the Prometheus text format (OpenMetrics): the release, requests by route and
//! status, their latencies, open WebSockets, chat messages delivered and the database pool.
//! `deploy/grafana-dashboard.json` shows them; a test keeps the two in step. Served at
//! `/metrics` on a listener of its own (`--metrics-bind`), never on the public port.
use std::sync::Mutex;
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::metrics::info::Info;
use prometheus_client::registry::Registry;
use sea_orm::DbBackend;

use crate::state::AppState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    /// The route's template (`/g/{slug}`), never the path itself: no names or codes leak.
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    method: String,
    route: String,
}

fn latency_histogram() -> Histogram {
    // 1 ms to about 8 s.
    Histogram::new(exponential_buckets(0.001, 2.0, 14))
}

/// The server's metrics and their registry.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    latency: Family<RouteLabels, Histogram, fn() -> Histogram>,
    websockets: Gauge,
    delivered: Counter,
    pool_size: Gauge,
    pool_idle: Gauge,
    pool_max: Gauge,
    /// Scrapes one at a time: the delivered counter catches up with the hub's.
    scrape: Mutex<()>,
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("kwartier");
        // `kwartier_build_info{version="…"} 1`: which release each instance runs (upgrades).
        registry.register(
            "build",
            "The Kwartier release this instance runs",
            Info::new(vec![("version", env!("CARGO_PKG_VERSION"))]),
        );
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route template and status",
            requests.clone(),
        );
        let latency =
            Family::<RouteLabels, Histogram, fn() -> Histogram>::new_with_constructor(latency_histogram);
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request, by route template",
            latency.clone(),
        );
        let websockets = Gauge::default();
        registry.register(
            "websockets_open",
            "Chat WebSockets open on this instance",
            websockets.clone(),
        );
        let delivered = Counter::default();
        registry.register(
            "chat_messages_delivered",
            "Chat frames delivered to sockets on this instance",
            delivered.clone(),
        );
        let pool_size = Gauge::default();
        registry.register(
            "db_pool_connections",
            "Database connections open",
            pool_size.clone(),
        );
        let pool_idle = Gauge::default();
        registry.register(
            "db_pool_idle",
            "Database connections open and idle",
            pool_idle.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max",
            "Largest number of database connections",
            pool_max.clone(),
        );
        Self {
            registry,
            requests,
            latency,
            websockets,
            delivered,
            pool_size,
            pool_idle,
            pool_max,
            scrape: Mutex::new(()),
        }
    }

    fn observe(&self, method: &str, route: &str, status: u16, seconds: f64) {
        self.requests
            .get_or_create(&RequestLabels {
                method: method.to_owned(),
                route: route.to_owned(),
                status,
            })
            .inc();
        self.latency
            .get_or_create(&RouteLabels {
                method: method.to_owned(),
                route: route.to_owned(),
            })
            .observe(seconds);
    }

    /// The metrics as text, with the gauges read now.
    pub fn render(&self, state: &AppState) -> String {
        let _one = self.scrape.lock().unwrap_or_else(|p| p.into_inner());
        let hub = &state.chat.hub;
        self.websockets
            .set(i64::try_from(hub.connections()).unwrap_or(i64::MAX));
        let delivered = hub.delivered();
        self.delivered
            .inc_by(delivered.saturating_sub(self.delivered.get()));
        let (size, idle) = match state.db.get_database_backend() {
            DbBackend::Postgres => {
                let p = state.db.get_postgres_connection_pool();
                (p.size(), p.num_idle())
            }
            _ => {
                let p = state.db.get_sqlite_connection_pool();
                (p.size(), p.num_idle())
            }
        };
        self.pool_size.set(i64::from(size));
        self.pool_idle.set(i64::try_from(idle).unwrap_or(i64::MAX));
        self.pool_max.set(i64::from(state.config.db_pool));
        let mut out = String::new();
        if let Err(e) = prometheus_client::encoding::text::encode(&mut out, &self.registry) {
            tracing::warn!(error = %e, "metrics could not be written");
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The route a request matched, passed out to [`track`] on the response.
#[derive(Clone)]
struct Route(String);

/// Inside the router: notes which route template answered, for the metrics and for the
/// request's log span (which never holds the raw path).
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|m| m.as_str().to_owned());
    if let Some(route) = &route {
        tracing::Span::current().record("route", route.as_str());
    }
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(Route(route));
    }
    res
}

/// Around everything: counts the request and times it, by route template and status.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let res = next.run(req).await;
    let route = res
        .extensions()
        .get::<Route>()
        .map_or("unmatched", |r| r.0.as_str());
    state.metrics.observe(
        &method,
        route,
        res.status().as_u16(),
        started.elapsed().as_secs_f64(),
    );
    res
}

/// `GET /metrics` on the metrics listener.
pub async fn serve(State(state): State<AppState>) -> Response {
    let body = state.metrics.render(&state);
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/openmetrics-text; version=1.0.0; charset=utf-8"),
    );
    res
}
