//! The bridge from the request's body (async frames) to the blocking reader the adapters take:
//! [`pump`] sends the body's chunks into a bounded channel, counting bytes against the limit;
//! [`BodyReader`] reads them on the registry's worker. At most [`CHUNKS`] chunks wait in the
//! channel, so memory does not grow with the body.

use std::io::{self, Read};
use std::pin::Pin;

use axum::body::{Body, Bytes, HttpBody};
use tokio::sync::mpsc;

/// How many chunks may wait between the connection and the sync engine.
pub(crate) const CHUNKS: usize = 16;

/// A blocking [`Read`] over the chunks [`pump`] sends; the end of the channel is the end of the
/// body, an error sent is the read's error.
pub(crate) struct BodyReader {
    chunks: mpsc::Receiver<Result<Bytes, io::Error>>,
    current: Bytes,
}

impl BodyReader {
    /// Reads what arrives on `chunks`.
    pub(crate) fn new(chunks: mpsc::Receiver<Result<Bytes, io::Error>>) -> BodyReader {
        BodyReader {
            chunks,
            current: Bytes::new(),
        }
    }
}

impl Read for BodyReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.current.is_empty() {
            match self.chunks.blocking_recv() {
                Some(Ok(chunk)) => self.current = chunk,
                Some(Err(e)) => return Err(e),
                None => return Ok(0),
            }
        }
        let n = buf.len().min(self.current.len());
        let head = self.current.split_to(n);
        buf[..n].copy_from_slice(&head);
        Ok(n)
    }
}

/// How the body's sending ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pumped {
    /// Sent whole, or the reader stopped reading (it had what it needed, or refused).
    Done,
    /// Over `limit` bytes: the reader was given an error and the rest was not read.
    TooLarge,
    /// The connection broke off.
    Broken,
}

/// Sends `body`'s chunks to `chunks` until its end, counting bytes against `limit`.
pub(crate) async fn pump(
    mut body: Body,
    chunks: mpsc::Sender<Result<Bytes, io::Error>>,
    limit: u64,
) -> Pumped {
    let mut n: u64 = 0;
    loop {
        let frame = std::future::poll_fn(|cx| Pin::new(&mut body).poll_frame(cx)).await;
        match frame {
            None => return Pumped::Done,
            Some(Err(e)) => {
                let message = format!("the request body broke off: {e}");
                let _ = chunks.send(Err(io::Error::other(message))).await;
                return Pumped::Broken;
            }
            Some(Ok(frame)) => {
                let Ok(data) = frame.into_data() else {
                    continue;
                };
                n = n.saturating_add(data.len() as u64);
                if n > limit {
                    let message = format!("the request body is over the limit of {limit} bytes");
                    let _ = chunks.send(Err(io::Error::other(message))).await;
                    return Pumped::TooLarge;
                }
                if chunks.send(Ok(data)).await.is_err() {
                    return Pumped::Done;
                }
            }
        }
    }
}
