//! Where each key of the answers file stands, so that errors found after
//! deserializing (in resolve) can still name a line and column.

use std::collections::BTreeMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The longest scalar accepted: an answer is prose, not a pasted file.
pub const MAX_SCALAR_LEN: usize = 16 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Default)]
pub struct LocationIndex {
    /// Dotted path (`operations.deployment.environments[0].name`) → position
    /// of its key (or of the item, for sequence entries).
    positions: BTreeMap<String, Position>,
    /// Dotted path → position of its scalar value (where a value's own
    /// error, a secret or an over-long text, points).
    values: BTreeMap<String, Position>,
    /// Keys written twice in one mapping: path and the second position.
    pub duplicates: Vec<(String, Position)>,
}

impl LocationIndex {
    /// Indexes `source`. A YAML syntax error leaves the index partial; the
    /// deserializer reports the error itself. Only positions come from here:
    /// what a value says is judged on serde's side (`scan`), by the parser
    /// that decides what the answers are.
    pub fn build(source: &str) -> LocationIndex {
        let mut builder = Builder::default();
        // yaml-rust2 refuses a tab where libyaml allows one (`key:<TAB>1`).
        // A space in its place has the same offset, so positions still hold.
        let source = source.replace('\t', " ");
        let _ = Parser::new_from_str(&source).load(&mut builder, false);
        builder.index
    }

    /// The position of `path`, or of its nearest ancestor that is written.
    pub fn find(&self, path: &str) -> Option<Position> {
        let mut path = path;
        loop {
            if let Some(position) = self.positions.get(path) {
                return Some(*position);
            }
            let cut = path.rfind(['.', '['])?;
            path = &path[..cut];
        }
    }

    /// The position of the scalar value at `path`, else of its key.
    pub fn find_value(&self, path: &str) -> Option<Position> {
        self.values.get(path).copied().or_else(|| self.find(path))
    }

    /// Whether `path` itself (not an ancestor) is written in the file.
    pub fn contains(&self, path: &str) -> bool {
        self.positions.contains_key(path)
    }
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    index: LocationIndex,
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_owned()
    } else {
        format!("{parent}.{key}")
    }
}

fn position(mark: Marker) -> Position {
    Position {
        line: mark.line(),
        column: mark.col() + 1,
    }
}

impl Builder {
    /// The path of the value that starts now, advancing sequence counters.
    fn value_path(&mut self, mark: Marker) -> String {
        match self.stack.last_mut() {
            None => String::new(),
            Some(Frame::Map { path, key }) => join(path, key.as_deref().unwrap_or("?")),
            Some(Frame::Seq { path, next }) => {
                let item = format!("{path}[{next}]");
                *next += 1;
                self.index.positions.entry(item.clone()).or_insert(position(mark));
                item
            }
        }
    }

    /// After a value completes inside a mapping, the next scalar is a key.
    fn value_done(&mut self) {
        if let Some(Frame::Map { key, .. }) = self.stack.last_mut() {
            *key = None;
        }
    }

    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(text, ..) if self.expecting_key() => {
                if let Some(Frame::Map { path, key }) = self.stack.last_mut() {
                    let full = join(path, &text);
                    match self.index.positions.entry(full) {
                        std::collections::btree_map::Entry::Occupied(seen) => {
                            self.index.duplicates.push((seen.key().clone(), position(mark)));
                        }
                        std::collections::btree_map::Entry::Vacant(slot) => {
                            slot.insert(position(mark));
                        }
                    }
                    *key = Some(text);
                }
            }
            Event::Scalar(..) => {
                let path = self.value_path(mark);
                self.index.values.entry(path).or_insert(position(mark));
                self.value_done();
            }
            Event::Alias(_) => {
                self.value_path(mark);
                self.value_done();
            }
            Event::MappingStart(..) => {
                let path = self.value_path(mark);
                self.stack.push(Frame::Map { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.value_path(mark);
                self.stack.push(Frame::Seq { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_keys_and_items() {
        let src = "version: 1\nproject:\n  name: x\nops:\n  envs:\n    - name: a\n    - {name: b}\n";
        let index = LocationIndex::build(src);
        assert_eq!(index.find("version"), Some(Position { line: 1, column: 1 }));
        assert_eq!(index.find("project.name"), Some(Position { line: 3, column: 3 }));
        assert_eq!(
            index.find("ops.envs[1].name"),
            Some(Position { line: 7, column: 8 })
        );
        // Unwritten leaf: falls back to the nearest written ancestor.
        assert_eq!(index.find("project.port"), Some(Position { line: 2, column: 1 }));
        assert!(!index.contains("project.port"));
    }
}
