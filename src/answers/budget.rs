//! The input budget: how large, how deep and how far aliases may expand an
//! answers file. An answers file is a page of prose and a few dozen
//! fields; anything far beyond that is a mistake or an attack, and is
//! refused while loading, before it costs memory or time.

use std::io::Read as _;
use std::path::Path;

/// The largest answers file read (the example is about 5 KiB).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// The deepest nesting of mappings and sequences (the schema needs 5).
pub const MAX_DEPTH: usize = 32;
/// Text and nodes after aliases are expanded: the same as the file may
/// hold, so an alias can repeat a value but never multiply the file.
pub const MAX_EXPANDED: usize = MAX_FILE_BYTES;

/// What is over budget, as a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Over {
    Size,
    Depth,
    Expansion,
}

impl Over {
    pub fn message(&self) -> String {
        match self {
            Over::Size => format!(
                "the answers file is larger than {} KiB, the most shipspec reads",
                MAX_FILE_BYTES / 1024
            ),
            Over::Depth => format!("this value is nested more than {MAX_DEPTH} levels deep"),
            Over::Expansion => format!("aliases here expand the file beyond {} KiB", MAX_EXPANDED / 1024),
        }
    }

    pub fn hint(&self) -> &'static str {
        match self {
            Over::Size => "answers are prose and a few fields: keep long documents in the specs",
            Over::Depth => "no answer nests that deep: see docs/answers.md for the file's shape",
            Over::Expansion => "write the value out where it is used instead of repeating an alias",
        }
    }
}

/// Reads at most [`MAX_FILE_BYTES`] + 1 bytes: a larger file (or an endless
/// one, `/dev/zero`) is over budget without being read whole.
pub fn read(path: &Path) -> std::io::Result<Result<Vec<u8>, Over>> {
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(if bytes.len() > MAX_FILE_BYTES {
        Err(Over::Size)
    } else {
        Ok(bytes)
    })
}

/// The byte offset where flow brackets (`[`, `{`) first nest deeper than
/// [`MAX_DEPTH`], counting every bracket. The YAML parser's cost grows with
/// the square of flow nesting, so this cheap, conservative count runs
/// before it; brackets inside quoted text are counted too, which only
/// matters for text no answer holds.
pub fn flow_too_deep(source: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (at, byte) in source.bytes().enumerate() {
        match byte {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(at);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flow_depth_counts_brackets() {
        assert_eq!(flow_too_deep("a: [[1], {b: [2]}]\n"), None);
        let deep = format!("a: {}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(flow_too_deep(&deep), Some(3 + MAX_DEPTH));
    }

    #[test]
    fn reads_no_more_than_the_budget() {
        #[cfg(unix)]
        assert_eq!(read(Path::new("/dev/zero")).unwrap(), Err(Over::Size));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "version: 1\n").unwrap();
        assert_eq!(read(&path).unwrap(), Ok(b"version: 1\n".to_vec()));
    }
}
