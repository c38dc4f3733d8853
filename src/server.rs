//! The composition root: binds the listeners, builds the state, serves with graceful shutdown,
//! and runs the housekeeping rounds (the one place that calls use cases on a timer).
use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::config::Config;
use crate::state::AppState;
use crate::{db, http};

/// A server bound to its port and ready to run.
pub struct Server {
    listener: TcpListener,
    /// `/metrics`, apart from the public port, when configured.
    metrics: Option<TcpListener>,
    state: AppState,
}

impl Server {
    /// Binds the listener first, so that a test can ask for port 0 and learn the real one,
    /// and the public URL defaults to the address actually bound.
    pub async fn build(mut config: Config) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(config.bind).await?;
        let local = listener.local_addr()?;
        config.bind = local;
        let metrics = match config.metrics_bind {
            Some(addr) => {
                let l = TcpListener::bind(addr).await?;
                config.metrics_bind = Some(l.local_addr()?);
                Some(l)
            }
            None => None,
        };
        let state = AppState::init(config).await?;
        Ok(Self {
            listener,
            metrics,
            state,
        })
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.state.config.bind
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until `shutdown` completes, then lets running requests finish (bounded by the
    /// configured grace period).
    pub async fn run(self, shutdown: impl Future<Output = ()> + Send + 'static) -> anyhow::Result<()> {
        let state = self.state.clone();
        let housekeeping = tokio::spawn(housekeeping(state.clone()));
        let grace = Duration::from_secs(state.config.shutdown_grace_secs);
        let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
        let router = http::router(state.clone());
        // Chat frames and acks are small writes: without TCP_NODELAY, Nagle's algorithm holds
        // one back until the peer's delayed ACK (40 ms here) whenever another is in flight.
        let listener = axum::serve::ListenerExt::tap_io(self.listener, |tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "TCP_NODELAY not set");
            }
        });
        let serve = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(async move {
            shutdown.await;
            let _ = stop_tx.send(true);
        });
        let mut stop = stop_rx.clone();
        // Axum does not wait for WebSockets: close them (1001, so that clients resume) and
        // wait for them beside the HTTP requests.
        let mut chat_stop = stop_rx.clone();
        let hub = state.chat.hub.clone();
        let sockets = tokio::spawn(async move {
            let _ = chat_stop.wait_for(|s| *s).await;
            hub.shutdown(grace).await;
        });
        if let Some(listener) = self.metrics {
            let app = axum::Router::new()
                .route("/metrics", axum::routing::get(crate::metrics::serve))
                .with_state(state.clone());
            let mut stop = stop_rx.clone();
            let metrics = axum::serve(listener, app).with_graceful_shutdown(async move {
                let _ = stop.wait_for(|s| *s).await;
            });
            if let Some(addr) = state.config.metrics_bind {
                tracing::info!("metrics at http://{addr}/metrics");
            }
            tokio::spawn(async move {
                if let Err(e) = metrics.await {
                    tracing::warn!(error = %e, "metrics listener stopped");
                }
            });
        }
        let serving = tokio::spawn(async move { serve.await });
        tokio::select! {
            res = serving => res??,
            _ = async {
                let _ = stop.wait_for(|s| *s).await;
                tokio::time::sleep(grace).await;
            } => tracing::warn!("shutdown grace period over; closing remaining connections"),
        }
        let _ = tokio::time::timeout(grace, sockets).await;
        housekeeping.abort();
        state.chat.leave().await;
        state.db.clone().close().await.ok();
        tracing::info!("stopped");
        Ok(())
    }
}

/// Twice a second: who is online in each chat room that changed. Every five seconds: close
/// due proposals, send reminders, lift ended sanctions. Once a minute: forget
/// recovered rate-limit keys, remove expired sessions, and forget login history and chat
/// past their retention periods.
async fn housekeeping(state: AppState) {
    let mut presence = tokio::time::interval(Duration::from_millis(500));
    presence.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut decisions = tokio::time::interval(Duration::from_secs(5));
    decisions.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tokio::select! {
            _ = presence.tick() => {
                state.chat.flush_presence();
                continue;
            }
            _ = decisions.tick() => {
                if let Err(e) = crate::services::decisions::tick(&state).await {
                    tracing::warn!(error = %e, "decisions round");
                }
                // Check-ins on goals: a "day" may be seconds long in tests, so every round.
                if let Err(e) = crate::services::goals::tick(&state).await {
                    tracing::warn!(error = %e, "goal check-ins");
                }
                if let Err(e) = crate::services::meetings::tick(&state).await {
                    tracing::warn!(error = %e, "meeting reminders");
                }
                continue;
            }
            _ = tick.tick() => {}
        }
        state.limits.prune();
        state.chat_repeats.prune();
        if let Err(e) = crate::services::privacy::purge(&state).await {
            tracing::warn!(error = %e, "retention round");
        }
        if let Err(e) = crate::services::vouching::apply_due(&state).await {
            tracing::warn!(error = %e, "waiting password resets");
        }
        match db::sessions::purge_expired(&state.db).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(removed = n, "expired sessions removed"),
            Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
        }
    }
}

/// Completes on SIGTERM or Ctrl-C.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: letting running requests finish");
}
