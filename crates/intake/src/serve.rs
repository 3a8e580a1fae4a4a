//! The socket side of the server: accepting connections with a cap, timing out clients that
//! send too slowly or not at all, and shutting down gracefully (requests in flight finish).
//!
//! axum's own `serve` has no header timeout and no connection cap, so this is the accept
//! loop of axum's "serve with hyper" example with those added: hyper's header read timeout
//! (which also ends a keep-alive connection that sends nothing more), tower-http's body
//! timeout (in `lib.rs`), and a cap that, once reached, closes the **oldest** connection
//! for each new one, so a flood of idle sockets cannot lock out `/healthz` or a visitor.

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::ConnectInfo;
use axum::Router;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::oneshot;
use tower::ServiceExt;

/// How connections are held.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A request's headers must arrive within this, also the next request's on a kept-alive
    /// connection.
    pub header_timeout: Duration,
    /// Connections held at most; the oldest is closed for a new one beyond.
    pub max_connections: usize,
    /// How long a shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
}

/// The open connections in order of arrival, each with the switch that closes it.
#[derive(Default)]
struct Open {
    order: VecDeque<u64>,
    close: HashMap<u64, oneshot::Sender<()>>,
    next_id: u64,
    last_warning: Option<Instant>,
}

impl Open {
    /// Registers a new connection; closes the oldest ones while over `max`.
    fn admit(&mut self, max: usize) -> (u64, oneshot::Receiver<()>) {
        while self.close.len() >= max.max(1) {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            if let Some(switch) = self.close.remove(&oldest) {
                let _ = switch.send(());
                let quiet = self
                    .last_warning
                    .is_some_and(|at| at.elapsed() < Duration::from_secs(10));
                if !quiet {
                    tracing::warn!(
                        max,
                        "connection cap reached: closing the oldest connections for new ones"
                    );
                    self.last_warning = Some(Instant::now());
                }
            }
        }
        let id = self.next_id;
        self.next_id += 1;
        let (switch, closed) = oneshot::channel();
        self.order.push_back(id);
        self.close.insert(id, switch);
        (id, closed)
    }

    fn leave(&mut self, id: u64) {
        self.close.remove(&id);
        // ids arrive in order: drop the ones already gone from the front
        while self
            .order
            .front()
            .is_some_and(|front| !self.close.contains_key(front))
        {
            self.order.pop_front();
        }
    }
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets requests in flight finish
/// (up to `limits.shutdown_grace`).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: Limits,
    shutdown: impl std::future::Future<Output = ()>,
) {
    let mut builder = Builder::new(TokioExecutor::new());
    builder
        .http1()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .keep_alive(true);
    let open = Arc::new(Mutex::new(Open::default()));
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (socket, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    // out of file descriptors, say: wait instead of spinning
                    tracing::warn!(%error, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (id, closed) = lock(&open).admit(limits.max_connections);
        let connection = Connection {
            socket,
            remote,
            app: app.clone(),
            builder: builder.clone(),
            header_timeout: limits.header_timeout,
        };
        let open = Arc::clone(&open);
        let served = connection.serve(graceful.watcher());
        tokio::spawn(async move {
            tokio::select! {
                () = served => {}
                _ = closed => {}
            }
            lock(&open).leave(id);
        });
    }
    drop(listener);
    tracing::info!("shutting down: finishing requests in flight");
    if tokio::time::timeout(limits.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("requests still in flight after the grace period: closing them");
    }
}

/// One accepted connection and what serving it needs.
struct Connection {
    socket: TcpStream,
    remote: SocketAddr,
    app: Router,
    builder: Builder<TokioExecutor>,
    header_timeout: Duration,
}

impl Connection {
    /// Serves the connection's requests until it closes. hyper's header timeout starts
    /// with the first byte: a connection that sends nothing at all is closed here.
    async fn serve(self, watcher: Watcher) {
        let Connection {
            socket,
            remote,
            app,
            builder,
            header_timeout,
        } = self;
        let mut first = [0u8; 1];
        let arrived = tokio::time::timeout(header_timeout, socket.peek(&mut first)).await;
        if !matches!(arrived, Ok(Ok(1..))) {
            return;
        }
        let service = hyper_util::service::TowerToHyperService::new(app.map_request(
            move |request: hyper::Request<hyper::body::Incoming>| {
                let mut request = request.map(axum::body::Body::new);
                request
                    .extensions_mut()
                    .insert(ConnectInfo::<SocketAddr>(remote));
                request
            },
        ));
        let connection = builder
            .serve_connection_with_upgrades(TokioIo::new(socket), service)
            .into_owned();
        let _ = watcher.watch(connection).await;
    }
}

fn lock(open: &Mutex<Open>) -> std::sync::MutexGuard<'_, Open> {
    match open.lock() {
        Ok(guard) => guard,
        Err(poisoned) => poisoned.into_inner(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_the_cap_the_oldest_connections_are_closed_first() {
        let mut open = Open::default();
        let (first, mut first_closed) = open.admit(2);
        let (_second, mut second_closed) = open.admit(2);
        let (_third, _) = open.admit(2);
        assert!(first_closed.try_recv().is_ok(), "the oldest was closed");
        assert!(
            second_closed.try_recv().is_err(),
            "the next one is still open"
        );
        open.leave(first);
        assert_eq!(open.close.len(), 2);
        assert_eq!(open.order.len(), 2);
    }
}
