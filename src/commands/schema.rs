use crate::answers::schema;
use crate::exit::Exit;
use crate::output;

pub fn run() -> Exit {
    output::stdout(&schema::json());
    Exit::Ok
}
