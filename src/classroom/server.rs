//! `tutor classroom serve`: the instructor's server. Learners join with the room's code and get their own token;
//! their watchers post events, which are stored in SQLite before they are acknowledged; the dashboard (with the
//! instructor's token) reads the room.
//!
//! Requests are handled on tokio; the database is used from tokio's blocking threads, one request at a time (SQLite
//! writes one transaction at a time anyway).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use anyhow::{Context, Result};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path as UrlPath, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;

use super::room::{Room, Snapshot};
use super::store::{Learner, Store};
use super::wire::{self, Batch, JoinRequest, Joined, MAX_BATCH, MAX_BODY};
use crate::catalogue::Catalogue;

const DASHBOARD: &str = include_str!("dashboard.html");

/// Prints a line for the instructor. The server must outlive its terminal (a closed window, a pipe nobody reads), so
/// a line that cannot be written is dropped rather than ending the server as `println!` would.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// The server's state: the store and the room it projects, under one lock so that they never disagree.
struct Shared {
    books: Mutex<Books>,
    join_code: String,
    instructor_token: String,
    /// The pack the server was started in, if any: the dashboard links to its exercises.
    catalogue: Option<Catalogue>,
}

struct Books {
    store: Store,
    room: Room,
}

/// An answer with a status and a one-line message, as JSON: `{"error": "..."}`.
struct ApiError(StatusCode, String);

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.0, Json(serde_json::json!({ "error": self.1 }))).into_response()
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> ApiError {
        ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("the server could not store this: {error:#}"))
    }
}

type Answer<T> = std::result::Result<T, ApiError>;

pub fn serve(addr: &str, db: &Path) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build()?;
    runtime.block_on(run(addr, db))
}

async fn run(addr: &str, db: &Path) -> Result<ExitCode> {
    let shared = Arc::new(open(db)?);
    let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
        format!(
            "cannot listen on `{addr}`: the port may be in use by another program, or the address is not this \
             machine's; pick another with --addr HOST:PORT (such as --addr 0.0.0.0:7979)"
        )
    })?;
    let bound = listener.local_addr()?;
    print_welcome(&shared, bound, db);
    let app = router(shared);
    axum::serve(listener, app).with_graceful_shutdown(stopped()).await.context("the classroom server failed")?;
    say!("Classroom server stopped; every report is kept in `{}`.", db.display());
    Ok(ExitCode::SUCCESS)
}

fn open(db: &Path) -> Result<Shared> {
    let mut store = Store::open(db)?;
    let join_code = store.secret("join_code", wire::new_join_code)?;
    let instructor_token = store.secret("instructor_token", || wire::random_hex(16))?;
    let mut room = Room::default();
    for Learner { id, name } in store.learners()? {
        room.add_learner(id, &name);
    }
    for stored in store.events()? {
        room.apply(stored.learner, &stored.event, stored.received_ms);
    }
    let catalogue = std::env::current_dir().ok().and_then(|cwd| Catalogue::discover(&cwd).ok());
    Ok(Shared { books: Mutex::new(Books { store, room }), join_code, instructor_token, catalogue })
}

fn print_welcome(shared: &Shared, bound: SocketAddr, db: &Path) {
    let url = if bound.ip().is_unspecified() {
        format!("http://{}:{}", lan_address().unwrap_or_else(|| "THIS-MACHINE".into()), bound.port())
    } else {
        format!("http://{bound}")
    };
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

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(DASHBOARD) }))
        .route("/api/join", post(join))
        .route("/api/events", post(events))
        .route("/api/room", get(room))
        .route("/exercise/{name}", get(exercise))
        .fallback(|| async { ApiError(StatusCode::NOT_FOUND, "no such page on this classroom server".into()) })
        .layer(DefaultBodyLimit::max(MAX_BODY))
        .with_state(shared)
}

/// Runs `work` on the books on a blocking thread: SQLite calls block.
async fn with_books<T: Send + 'static>(
    shared: &Arc<Shared>,
    work: impl FnOnce(&mut Books) -> Answer<T> + Send + 'static,
) -> Answer<T> {
    let shared = Arc::clone(shared);
    tokio::task::spawn_blocking(move || {
        let mut books = shared.books.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        work(&mut books)
    })
    .await
    .map_err(|e| ApiError(StatusCode::INTERNAL_SERVER_ERROR, format!("the server failed: {e}")))?
}

/// Reads a JSON body, with a message a person can act on when it is too large or malformed.
fn parse<T: DeserializeOwned>(body: std::result::Result<Bytes, BytesRejection>) -> Answer<T> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {MAX_BODY} bytes; send at most {MAX_BATCH} events at a time"),
        ),
        status => ApiError(status, format!("the request body could not be read: {rejection}")),
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        ApiError(
            StatusCode::BAD_REQUEST,
            format!(
                "the request body is not the JSON this server expects: {e} (line {}, column {})",
                e.line(),
                e.column()
            ),
        )
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

async fn join(
    State(shared): State<Arc<Shared>>,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Answer<Json<Joined>> {
    let request: JoinRequest = parse(body)?;
    if wire::normalize_code(&request.code) != wire::normalize_code(&shared.join_code) {
        return Err(ApiError(
            StatusCode::FORBIDDEN,
            "wrong join code: ask the instructor for the code their server printed".into(),
        ));
    }
    if let Some(problem) = wire::name_problem(&request.name) {
        return Err(ApiError(StatusCode::BAD_REQUEST, problem));
    }
    with_books(&shared, move |books| match books.store.join(&request.name)? {
        Some((learner, token)) => {
            books.room.add_learner(learner.id, &learner.name);
            Ok(Json(Joined { token, name: learner.name }))
        }
        None => Err(ApiError(
            StatusCode::CONFLICT,
            format!("someone in this room is already called {:?}: join with another --name", request.name),
        )),
    })
    .await
}

async fn events(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: std::result::Result<Bytes, BytesRejection>,
) -> Answer<Json<wire::Stored>> {
    let token = bearer(&headers)
        .ok_or_else(|| ApiError(StatusCode::UNAUTHORIZED, "missing `Authorization: Bearer` learner token".into()))?
        .to_owned();
    let batch: Batch = parse(body)?;
    if batch.events.len() > MAX_BATCH {
        return Err(ApiError(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{} events in one request; send at most {MAX_BATCH}", batch.events.len()),
        ));
    }
    if let Some(problem) = batch.events.iter().find_map(wire::Event::problem) {
        return Err(ApiError(StatusCode::UNPROCESSABLE_ENTITY, problem));
    }
    with_books(&shared, move |books| {
        let learner = books.store.learner(&token)?.ok_or_else(|| {
            ApiError(StatusCode::UNAUTHORIZED, "unknown learner token: join the room again with its code".into())
        })?;
        let received = wire::now_ms();
        let new = books.store.insert(learner.id, &batch.events, received)?;
        for event in &new {
            books.room.apply(learner.id, event, received);
        }
        Ok(Json(wire::Stored { stored: new.len(), duplicates: batch.events.len() - new.len() }))
    })
    .await
}

fn instructor(shared: &Shared, headers: &HeaderMap) -> Answer<()> {
    match bearer(headers) {
        Some(token) if token == shared.instructor_token => Ok(()),
        Some(_) => Err(ApiError(StatusCode::UNAUTHORIZED, "wrong instructor token".into())),
        None => Err(ApiError(
            StatusCode::UNAUTHORIZED,
            "the room needs the instructor token: open the dashboard link `tutor classroom serve` printed".into(),
        )),
    }
}

async fn room(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Answer<Json<Snapshot>> {
    instructor(&shared, &headers)?;
    let total = shared.catalogue.as_ref().map(|c| c.exercises.len());
    with_books(&shared, move |books| Ok(Json(books.room.snapshot(wire::now_ms(), total)))).await
}

/// An exercise's file as shipped, for the instructor to look at: the learners have it already, so it needs no token.
async fn exercise(State(shared): State<Arc<Shared>>, UrlPath(name): UrlPath<String>) -> Answer<Response> {
    let catalogue = shared.catalogue.as_ref().ok_or_else(|| {
        ApiError(
            StatusCode::NOT_FOUND,
            "the server was not started in an exercise folder, so it has no exercises".into(),
        )
    })?;
    let (_, exercise) = catalogue
        .get(&name)
        .map_err(|_| ApiError(StatusCode::NOT_FOUND, format!("no exercise called {name:?} in this pack")))?;
    let path: PathBuf = catalogue.root.join(exercise.path());
    let text = std::fs::read_to_string(&path)
        .map_err(|e| ApiError(StatusCode::NOT_FOUND, format!("cannot read `{}`: {e}", exercise.path().display())))?;
    let hints = exercise
        .hints
        .iter()
        .map(|h| format!("// Hint: {}\n", h.trim().replace('\n', "\n//       ")))
        .collect::<String>();
    Ok(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{text}\n{hints}")).into_response())
}
