//! Paging against a scripted LRS on loopback (the real one cannot be made to misbehave): every
//! request gets the next page of a script, each with a new `more` link.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use skillreg_http::{Auth, HttpConfig};
use skillreg_xapi::XapiConfig;

use crate::{id, mapping, read};

/// Serves `page(n)` as the body of the n-th request (from 0), for at most `limit` requests,
/// and returns the endpoint root and the number of requests answered so far.
fn serve(
    limit: usize,
    page: impl Fn(usize) -> String + Send + 'static,
) -> (String, Arc<AtomicUsize>) {
    let listener =
        TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("cannot bind 127.0.0.1: {e}"));
    let port = listener
        .local_addr()
        .unwrap_or_else(|e| panic!("no local address: {e}"))
        .port();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&count);
    thread::spawn(move || {
        for n in 0..limit {
            let Ok((mut stream, _)) = listener.accept() else {
                break;
            };
            let Ok(clone) = stream.try_clone() else { break };
            let mut reader = BufReader::new(clone);
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line == "\r\n" => break,
                    Ok(_) => {}
                }
            }
            // Counted before the answer is written, so that a client which has its answer
            // always finds the request counted.
            counted.fetch_add(1, Ordering::SeqCst);
            let body = page(n);
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.flush();
        }
    });
    (format!("http://127.0.0.1:{port}/xAPI"), count)
}

fn config(base: &str) -> XapiConfig {
    XapiConfig {
        http: HttpConfig {
            attempts: 1,
            ..HttpConfig::default()
        },
        ..XapiConfig::new(base, Auth::None)
    }
}

/// A completion by Anna of LC-HANDL, statement `n`.
fn statement(n: u32) -> String {
    format!(
        r#"{{"id":"{}","actor":{{"account":{{"homePage":"https://lms.example.se","name":"10023"}}}},"verb":{{"id":"http://adlnet.gov/expapi/verbs/completed"}},"object":{{"id":"https://lms.example.se/course/lifecare-handl"}},"timestamp":"2026-11-16T10:15:00+01:00","stored":"2026-11-16T09:15:0{n}.000000+00:00"}}"#,
        id(n)
    )
}

#[test]
fn empty_pages_with_ever_new_more_links_end_the_fetch() {
    let (base, asked) = serve(1000, |n| match n {
        0 => format!(
            r#"{{"statements":[{},{}],"more":"/xAPI/statements?page=1"}}"#,
            statement(1),
            statement(2)
        ),
        n => format!(
            r#"{{"statements":[],"more":"/xAPI/statements?page={}"}}"#,
            n + 1
        ),
    });
    let fetched = read(&config(&base), &mapping(), None).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((fetched.n_statements, fetched.n_pages), (2, 2));
    assert_eq!(asked.load(Ordering::SeqCst), 2);
    assert_eq!(fetched.people.len(), 1);
    assert_eq!(
        fetched.watermark.map(|w| w.value).as_deref(),
        Some("2026-11-16T09:15:02.000000+00:00")
    );
}

#[test]
fn pages_repeating_what_was_read_are_an_error() {
    let (base, asked) = serve(1000, |n| {
        format!(
            r#"{{"statements":[{}],"more":"/xAPI/statements?page={}"}}"#,
            statement(1),
            n + 1
        )
    });
    let e = read(&config(&base), &mapping(), None)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        e,
        Some(format!(
            "{base}/statements: the LRS answered something that is not an xAPI statement result: it holds only statements already read on earlier pages: the LRS pages in a circle"
        ))
    );
    assert_eq!(asked.load(Ordering::SeqCst), 2);
}
