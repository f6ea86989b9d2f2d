//! answers: the answers file as the user wrote it (model, load, schema).

pub mod budget;
pub mod load;
pub mod locate;
pub mod model;
pub mod question;
pub mod scan;
pub mod schema;
pub mod secrets;
pub mod suggest;
pub mod units;
pub mod vocab;

pub use load::{Loaded, load};
pub use model::Answers;
