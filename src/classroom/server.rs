//! `tutor classroom serve`: the instructor's server. Starting it takes the room's lock, opens (or creates) its
//! database and rebuilds the room from it, listens, and prints the join code and the dashboard link; then it serves
//! the [`api`](super::api) through [`connections`](super::connections) until Ctrl-C or SIGTERM.

use std::net::SocketAddr;
use std::path::Path;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context, Result};

use super::api::{self, Books, Shared};
use super::connections::{self, DEFAULT_MAX_CONNECTIONS};
use super::limits::JoinLimits;
use super::lock::DatabaseLock;
use super::room::Room;
use super::store::{self, Store};
use super::{checks, wire};
use crate::catalogue::Catalogue;

pub fn serve(addr: &str, db: &Path) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(run(addr, db))
}

async fn run(addr: &str, db: &Path) -> Result<ExitCode> {
    // Taken first, before the database is opened or created: a second server never touches it.
    let mut lock = DatabaseLock::take(db)?;
    let shared = Arc::new(open(db)?);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!(
            "cannot listen on `{addr}`: the port may be in use by another program, or the address is not this \
             machine's; pick another with --addr HOST:PORT (such as --addr 0.0.0.0:7979)"
        )
    })?;
    let url = public_url(listener.local_addr()?);
    lock.record(&url)?;
    print_welcome(&shared, &url, db);
    let max_connections = connections::fit_to_file_limit(DEFAULT_MAX_CONNECTIONS);
    if max_connections < DEFAULT_MAX_CONNECTIONS {
        say!(
            "(The open-file limit allows {max_connections} connections at once; `ulimit -n 4096` before starting \
             raises it.)"
        );
    }
    connections::serve(listener, api::router(shared), max_connections, stopped()).await;
    say!("Classroom server stopped; every report is kept in `{}`.", db.display());
    drop(lock);
    Ok(ExitCode::SUCCESS)
}

fn open(db: &Path) -> Result<Shared> {
    let mut store = Store::open(db)?;
    let rebuild = |store: &mut Store| -> Result<(String, String, Room)> {
        let join_code = store.secret("join_code", checks::new_join_code)?;
        let instructor_token = store.secret("instructor_token", || wire::random_hex(16))?;
        let mut room = Room::default();
        for learner in store.learners()? {
            room.add_learner(learner.id, &learner.name, learner.joined_ms);
        }
        for stored in store.events()? {
            room.apply(stored.learner, &stored.event, stored.received_ms);
        }
        Ok((join_code, instructor_token, room))
    };
    let (join_code, instructor_token, room) = rebuild(&mut store).with_context(|| store::damaged(db))?;
    let catalogue = std::env::current_dir().ok().and_then(|cwd| Catalogue::discover(&cwd).ok());
    Ok(Shared {
        books: Mutex::new(Books { store, room }),
        join_code,
        instructor_token,
        catalogue,
        joins: Mutex::new(JoinLimits::new(Instant::now())),
    })
}

fn public_url(bound: SocketAddr) -> String {
    if bound.ip().is_unspecified() {
        format!("http://{}:{}", lan_address().unwrap_or_else(|| "THIS-MACHINE".into()), bound.port())
    } else {
        format!("http://{bound}")
    }
}

fn print_welcome(shared: &Shared, url: &str, db: &Path) {
    say!("Classroom server listening on {url}");
    if shared.catalogue.is_none() {
        say!("(Not started in an exercise folder: the dashboard names exercises but cannot show their code.)");
    }
    say!("Join code: {}", shared.join_code);
    say!("Learners run: tutor watch --classroom {url} --join {} --name \"Their Name\"", shared.join_code);
    say!("Dashboard (keep this link to yourself): {url}/#token={}", shared.instructor_token);
    say!(
        "Reports are kept in `{}`: restarting with the same --db keeps the room, its code and its links. Ctrl-C stops.",
        db.display()
    );
}

/// This machine's address on the local network, as learners would reach it: the source address the system would use
/// to reach a private address (no packet is sent).
fn lan_address() -> Option<String> {
    let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
    socket.connect("10.255.255.255:9").ok()?;
    Some(socket.local_addr().ok()?.ip().to_string())
}

async fn stopped() {
    let interrupt = tokio::signal::ctrl_c();
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()).ok();
    tokio::select! {
        _ = interrupt => {}
        _ = async { match terminate.as_mut() { Some(s) => { s.recv().await; } None => std::future::pending().await } } => {}
    }
}
