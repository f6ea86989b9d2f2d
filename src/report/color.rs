//! Styles named by meaning; decided once per stream from `--color`,
//! `NO_COLOR`, `TERM=dumb` and whether the stream is a terminal.

use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Palette {
    enabled: bool,
}

impl Palette {
    pub fn plain() -> Palette {
        Palette { enabled: false }
    }

    pub fn for_stream(choice: ColorChoice, is_terminal: bool) -> Palette {
        let enabled = match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                    && std::env::var("TERM").map_or(true, |t| t != "dumb")
            }
        };
        Palette { enabled }
    }

    pub fn stdout(choice: ColorChoice) -> Palette {
        Palette::for_stream(choice, std::io::stdout().is_terminal())
    }

    pub fn stderr(choice: ColorChoice) -> Palette {
        Palette::for_stream(choice, std::io::stderr().is_terminal())
    }

    fn paint(&self, code: &str, text: &str) -> String {
        if self.enabled {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }

    pub fn added(&self, t: &str) -> String {
        self.paint("32", t)
    }
    pub fn removed(&self, t: &str) -> String {
        self.paint("31", t)
    }
    pub fn hunk(&self, t: &str) -> String {
        self.paint("36", t)
    }
    pub fn header(&self, t: &str) -> String {
        self.paint("1", t)
    }
    pub fn error(&self, t: &str) -> String {
        self.paint("1;31", t)
    }
    pub fn warning(&self, t: &str) -> String {
        self.paint("1;33", t)
    }
    pub fn note(&self, t: &str) -> String {
        self.paint("1;34", t)
    }
    pub fn dim(&self, t: &str) -> String {
        self.paint("2", t)
    }
}
