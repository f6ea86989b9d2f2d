//! Compiling the interpreter's patterns cheaply. The words are folded to
//! lowercase ASCII before any rule runs, so Unicode word, space and digit
//! classes buy nothing there, and they cost: a pattern with Unicode `\b`
//! and `\w` takes about 40 times longer to compile, which every process
//! pays at start-up. Patterns are written plainly and made ASCII here.

use regex::{Regex, RegexSet};

/// `pattern` with `\b`, `\w`, `\s` and `\d` as their ASCII forms: the same
/// matches on ASCII text, and a fraction of the compile time.
pub fn ascii(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 32);
    let mut chars = pattern.chars().peekable();
    // Depth of character classes (`[a[bc]]` nests).
    let mut class = 0usize;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push('\\');
                    break;
                };
                match (class > 0, next) {
                    (false, 'b') => out.push_str(r"(?-u:\b)"),
                    (false, 'B') => out.push_str(r"(?-u:\B)"),
                    (false, 'w') => out.push_str(r"(?-u:\w)"),
                    (false, 's') => out.push_str(r"(?-u:\s)"),
                    (false, 'd') => out.push_str("[0-9]"),
                    (true, 'w') => out.push_str("0-9A-Za-z_"),
                    (true, 's') => out.push_str(r"\t\n\x0B\x0C\r "),
                    (true, 'd') => out.push_str("0-9"),
                    _ => {
                        out.push('\\');
                        out.push(next);
                    }
                }
            }
            '[' => {
                out.push('[');
                class += 1;
                // A `]` right after `[` or `[^` is a literal.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().expect("peeked"));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().expect("peeked"));
                }
            }
            ']' if class > 0 => {
                out.push(']');
                class -= 1;
            }
            other => out.push(other),
        }
    }
    out
}

/// [`Regex::new`] for a rule's pattern, made ASCII first.
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&ascii(pattern))
}

/// A rule's pattern, compiled as ASCII. Patterns are the program's own:
/// one that does not compile is a bug, caught by the first test that runs it.
pub fn compile(pattern: &str) -> Regex {
    Regex::new(&ascii(pattern)).unwrap_or_else(|e| panic!("rule pattern {pattern}: {e}"))
}

pub fn compile_set(patterns: &[String]) -> RegexSet {
    RegexSet::new(patterns.iter().map(|p| ascii(p))).unwrap_or_else(|e| panic!("rule patterns: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_become_ascii_outside_and_inside_brackets() {
        assert_eq!(ascii(r"\bfoo\w+\s*\d"), r"(?-u:\b)foo(?-u:\w)+(?-u:\s)*[0-9]");
        assert_eq!(ascii(r"[\w.-]+[^\s,]"), r"[0-9A-Za-z_.-]+[^\t\n\x0B\x0C\r ,]");
        assert_eq!(ascii(r"[]\d]\.\$\\b"), r"[]0-9]\.\$\\b");
        assert_eq!(ascii(r"[a[:alpha:]\d]x\d"), r"[a[:alpha:]0-9]x[0-9]");
    }

    #[test]
    fn ascii_patterns_match_as_before_on_folded_text() {
        let texts = [
            "we run 2 instances, maybe 3",
            "p95 < 200ms; alerting at 80%",
            "fly.io in fra",
        ];
        for p in [
            r"\b\d+\s+instances?\b",
            r"\b(?:maybe|perhaps)\b",
            r"[\w.]+\s+in\s+\w+",
            r"\d+\s*ms\b",
        ] {
            let unicode = Regex::new(p).unwrap();
            let plain = compile(p);
            for t in texts {
                let a: Vec<_> = unicode.find_iter(t).map(|m| m.range()).collect();
                let b: Vec<_> = plain.find_iter(t).map(|m| m.range()).collect();
                assert_eq!(a, b, "{p} on {t}");
            }
        }
    }
}
