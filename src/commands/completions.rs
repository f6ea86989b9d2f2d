//! `completions <shell>`: a completion script from the same clap definition
//! the binary parses with, so it never lists a flag that does not exist.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Exit;
use crate::output;

pub fn run(shell: clap_complete::Shell) -> Exit {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "shipspec", &mut script);
    output::stdout(&String::from_utf8_lossy(&script));
    Exit::Ok
}
