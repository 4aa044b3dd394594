//! The classroom server's HTTP API: who may call what, and what bad input gets.
//!
//! - `POST /api/join` (the join code; rate-limited per address and per room, see [`limits`](super::limits)) gives a
//!   learner their own token.
//! - `POST /api/events` (a learner's token) stores their reports.
//! - `GET /api/room` and `GET /exercise/NAME` (the instructor's token) are the dashboard's data; `GET /` is the
//!   dashboard page itself, which holds no data.
//!
//! Every refusal is a 4xx with a JSON `{"error": "..."}` that says what to do; values echoed back are cut short.
//! The database is used from tokio's blocking threads, one request at a time (SQLite writes one transaction at a time
//! anyway).

use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Instant;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, FromRequest, Path as UrlPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use super::connections::{BODY_TIMEOUT, Trusted};
use super::limits::{JoinLimits, Refusal};
use super::room::Room;
use super::store::Store;
use super::wire::{self, Batch, JoinRequest, Joined, MAX_BATCH, MAX_BODY};
use super::{checks, names, shipped};
use crate::catalogue::Catalogue;

const DASHBOARD: &str = include_str!("dashboard.html");
/// How much of a parser's message is echoed: it may quote the offending value.
const PARSER_MESSAGE_CHARS: usize = 160;

/// The server's state: the store and the room it projects, under one lock so that they never disagree.
pub struct Shared {
    pub books: Mutex<Books>,
    pub join_code: String,
    pub instructor_token: String,
    /// The pack the server was started in, if any: the dashboard shows its exercises.
    pub catalogue: Option<Catalogue>,
    pub joins: Mutex<JoinLimits>,
}

pub struct Books {
    pub store: Store,
    pub room: Room,
}

/// An answer with a status and a one-line message, as JSON: `{"error": "..."}`.
pub struct ApiError {
    status: StatusCode,
    message: String,
    retry_after: Option<u64>,
}

impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError { status, message: message.into(), retry_after: None }
    }

    fn too_many(refusal: Refusal) -> ApiError {
        let seconds = refusal.seconds();
        let message = format!("{}: try again in {seconds} s", refusal.why);
        ApiError { retry_after: Some(seconds), ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, message) }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (self.status, Json(serde_json::json!({ "error": self.message }))).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// A failure of the server itself (its database): the instructor's terminal gets the whole story, which names the
/// `--db` file; the learner gets a 500, and their watch sends the reports again later.
impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> ApiError {
        say_error(&format!("{error:#}"));
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "the classroom server could not store this (its database failed; the instructor's terminal says why)",
        )
    }
}

fn say_error(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "error: {text}");
}

type Answer<T> = std::result::Result<T, ApiError>;

/// Marks an answer as given to someone who proved a token or the join code (see [`Trusted`]).
fn trusted(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    response.extensions_mut().insert(Trusted);
    response
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(|| async { Html(DASHBOARD) }))
        .route("/api/join", post(join))
        .route("/api/events", post(events))
        .route("/api/room", get(room))
        .route("/exercise/{name}", get(exercise))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such page on this classroom server") })
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
        let mut books = shared.books.lock().unwrap_or_else(PoisonError::into_inner);
        work(&mut books)
    })
    .await
    .map_err(|e| ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, format!("the server failed: {e}")))?
}

/// Reads a JSON body within [`BODY_TIMEOUT`], with a message a person can act on when it is late, too large or
/// malformed.
async fn read_json<T: DeserializeOwned>(request: Request) -> Answer<T> {
    let body = tokio::time::timeout(BODY_TIMEOUT, Bytes::from_request(request, &())).await.map_err(|_| {
        ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            format!("the request body did not arrive within {} s", BODY_TIMEOUT.as_secs()),
        )
    })?;
    parse(body)
}

fn parse<T: DeserializeOwned>(body: std::result::Result<Bytes, BytesRejection>) -> Answer<T> {
    let body = body.map_err(|rejection| match rejection.status() {
        StatusCode::PAYLOAD_TOO_LARGE => ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("the request body is larger than {MAX_BODY} bytes; send at most {MAX_BATCH} events at a time"),
        ),
        status => ApiError::new(status, format!("the request body could not be read: {rejection}")),
    })?;
    serde_json::from_slice(&body).map_err(|e| {
        ApiError::new(
            StatusCode::BAD_REQUEST,
            format!(
                "the request body is not the JSON this server expects: {} (line {}, column {})",
                checks::cut_to(&e.to_string(), PARSER_MESSAGE_CHARS),
                e.line(),
                e.column()
            ),
        )
    })
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Compares secrets in constant time: the SHA-256 digests of both (equal length whatever was sent), compared
/// without an early exit, so that the time of a refusal does not tell how much of a guess was right.
fn same_secret(given: &str, secret: &str) -> bool {
    Sha256::digest(given.as_bytes()).ct_eq(&Sha256::digest(secret.as_bytes())).into()
}

async fn join(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    request: Request,
) -> Answer<Response> {
    let now = Instant::now();
    let joins = || shared.joins.lock().unwrap_or_else(PoisonError::into_inner);
    joins().admit(peer.ip(), now).map_err(ApiError::too_many)?;
    let request: JoinRequest = read_json(request).await?;
    if !same_secret(&checks::normalize_code(&request.code), &checks::normalize_code(&shared.join_code)) {
        joins().wrong_code(peer.ip(), now);
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong join code: ask the instructor for the code their server printed",
        ));
    }
    let name = names::normalize(&request.name).map_err(|problem| ApiError::new(StatusCode::BAD_REQUEST, problem))?;
    with_books(&shared, move |books| match books.store.join(&name)? {
        Some((learner, token)) => {
            books.room.add_learner(learner.id, &learner.name, learner.joined_ms);
            Ok(trusted(Json(Joined { token, name: learner.name })))
        }
        None => Err(ApiError::new(
            StatusCode::CONFLICT,
            format!("someone in this room is already called {name:?}: join with another --name"),
        )),
    })
    .await
}

async fn events(State(shared): State<Arc<Shared>>, headers: HeaderMap, request: Request) -> Answer<Response> {
    let token = bearer(&headers)
        .ok_or_else(|| ApiError::new(StatusCode::UNAUTHORIZED, "missing `Authorization: Bearer` learner token"))?
        .to_owned();
    let batch: Batch = read_json(request).await?;
    if batch.events.len() > MAX_BATCH {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("{} events in one request; send at most {MAX_BATCH}", batch.events.len()),
        ));
    }
    if let Some(problem) = batch.events.iter().find_map(checks::event_problem) {
        return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, problem));
    }
    with_books(&shared, move |books| {
        let learner = books.store.learner(&token)?.ok_or_else(|| {
            ApiError::new(StatusCode::UNAUTHORIZED, "unknown learner token: join the room again with its code")
        })?;
        let received = wire::now_ms();
        let new = books.store.insert(learner.id, &batch.events, received)?;
        for event in &new {
            books.room.apply(learner.id, event, received);
        }
        Ok(trusted(Json(wire::Stored { stored: new.len(), duplicates: batch.events.len() - new.len() })))
    })
    .await
}

fn instructor(shared: &Shared, headers: &HeaderMap) -> Answer<()> {
    match bearer(headers) {
        Some(token) if same_secret(token, &shared.instructor_token) => Ok(()),
        Some(_) => Err(ApiError::new(StatusCode::UNAUTHORIZED, "wrong instructor token")),
        None => Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "this needs the instructor token: open the dashboard link `tutor classroom serve` printed",
        )),
    }
}

async fn room(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Answer<Response> {
    instructor(&shared, &headers)?;
    let total = shared.catalogue.as_ref().map(|c| c.exercises.len());
    with_books(&shared, move |books| Ok(trusted(Json(books.room.snapshot(wire::now_ms(), total))))).await
}

/// An exercise as shipped, with its hints, for the instructor's dashboard.
async fn exercise(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    UrlPath(name): UrlPath<String>,
) -> Answer<Response> {
    instructor(&shared, &headers)?;
    let catalogue = shared.catalogue.as_ref().ok_or_else(|| {
        ApiError::new(StatusCode::NOT_FOUND, "the server was not started in an exercise folder, so it has no exercises")
    })?;
    let (_, exercise) = catalogue.get(&name).map_err(|_| {
        ApiError::new(StatusCode::NOT_FOUND, format!("no exercise called {:?} in this pack", checks::cut(&name)))
    })?;
    let text =
        shipped::source(&catalogue.root, exercise).map_err(|problem| ApiError::new(StatusCode::NOT_FOUND, problem))?;
    let hints = exercise
        .hints
        .iter()
        .map(|h| format!("// Hint: {}\n", h.trim().replace('\n', "\n//       ")))
        .collect::<String>();
    Ok(trusted(([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], format!("{text}\n{hints}"))))
}
