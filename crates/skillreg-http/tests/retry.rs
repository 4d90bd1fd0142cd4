//! Retries, waits, timeouts and refusals of the shared HTTP client, against a scripted server on
//! loopback: each connection gets the next answer of its script (the real test peers cannot be
//! made to answer 429 or 503, nor to hang).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use skillreg_http::{Auth, Client, HttpConfig, HttpError, Secret};

/// One scripted answer.
#[derive(Clone)]
enum Answer {
    /// Status, extra headers, body.
    Status(u16, &'static str, &'static str),
    /// Accept the connection and never answer.
    Silence,
    /// Promise a 200 body of 100 bytes, send 10, and close: the connection breaks mid-body.
    CutShort,
}

/// What the server saw of one request: its request line and its `Authorization` header.
#[derive(Debug)]
struct Seen {
    line: String,
    authorization: Option<String>,
}

/// Starts a server that plays `script` (one answer per connection) and returns its origin and a
/// handle yielding what it saw. Panics (failing the test) with the reason if it cannot bind.
fn serve(script: Vec<Answer>) -> (String, thread::JoinHandle<Vec<Seen>>) {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot bind 127.0.0.1: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"))
        .port();
    let handle = thread::spawn(move || {
        let mut seen = Vec::new();
        let mut held: Vec<TcpStream> = Vec::new();
        for answer in script {
            let Ok((mut stream, _)) = listener.accept() else {
                break;
            };
            let Ok(clone) = stream.try_clone() else { break };
            let mut reader = BufReader::new(clone);
            let mut line = String::new();
            let _ = reader.read_line(&mut line);
            let mut authorization = None;
            loop {
                let mut header = String::new();
                match reader.read_line(&mut header) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if header == "\r\n" => break,
                    Ok(_) => {
                        if let Some((name, value)) = header.split_once(':')
                            && name.eq_ignore_ascii_case("authorization")
                        {
                            authorization = Some(value.trim().to_string());
                        }
                    }
                }
            }
            seen.push(Seen {
                line: line.trim().to_string(),
                authorization,
            });
            match answer {
                Answer::Status(status, headers, body) => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n{headers}\r\n{body}",
                        body.len()
                    );
                    let _ = stream.flush();
                }
                // Keep it open (and silent) until the script ends.
                Answer::Silence => held.push(stream),
                Answer::CutShort => {
                    let _ = write!(
                        stream,
                        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"ok\": tru"
                    );
                    let _ = stream.flush();
                }
            }
        }
        if !held.is_empty() {
            // Longer than any timeout the tests set, so that the client gives up first.
            thread::sleep(Duration::from_secs(1));
        }
        drop(held);
        seen
    });
    (format!("http://127.0.0.1:{port}"), handle)
}

fn config(attempts: u32) -> HttpConfig {
    HttpConfig {
        connect_timeout: Duration::from_secs(2),
        timeout: Duration::from_secs(5),
        attempts,
        backoff: Duration::from_millis(20),
        max_wait: Duration::from_secs(5),
    }
}

fn client(config: HttpConfig, auth: Auth) -> Client {
    Client::new(config, auth, &[]).unwrap_or_else(|e| panic!("{e}"))
}

fn seen(handle: thread::JoinHandle<Vec<Seen>>) -> Vec<Seen> {
    handle
        .join()
        .unwrap_or_else(|_| panic!("the scripted server panicked"))
}

const OK: Answer = Answer::Status(200, "", r#"{"ok":true}"#);

#[test]
fn a_429_with_retry_after_is_waited_out_then_retried() {
    let (origin, handle) = serve(vec![
        Answer::Status(429, "Retry-After: 1\r\n", r#"{"detail":"slow down"}"#),
        OK,
    ]);
    let started = Instant::now();
    let answer: serde_json::Value = client(config(3), Auth::None)
        .get_json(&format!("{origin}/v2/Users"), &[("count", "2".to_string())])
        .unwrap_or_else(|e| panic!("{e}"));
    let waited = started.elapsed();
    assert_eq!(answer["ok"], true);
    // The server asked for a second; the client's own backoff is 20 ms.
    assert!(waited >= Duration::from_millis(950), "{waited:?}");
    let seen = seen(handle);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[1].line, "GET /v2/Users?count=2 HTTP/1.1");
}

#[test]
fn a_connection_broken_while_the_body_is_read_is_retried() {
    let (origin, handle) = serve(vec![Answer::CutShort, OK]);
    let answer: serde_json::Value = client(config(3), Auth::None)
        .get_json(&format!("{origin}/x"), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer["ok"], true);
    assert_eq!(seen(handle).len(), 2);

    // Broken every time: a transport error that counts every attempt.
    let (origin, handle) = serve(vec![Answer::CutShort, Answer::CutShort]);
    let err = client(config(2), Auth::None)
        .get_json::<serde_json::Value>(&format!("{origin}/x"), &[])
        .err()
        .unwrap_or_else(|| panic!("a broken body was accepted"));
    let text = err.to_string();
    assert!(
        text.starts_with(&format!("{origin}/x: reading the answer failed: "))
            && text.ends_with("(after 2 attempt(s))"),
        "{text}"
    );
    assert_eq!(seen(handle).len(), 2);
}

#[test]
fn a_503_is_retried() {
    let (origin, handle) = serve(vec![Answer::Status(503, "", "busy"), OK]);
    let answer: serde_json::Value = client(config(3), Auth::None)
        .get_json(&format!("{origin}/x"), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(answer["ok"], true);
    assert_eq!(seen(handle).len(), 2);
}

#[test]
fn an_endless_500_gives_up_after_the_attempts_with_the_status() {
    let fail = Answer::Status(500, "", "internal error\nat line 3");
    let (origin, handle) = serve(vec![fail.clone(), fail.clone(), fail]);
    let result = client(config(3), Auth::None).get_json::<serde_json::Value>(
        &format!("{origin}/v2/Users"),
        &[("startIndex", "1".to_string())],
    );
    let Err(e) = result else {
        panic!("a 500 was taken for an answer")
    };
    assert!(matches!(
        e,
        HttpError::Status {
            status: 500,
            attempts: 3,
            ..
        }
    ));
    assert_eq!(
        e.to_string(),
        format!("{origin}/v2/Users: HTTP 500 after 3 attempt(s): internal error at line 3")
    );
    assert_eq!(seen(handle).len(), 3);
}

#[test]
fn a_retry_after_longer_than_the_longest_wait_is_cut_short() {
    let (origin, handle) = serve(vec![Answer::Status(429, "Retry-After: 3600\r\n", ""), OK]);
    let mut config = config(2);
    config.max_wait = Duration::from_millis(100);
    let started = Instant::now();
    client(config, Auth::None)
        .get_json::<serde_json::Value>(&format!("{origin}/x"), &[])
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(seen(handle).len(), 2);
}

#[test]
fn a_server_that_never_answers_times_out() {
    let (origin, handle) = serve(vec![Answer::Silence, Answer::Silence]);
    let mut config = config(2);
    config.timeout = Duration::from_millis(300);
    let started = Instant::now();
    let result =
        client(config, Auth::None).get_json::<serde_json::Value>(&format!("{origin}/x"), &[]);
    let Err(e) = result else {
        panic!("silence was taken for an answer")
    };
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "{:?}",
        started.elapsed()
    );
    assert!(
        matches!(e, HttpError::Transport { attempts: 2, .. }),
        "{e:?}"
    );
    let text = e.to_string();
    assert!(
        text.starts_with(&format!("{origin}/x: ")) && text.ends_with(" (after 2 attempt(s))"),
        "{text}"
    );
    assert!(text.contains("timed out"), "{text}");
    assert_eq!(seen(handle).len(), 2);
}

#[test]
fn refused_credentials_are_not_retried_and_the_secret_stays_out_of_the_error() {
    let token = "tok-very-secret-3141";
    for (status, hint) in [
        (401, "(401: missing or wrong credentials)"),
        (403, "(403: the credentials lack permission)"),
    ] {
        let (origin, handle) = serve(vec![Answer::Status(status, "", r#"{"detail":"no"}"#), OK]);
        let result = client(config(5), Auth::Bearer(Secret::new(token)))
            .get_json::<serde_json::Value>(&format!("{origin}/v2/Users"), &[]);
        let Err(e) = result else {
            panic!("{status} was taken for an answer")
        };
        assert_eq!(
            e.to_string(),
            format!(
                "{origin}/v2/Users: the server refused the credentials (HTTP {status}); check the token or user and password {hint}"
            )
        );
        assert!(!format!("{e:?}").contains(token));
        // The scripted server gets its second connection from nobody: stop it with one.
        let _ = TcpStream::connect(origin.trim_start_matches("http://"));
        let seen = seen(handle);
        assert_eq!(
            seen[0].authorization.as_deref(),
            Some(&*format!("Bearer {token}"))
        );
        // One attempt only (the second "request" is the empty connection above).
        assert_eq!(seen[1].line, "");
    }
}

#[test]
fn a_password_in_basic_auth_or_the_url_is_never_shown() {
    let (origin, handle) = serve(vec![Answer::Status(500, "", "")]);
    let url = origin.replace("http://", "http://alice:url-password-2718@");
    let auth = Auth::Basic {
        user: "alice".to_string(),
        password: Secret::new("basic-password-1618"),
    };
    let result = client(config(1), auth.clone())
        .get_json::<serde_json::Value>(&format!("{url}/x?token=query-secret-42"), &[]);
    let Err(e) = result else {
        panic!("a 500 was taken for an answer")
    };
    let shown = format!("{e} {e:?} {auth:?}");
    for secret in [
        "url-password-2718",
        "basic-password-1618",
        "query-secret-42",
    ] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert_eq!(
        e.to_string(),
        format!("{origin}/x: HTTP 500 after 1 attempt(s)")
    );
    assert_eq!(format!("{:?}", Secret::new("s")), "Secret(***)");
    assert_eq!(seen(handle).len(), 1);
}

#[test]
fn nobody_listening_is_a_transport_error_after_the_attempts() {
    // A port that was free a moment ago, with nobody listening.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .unwrap_or_else(|e| panic!("cannot bind: {e}"))
        .port();
    let result = client(config(2), Auth::None)
        .get_json::<serde_json::Value>(&format!("http://127.0.0.1:{port}/x"), &[]);
    let Err(e) = result else {
        panic!("nobody answered, yet an answer")
    };
    let text = e.to_string();
    assert!(
        matches!(e, HttpError::Transport { attempts: 2, .. }),
        "{e:?}"
    );
    assert!(
        text.starts_with(&format!("http://127.0.0.1:{port}/x: ")) && text.contains("onnect"),
        "{text}"
    );
}

#[test]
fn urls_in_messages_lose_user_info_and_query_even_when_they_do_not_parse() {
    use skillreg_http::display_url;
    assert_eq!(
        display_url("https://svc:S3CRET@lrs.example.se/xAPI?token=abc"),
        "https://lrs.example.se/xAPI"
    );
    // Port out of range: the URL does not parse, the password must still go.
    assert_eq!(
        display_url("https://svc:S3CRET@lrs.example.se:99999/xAPI?x=1"),
        "https://lrs.example.se:99999/xAPI"
    );
    assert_eq!(display_url("svc:S3CRET@host"), "host");
}
