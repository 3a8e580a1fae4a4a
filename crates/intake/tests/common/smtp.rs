//! A minimal SMTP listener on loopback that keeps every message, and readers for what it
//! kept.

use std::sync::atomic::Ordering::SeqCst;
use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A minimal SMTP listener that accepts every message and keeps its DATA.
pub async fn smtp_listener() -> (String, Arc<Mutex<Vec<String>>>) {
    smtp_listener_refusing(0).await
}

/// An SMTP listener that answers the first `refusals` messages "451 try again later" (and
/// keeps them too, in order), then accepts.
pub async fn smtp_listener_refusing(refusals: usize) -> (String, Arc<Mutex<Vec<String>>>) {
    let (url, messages, _) = listen(refusals, false).await;
    (url, messages)
}

/// A listener that offers SMTPUTF8 and 8BITMIME, and keeps every `MAIL FROM` line too.
pub async fn smtp_listener_utf8() -> (String, Arc<Mutex<Vec<String>>>, Arc<Mutex<Vec<String>>>) {
    listen(0, true).await
}

type Kept = Arc<Mutex<Vec<String>>>;

async fn listen(refusals: usize, utf8: bool) -> (String, Kept, Kept) {
    let refusals = Arc::new(std::sync::atomic::AtomicUsize::new(refusals));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("smtp://{}", listener.local_addr().unwrap());
    let messages = Arc::new(Mutex::new(Vec::new()));
    let mails_from = Arc::new(Mutex::new(Vec::new()));
    let (store, froms) = (Arc::clone(&messages), Arc::clone(&mails_from));
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let kept = (Arc::clone(&store), Arc::clone(&froms));
            tokio::spawn(smtp_session(socket, kept, Arc::clone(&refusals), utf8));
        }
    });
    (url, messages, mails_from)
}

/// One SMTP conversation: every DATA is kept; the first `refusals` are answered 451.
async fn smtp_session(
    socket: tokio::net::TcpStream,
    (store, mails_from): (Kept, Kept),
    refusals: Arc<std::sync::atomic::AtomicUsize>,
    utf8: bool,
) {
    let (read, mut write) = socket.into_split();
    let mut lines = BufReader::new(read).lines();
    write.write_all(b"220 test SMTP\r\n").await.unwrap();
    let mut in_data = false;
    let mut data = String::new();
    while let Ok(Some(line)) = lines.next_line().await {
        if in_data {
            if line == "." {
                in_data = false;
                store.lock().unwrap().push(std::mem::take(&mut data));
                let refuse = refusals
                    .fetch_update(SeqCst, SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                let reply: &[u8] = if refuse {
                    b"451 4.3.0 try again later\r\n"
                } else {
                    b"250 queued\r\n"
                };
                write.write_all(reply).await.unwrap();
            } else {
                data.push_str(&line);
                data.push('\n');
            }
            continue;
        }
        let verb = line
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" if utf8 => b"250-test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "EHLO" | "HELO" => b"250 test\r\n",
            "MAIL" => {
                mails_from.lock().unwrap().push(line.clone());
                b"250 ok\r\n"
            }
            "DATA" => {
                in_data = true;
                b"354 go on\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                return;
            }
            _ => b"250 ok\r\n",
        };
        write.write_all(reply).await.unwrap();
    }
}

/// A header's value in a raw message (unfolded), if present.
pub fn header(mail: &str, name: &str) -> Option<String> {
    let prefix = format!("{name}: ");
    let mut lines = mail.lines().skip_while(|l| !l.starts_with(&prefix));
    let first = lines.next()?.strip_prefix(&prefix)?.to_owned();
    let folded: String = lines
        .take_while(|l| l.starts_with(' ') || l.starts_with('\t'))
        .collect();
    Some(first + &folded)
}

/// Undoes the quoted-printable body encoding (soft line breaks and `=XX` bytes).
pub fn decode_quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let mut bytes = Vec::new();
    let raw = joined.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'=' && i + 2 < raw.len() {
            if let Ok(byte) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                bytes.push(byte);
                i += 3;
                continue;
            }
        }
        bytes.push(raw[i]);
        i += 1;
    }
    String::from_utf8_lossy(&bytes).into_owned()
}
