//! Line endings as the file has them. Renders, base copies, merges and the
//! lock's hashes are all in `\n`; a file on disk written with `\r\n` (or a
//! lone `\r`) is read as `\n` and written back with its own ending, so a
//! CRLF checkout is neither rewritten whole nor seen as edited.

use std::borrow::Cow;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Eol {
    #[default]
    Lf,
    Crlf,
    Cr,
}

impl Eol {
    /// The ending of the file's first line break (a file with none is `\n`).
    pub fn of(text: &str) -> Eol {
        match text.find(['\r', '\n']) {
            Some(i) if text[i..].starts_with("\r\n") => Eol::Crlf,
            Some(i) if text.as_bytes()[i] == b'\r' => Eol::Cr,
            _ => Eol::Lf,
        }
    }

    /// `lf` (with `\n` endings) with this ending.
    pub fn apply(self, lf: &str) -> Cow<'_, str> {
        match self {
            Eol::Lf => lf.into(),
            Eol::Crlf => lf.replace('\n', "\r\n").into(),
            Eol::Cr => lf.replace('\n', "\r").into(),
        }
    }
}

/// `text` with every line break as `\n`.
pub fn to_lf(text: &str) -> Cow<'_, str> {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n").into()
    } else {
        text.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_files_own_ending() {
        for (text, eol) in [
            ("a\r\nb\r\n", Eol::Crlf),
            ("a\rb\r", Eol::Cr),
            ("a\nb\n", Eol::Lf),
            ("a", Eol::Lf),
        ] {
            assert_eq!(Eol::of(text), eol, "{text:?}");
            assert_eq!(eol.apply(&to_lf(text)), text);
        }
        // Mixed endings come back as the first one, everywhere.
        assert_eq!(
            Eol::of("a\r\nb\nc\r\n").apply(&to_lf("a\r\nb\nc\r\n")),
            "a\r\nb\r\nc\r\n"
        );
    }
}
