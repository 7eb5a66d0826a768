//! `make fuzz` (and a short pass in `make test`): mutation fuzzing of every parser in `src/core` and
//! model-based fuzzing of the protocol engine, natively, with no fuzzing crate. Each target starts
//! from its committed seeds (`tests/fuzz/corpus/<target>/`), mutates them, and counts executions,
//! panics and broken properties; any panic or broken property fails the run and prints the input.
//!
//! `FUZZ_RUNS` executions per target (10,000 unless set), `FUZZ_SEED` the mutation seed,
//! `FUZZ_ONLY` a target name; `FUZZ_INPUT` (hex) runs one input, and `FUZZ_TRACE=1` prints what the
//! engine target fed and got.

mod engine;
mod parsers;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// One fuzz target: `Err` names a broken property; a panic is counted apart.
pub struct Target {
    pub name: &'static str,
    pub run: fn(&[u8]) -> Result<(), String>,
}

/// xorshift64*: reproducible mutations from `FUZZ_SEED`.
pub struct Rng(u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// Fragments the parsers care about, spliced in so that mutations reach past the first check.
const DICTIONARY: &[&[u8]] = &[
    b"\"",
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b",",
    b"\\u00",
    b"\\",
    b"%",
    b"%2",
    b"&",
    b"=",
    b"?",
    b"#",
    b".",
    b"-",
    b"e308",
    b"1e",
    b"-0",
    b"null",
    b"true",
    b"\"state\":\"",
    b"\"code\":\"",
    b"\"type\":\"",
    b"https://",
    b"authorization_response",
    b"access_token",
    b"expires_in",
    b"id_token",
    b"refresh_token",
    b"\xff",
    b"\xc3",
    b"\xe6\xb5",
    b"\0",
    b"\t",
    b"eyJ",
    b"==",
    b"RS256",
    b"HS256",
    b"none",
    b"kid",
];

fn mutate(rng: &mut Rng, corpus: &[Vec<u8>]) -> Vec<u8> {
    let mut data = corpus[rng.below(corpus.len())].clone();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(data.len() + 1);
        match rng.below(7) {
            0 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] ^= 1 << rng.below(8);
            }
            1 => data.insert(at, rng.next_u64() as u8),
            2 if !data.is_empty() => {
                let end = (at + 1 + rng.below(16)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(32)).min(data.len());
                let piece = data[start..end].to_vec();
                data.splice(at..at, piece);
            }
            4 => {
                let other = &corpus[rng.below(corpus.len())];
                let from = rng.below(other.len() + 1);
                data.truncate(at);
                data.extend_from_slice(&other[from..]);
            }
            5 if !data.is_empty() => {
                let i = rng.below(data.len());
                data[i] = rng.next_u64() as u8;
            }
            _ => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())];
                data.splice(at..at, word.iter().copied());
            }
        }
    }
    data.truncate(4096);
    data
}

fn corpus(name: &str) -> Vec<Vec<u8>> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz/corpus").join(name);
    let mut seeds: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    seeds.sort();
    seeds.push(Vec::new());
    seeds
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name).ok().and_then(|v| v.replace('_', "").parse().ok()).unwrap_or(default)
}

fn main() {
    let runs = env_number("FUZZ_RUNS", 10_000);
    let seed = env_number("FUZZ_SEED", 0x5eed_1234_abcd_0001);
    let only = std::env::var("FUZZ_ONLY").ok();
    let replay = std::env::var("FUZZ_INPUT").ok().map(|hex| {
        (0..hex.len() / 2).map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap()).collect::<Vec<u8>>()
    });
    // Panics are counted, not printed as they happen.
    std::panic::set_hook(Box::new(|_| {}));
    let mut targets = parsers::targets();
    targets.push(engine::TARGET);
    let mut failed = false;
    println!("{:<18} {:>11} {:>7} {:>11} {:>8}", "target", "executions", "panics", "properties", "seconds");
    for target in targets.iter().filter(|t| only.as_deref().is_none_or(|o| o == t.name)) {
        let corpus = match &replay {
            Some(input) => vec![input.clone()],
            None => corpus(target.name),
        };
        let mut rng = Rng(seed ^ target.name.bytes().fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(b as u64)));
        let (mut panics, mut broken, started) = (0u64, 0u64, Instant::now());
        let mut first: Option<(Vec<u8>, String)> = None;
        for i in 0..runs {
            let input = if (i as usize) < corpus.len() || replay.is_some() {
                corpus[i as usize % corpus.len()].clone()
            } else {
                mutate(&mut rng, &corpus)
            };
            let outcome = catch_unwind(AssertUnwindSafe(|| (target.run)(&input)));
            let problem = match outcome {
                Ok(Ok(())) => None,
                Ok(Err(property)) => {
                    broken += 1;
                    Some(property)
                }
                Err(panic) => {
                    panics += 1;
                    let text = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
                    Some(format!("panic: {}", text.unwrap_or_default()))
                }
            };
            if let (Some(problem), None) = (problem, &first) {
                first = Some((input, problem));
            }
        }
        let seconds = started.elapsed().as_secs_f64();
        println!("{:<18} {:>11} {:>7} {:>11} {:>8.1}", target.name, runs, panics, broken, seconds);
        if let Some((input, problem)) = first {
            failed = true;
            let hex: String = input.iter().map(|b| format!("{b:02x}")).collect();
            println!("  first: {problem}\n  input (hex; FUZZ_INPUT=<hex> FUZZ_TRACE=1 replays it): {hex}");
        }
    }
    if failed {
        std::process::exit(1);
    }
}
