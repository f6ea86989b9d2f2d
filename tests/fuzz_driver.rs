//! The short fuzz run of the suite: a structure-aware random driver over
//! the same entry points as the coverage-guided targets in `fuzz/`
//! (`scripts/fuzz` runs those for long). It mutates the examples the way
//! YAML and Markdown break — tokens, tabs, anchors and aliases, brackets,
//! line endings, lines spliced from elsewhere, values swapped for hostile
//! ones — and fails on a panic or on an input that takes too long.
//! `SHIPSPEC_FUZZ_SECONDS` sets the time (default 15); a failure prints
//! the seed and writes the input to replay.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EXAMPLES: [&str; 9] = [
    include_str!("../examples/fly-fastapi/shipspec.yaml"),
    include_str!("../examples/aws-terraform/shipspec.yaml"),
    include_str!("../examples/aws-cloudformation/shipspec.yaml"),
    include_str!("../examples/gcp-cloudrun/shipspec.yaml"),
    include_str!("../examples/azure-containerapps/shipspec.yaml"),
    include_str!("../examples/fly-axum/shipspec.yaml"),
    include_str!("../examples/fly-express-secure/shipspec.yaml"),
    include_str!("../examples/fly-go-manual/shipspec.yaml"),
    include_str!("../examples/fly-fastapi-prose/shipspec.yaml"),
];

const TOKENS: &[&str] = &[
    "\t",
    ": ",
    "- ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!tag ",
    "!!str ",
    "\"",
    "'",
    "|\n",
    ">-\n",
    "#",
    "\n",
    "\r",
    "\r\n",
    "---\n",
    "...\n",
    "? ",
    "<<: *a\n",
    "\\",
    "\u{feff}",
    "\u{0}",
    "~",
    "null",
    "-1",
    "1e309",
    "0x1F",
    "yes",
    "<!-- shipspec:end x -->",
    "```",
    "\n## ",
    "| a | b |\n|---|---|\n",
    "- [x] ",
];

const VALUES: &[&str] = &[
    "",
    "0",
    "-1",
    "4294967296",
    "99999999999999999999",
    "1.5",
    "true",
    "null",
    "[]",
    "{}",
    "\"\"",
    "AKIAIOSFODNN7EXAMPLE",
    "redis://:pw@h",
    "'${{ github.token }}'",
    "\"a\\u0000b\"",
    "&x [*x, *x]",
    "0s",
    "3650d",
    "3651d",
    "128mb",
    "1tb",
    "/health",
    "/",
    "../x",
    ".git/hooks/x",
    "\"#incidents\"",
    "{name: x, trigger: push}",
    "[iad, iad]",
    "ünïcödé",
    "\"\\t\"",
];

/// xorshift: small, deterministic, seeded and printed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn at_char(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate(rng: &mut Rng, text: &mut String) {
    let at = at_char(text, rng.below(text.len() + 1));
    match rng.below(7) {
        0 => text.insert_str(at, rng.pick(TOKENS)),
        1 => {
            let end = at_char(text, at + rng.below(40));
            text.replace_range(at..end, "");
        }
        2 => {
            // A line from another example, spliced in.
            let other = EXAMPLES[rng.below(EXAMPLES.len())];
            let lines: Vec<&str> = other.lines().collect();
            let line = lines[rng.below(lines.len())];
            text.insert_str(at, &format!("{line}\n"));
        }
        3 => {
            // A value after `: ` swapped for a hostile one.
            if let Some(colon) = text[at..].find(": ") {
                let start = at + colon + 2;
                let end = text[start..].find('\n').map_or(text.len(), |e| start + e);
                text.replace_range(start..end, rng.pick(VALUES));
            }
        }
        4 => {
            // Indentation changed on one line.
            let start = text[..at].rfind('\n').map_or(0, |n| n + 1);
            let pad = [" ", "  ", "\t", ""][rng.below(4)];
            text.insert_str(start, pad);
        }
        5 => {
            // A run of brackets or an alias repeated.
            let what = rng.pick(&["[", "{", "*a, ", "- "]);
            text.insert_str(at, &what.repeat(1 + rng.below(64)));
        }
        _ => {
            // One random byte-sized character.
            let c = char::from_u32(rng.below(0x250) as u32).unwrap_or('?');
            text.insert(at, c);
        }
    }
}

#[test]
fn random_hostile_inputs_never_panic_or_hang() {
    let seconds: u64 = std::env::var("SHIPSPEC_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(15);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    let runs = Arc::new(AtomicU64::new(0));
    let current = Arc::new(Mutex::new(String::new()));
    let worker = {
        let (runs, current) = (runs.clone(), current.clone());
        std::thread::spawn(move || {
            let mut rng = Rng(seed);
            let deadline = Instant::now() + Duration::from_secs(seconds);
            while Instant::now() < deadline {
                let mut text = EXAMPLES[rng.below(EXAMPLES.len())].to_owned();
                for _ in 0..1 + rng.below(8) {
                    mutate(&mut rng, &mut text);
                }
                *current.lock().unwrap() = text.clone();
                if rng.below(4) == 0 {
                    // The same text as the four spec files.
                    let specs = text.replacen("\n\n", "\0", 3);
                    shipspec::fuzzing::specs(specs.as_bytes());
                } else {
                    shipspec::fuzzing::answers(text.as_bytes());
                }
                runs.fetch_add(1, Ordering::Relaxed);
            }
        })
    };
    // A watchdog: an input that takes 10 s is a hang.
    let mut last = (0, Instant::now());
    while !worker.is_finished() {
        std::thread::sleep(Duration::from_millis(200));
        let now = runs.load(Ordering::Relaxed);
        if now != last.0 {
            last = (now, Instant::now());
        } else if last.1.elapsed() > Duration::from_secs(10) {
            let input = current.lock().map(|s| s.clone()).unwrap_or_default();
            let path = std::env::temp_dir().join(format!("shipspec-hang-{seed}.yaml"));
            std::fs::write(&path, &input).unwrap();
            panic!("seed {seed}: an input hangs (written to {})", path.display());
        }
    }
    if worker.join().is_err() {
        let input = current
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|p| p.into_inner().clone());
        let path = std::env::temp_dir().join(format!("shipspec-panic-{seed}.yaml"));
        std::fs::write(&path, &input).unwrap();
        panic!("seed {seed}: an input panics (written to {})", path.display());
    }
    let runs = runs.load(Ordering::Relaxed);
    eprintln!("fuzz driver: {runs} inputs in {seconds} s, seed {seed}, no panic, no hang");
    assert!(runs > 50, "only {runs} inputs ran");
}
