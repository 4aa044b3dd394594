//! The classroom server under abuse, on loopback: sockets that send nothing, a client that sends its headers a byte
//! at a time, and floods of joins. Learners and the instructor must still get their answers, and the abusers must be
//! closed or refused within the server's published bounds.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use serde_json::json;
use support::classroom::{Server, event};

/// The server's bounds, as README's Workshops section gives them: a request's headers must arrive within 10 s of
/// the connection opening (or of the previous answer, on a kept-alive connection).
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How late a close may come after its bound on a loaded 2-core machine.
const SLACK: Duration = Duration::from_secs(5);
/// More sockets than the server may have files open (the limit given to it below).
const IDLE_SOCKETS: usize = 400;
const OPEN_FILES: &str = "--nofile=256:256";

fn dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("tutor-limits-").tempdir().unwrap()
}

fn error_of(body: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    value["error"].as_str().unwrap_or_else(|| panic!("no error in {body}")).to_owned()
}

/// Whether the server closed this socket (an end of file or a reset), waiting at most until `deadline`.
fn closed_by(socket: &mut TcpStream, deadline: Instant) -> bool {
    let mut buffer = [0u8; 1024];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        socket.set_read_timeout(Some(left)).unwrap();
        match socket.read(&mut buffer) {
            Ok(0) => return true,
            // An answer (such as 408) before the close: read on to the end.
            Ok(_) => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => return false,
            Err(_) => return true,
        }
    }
}

#[test]
fn idle_and_slow_sockets_are_closed_in_time_while_learners_and_the_instructor_get_answers() {
    let dir = dir();
    // With a limit of 256 open files, 400 idle sockets reproduce the reported failure at a small scale: before the
    // fix, the server stopped accepting anyone once its sockets reached the limit.
    let server = Server::start_under(dir.path(), "127.0.0.1:0", &["prlimit", OPEN_FILES, "--"]);
    let addr = server.addr();
    let opened = Instant::now();
    let target: std::net::SocketAddr = addr.parse().unwrap();
    let connect = move || TcpStream::connect_timeout(&target, HEADER_TIMEOUT).expect("connect to the server");
    let mut idle: Vec<TcpStream> = (0..IDLE_SOCKETS).map(|_| connect()).collect();

    // A client that sends a request's headers one byte every 250 ms, for far longer than the header timeout.
    let slow_addr = addr.clone();
    let slow = std::thread::Builder::new()
        .spawn(move || {
            let started = Instant::now();
            let mut socket = TcpStream::connect(&slow_addr).unwrap();
            let headers =
                b"GET /api/room HTTP/1.1\r\nHost: classroom\r\nX-Padding: ".iter().chain(std::iter::repeat(&b'x'));
            for byte in headers {
                if socket.write_all(&[*byte]).is_err()
                    || closed_by(&mut socket, Instant::now() + Duration::from_millis(250))
                {
                    return Some(started.elapsed());
                }
                if started.elapsed() > HEADER_TIMEOUT * 4 {
                    return None;
                }
            }
            None
        })
        .unwrap();

    // Meanwhile learners join and report, and the instructor reads the room, each on a new connection.
    let mut slowest = Duration::ZERO;
    for n in 0..10 {
        let started = Instant::now();
        let token = server.join(&format!("learner {n}"));
        let (status, body) = server.post_events(&token, &json!({"events": [event("open", "borrow1", None)]}));
        assert_eq!(status, 200, "{body}");
        assert_eq!(server.room()["learners"].as_array().unwrap().len(), n + 1);
        slowest = slowest.max(started.elapsed());
        std::thread::sleep(Duration::from_millis(300));
    }
    assert!(slowest < Duration::from_secs(3), "a learner's round took {slowest:?}");
    let during = opened.elapsed();
    let evicted =
        idle.iter_mut().map(|s| closed_by(s, Instant::now() + Duration::from_millis(1))).filter(|c| *c).count();

    let deadline = opened + HEADER_TIMEOUT + SLACK;
    let still_open = idle.iter_mut().map(|s| closed_by(s, deadline)).filter(|c| !c).count();
    let all_closed = opened.elapsed();
    let slow = slow.join().unwrap().expect("the slow client was never closed");
    println!(
        "{IDLE_SOCKETS} idle sockets: {evicted} closed to make room within the first {:.1} s, all closed after {:.1} s \
         ({still_open} still open); the slow client was closed after {:.1} s; slowest learner round {slowest:?}",
        during.as_secs_f64(),
        all_closed.as_secs_f64(),
        slow.as_secs_f64()
    );
    assert_eq!(still_open, 0, "idle sockets still open {:?} after they were opened", HEADER_TIMEOUT + SLACK);
    assert!(slow <= HEADER_TIMEOUT + SLACK, "the slow client was closed after {slow:?}");
    assert_eq!(server.room()["learners"].as_array().unwrap().len(), 10);
}

#[test]
fn a_room_joins_from_one_address_but_a_flood_of_joins_is_refused_with_when_to_retry() {
    let room = dir();
    let server = Server::start(room.path());
    let started = Instant::now();
    let join = |name: String| {
        server.post_retry_after("/api/join", &json!({"code": server.join_code, "name": name}).to_string())
    };

    // A workshop of 200 learners behind one address, all at once: every one gets in.
    for n in 0..200 {
        let (status, body, _) = join(format!("learner {n}"));
        assert_eq!(status, 200, "learner {n} of a 200-learner room was refused: {body}");
    }
    // A flood goes on from the same address, as fast as it can: it is cut off.
    let mut accepted = 200;
    let mut refusal = None;
    for n in 200..2000 {
        let (status, body, retry) = join(format!("flood {n}"));
        match status {
            200 => accepted += 1,
            429 => {
                refusal = Some((body, retry));
                break;
            }
            _ => panic!("join {n}: {status} {body}"),
        }
    }
    let (body, retry) = refusal.unwrap_or_else(|| panic!("2000 joins in {:?} were all accepted", started.elapsed()));
    println!("joins accepted from one address before the first refusal: {accepted} in {:?}", started.elapsed());
    assert!(accepted < 500, "{accepted} joins were accepted before the first refusal");
    let error = error_of(&body);
    let retry: u64 = retry.expect("a Retry-After header").parse().expect("Retry-After in seconds");
    assert!(retry >= 1 && error.contains(&format!("try again in {retry} s")), "{error}");

    // Wrong codes are cut off much sooner, and then the right code waits too: guessing is no faster that way.
    let other = dir();
    let server = Server::start(other.path());
    let mut wrong = 0;
    let (status, body, retry) = loop {
        let answer = server.post_retry_after("/api/join", &json!({"code": "GUES-S000", "name": "Eve"}).to_string());
        if answer.0 != 403 {
            break answer;
        }
        wrong += 1;
        assert!(wrong <= 20, "{wrong} wrong codes were answered without a pause");
    };
    println!("wrong codes answered from one address before the first refusal: {wrong}");
    assert_eq!(status, 429, "{body}");
    assert!(error_of(&body).contains("wrong join codes"), "{body}");
    let (status, _, _) =
        server.post_retry_after("/api/join", &json!({"code": server.join_code, "name": "Eve"}).to_string());
    assert_eq!(status, 429, "the right code after a run of wrong ones must wait too");
    assert!(retry.is_some());
}
