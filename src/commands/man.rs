//! `man`: the man page (roff), rendered from the clap definition: the same
//! text as `--help`.

use clap::CommandFactory;

use crate::cli::Cli;
use crate::exit::Exit;
use crate::output;

pub fn run() -> Exit {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .expect("writing to memory cannot fail");
    output::stdout(&String::from_utf8_lossy(&page));
    Exit::Ok
}
