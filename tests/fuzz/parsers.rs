//! Every parser of `src/core`, each with the properties that must hold for any input.

use crate::Target;
use authing_wasm::core::callback::{self, Callback};
use authing_wasm::core::config::{Config, Options};
use authing_wasm::core::id_token::{check_claims, Claims, Expected, Jwt};
use authing_wasm::core::poll::{self, Poll, Step};
use authing_wasm::core::token::{Session, MAX_LIFETIME_MS};
use authing_wasm::core::transaction::Transaction;
use authing_wasm::core::value::Value;
use authing_wasm::core::{base64url, envelope, jws, url, web_message};

const NOW: f64 = 1_700_000_000_000.0;

fn text(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

fn ensure(holds: bool, property: &str) -> Result<(), String> {
    if holds {
        Ok(())
    } else {
        Err(property.to_string())
    }
}

/// An object to read fields from: the input as JSON, or nothing.
fn object(data: &[u8]) -> Option<Value> {
    Value::object(&text(data))
}

fn json(data: &[u8]) -> Result<(), String> {
    let Some(value) = Value::parse(&text(data)) else { return Ok(()) };
    let mut written = String::new();
    value.write(&mut written);
    ensure(Value::parse(&written).as_ref() == Some(&value), "what is written reads back as the same value")
}

fn base64(data: &[u8]) -> Result<(), String> {
    ensure(base64url::decode(&base64url::encode(data)).as_deref() == Some(data), "decode(encode(x)) == x")?;
    if let Some(bytes) = base64url::decode(&text(data)) {
        ensure(bytes.len() <= data.len(), "decoding never grows")?;
    }
    Ok(())
}

fn urls(data: &[u8]) -> Result<(), String> {
    let s = text(data);
    ensure(url::decode(&url::encode(&s)) == s, "decode(encode(x)) == x")?;
    let (base, query, fragment) = url::split(&s);
    ensure(base.len() + query.len() + fragment.len() <= s.len(), "split keeps within the URL")?;
    for (k, v) in url::parse_pairs(query) {
        ensure(k.len() + v.len() <= query.len() * 3, "pairs come from the query")?;
    }
    if let Some(origin) = url::origin(&s) {
        ensure(origin.starts_with("https://") || origin.starts_with("http://"), "an origin is http(s)")?;
        let authority = origin.split_once("://").map_or("", |(_, rest)| rest);
        ensure(!authority.contains(['/', '?', '#', '@']), "an origin has no path, query, fragment or user")?;
    }
    Ok(())
}

/// What `from_url` read as a callback, `strip` removes: nothing of it stays in the address bar.
fn callback_url(data: &[u8]) -> Result<(), String> {
    let s = text(data);
    if Callback::from_url(&s).is_some() {
        let stripped = callback::strip(&s);
        ensure(Callback::from_url(&stripped).is_none(), "the stripped URL is no callback")?;
    }
    Ok(())
}

fn jwt(data: &[u8]) -> Result<(), String> {
    let s = text(data);
    let Ok(jwt) = Jwt::split(&s) else { return Ok(()) };
    ensure(s.starts_with(jwt.signing_input), "the signing input is the token's start")?;
    if let Some(header) = Value::object(&jwt.header) {
        let _ = jws::Header::read(&header).map(|h| h.alg.web_crypto());
    }
    if let Some(payload) = Value::object(&jwt.payload) {
        let claims = Claims::read(&payload);
        let expected = Expected {
            issuer: "https://x.authing.cn/oidc",
            client_id: "app1",
            nonce: Some("n1"),
            max_age_s: Some(60.0),
            now_ms: NOW,
            leeway_ms: 60_000.0,
            skew_ms: 300_000.0,
        };
        if check_claims(&claims, &expected).is_ok() {
            ensure(claims.nonce == Some("n1"), "an accepted token has our nonce")?;
            ensure(claims.aud.contains(&"app1"), "an accepted token is for us")?;
            ensure(claims.exp.is_some_and(|e| e * 1000.0 + 360_000.0 > NOW), "an accepted token is not expired")?;
        }
    }
    Ok(())
}

fn keys(data: &[u8]) -> Result<(), String> {
    let Some(set) = object(data) else { return Ok(()) };
    let keys = set.get("keys").map_or(&[][..], Value::items);
    if let Some(i) = jws::select_key(keys, Some("k1"), "RSA") {
        ensure(i < keys.len(), "the chosen key is one of the set")?;
    }
    let _ = jws::select_key(keys, None, "EC");
    Ok(())
}

fn message(data: &[u8]) -> Result<(), String> {
    let expected = web_message::Expected { origin: "https://x.authing.cn", state: "s1" };
    let origins = ["https://x.authing.cn", "https://evil.test", "null", ""];
    let origin = origins[data.first().map_or(0, |b| *b as usize % origins.len())];
    for from_window in [true, false] {
        let accepted = web_message::accept(origin, from_window, object(data.get(1..).unwrap_or_default()), &expected);
        if let Ok(cb) = accepted {
            ensure(origin == expected.origin && from_window && cb.state == "s1", "only the genuine message counts")?;
        }
    }
    Ok(())
}

fn token(data: &[u8]) -> Result<(), String> {
    let Some(answer) = object(data) else { return Ok(()) };
    if let Ok(session) = Session::from_answer(&answer, NOW, |_| None) {
        let life = session.expires_at - NOW;
        ensure(life > 0.0 && life <= MAX_LIFETIME_MS, "a session lives for a sane, capped time")?;
        let stored = session.to_json();
        let read = Value::object(&stored).and_then(|v| Session::read(&v));
        // Stored to the millisecond.
        let session = Session { expires_at: session.expires_at.trunc(), ..session };
        ensure(read.as_ref() == Some(&session), "a stored session reads back the same")?;
    }
    if let Some(session) = Session::read(&answer) {
        ensure(!session.access_token.is_empty(), "a stored session has a token")?;
    }
    Ok(())
}

fn options(data: &[u8]) -> Result<(), String> {
    let Some(options) = object(data) else { return Ok(()) };
    if let Ok(config) = Config::new(Options::read(&options)) {
        let origin = config.provider_origin();
        ensure(url::origin(&origin).as_deref() == Some(origin.as_str()), "the provider is an origin")?;
        ensure(!origin.ends_with('.'), "no trailing dot")?;
    }
    let _ = Transaction::read(&options).map(|tx| tx.is_usable(NOW));
    let _ = envelope::data(&options);
    Ok(())
}

/// The QR/push poller, fed the input as a sequence of events: one request at a time, and once it is
/// done it stays done.
fn polling(data: &[u8]) -> Result<(), String> {
    let (mut poll, _) = Poll::start(1000.0, 60_000.0, NOW, data.first().is_some_and(|b| b & 1 == 1));
    let (mut now, mut in_flight, mut done) = (NOW, false, false);
    let statuses = ["PENDING", "SCANNED", "AUTHORIZED", "CANCELLED", "EXPIRED", "ERROR", "?"];
    for pair in data.chunks(2) {
        let (kind, arg) = (pair[0], *pair.get(1).unwrap_or(&0));
        now += f64::from(arg) * 100.0;
        let event = match kind % 7 {
            0 => poll::Event::Timer,
            1 if in_flight => poll::Event::Answer(statuses[arg as usize % statuses.len()]),
            2 if in_flight => poll::Event::Retryable {
                retry_after_ms: (arg & 1 == 1).then_some(f64::from(arg) * 1000.0),
                jitter: f64::from(arg) / 256.0,
            },
            3 => poll::Event::Hidden,
            4 => poll::Event::Visible,
            5 => poll::Event::Cancel,
            _ => continue,
        };
        let answered = matches!(event, poll::Event::Answer(_) | poll::Event::Retryable { .. });
        let step = poll.on(event, now);
        if answered {
            in_flight = false;
        }
        match step {
            Step::Request => {
                ensure(!in_flight && !done, "one request at a time, none after the end")?;
                in_flight = true;
            }
            Step::Wait(ms) => ensure(!done && ms.is_finite() && ms >= 0.0, "a sane wait")?,
            Step::Authorized | Step::Failed(_) => {
                ensure(!done, "it ends once")?;
                done = true;
            }
            Step::Pause | Step::Continue => {}
        }
    }
    Ok(())
}

pub fn targets() -> Vec<Target> {
    vec![
        Target { name: "json", run: json },
        Target { name: "base64url", run: base64 },
        Target { name: "url", run: urls },
        Target { name: "callback", run: callback_url },
        Target { name: "jwt", run: jwt },
        Target { name: "jwks", run: keys },
        Target { name: "web_message", run: message },
        Target { name: "token", run: token },
        Target { name: "options", run: options },
        Target { name: "polling", run: polling },
    ]
}
