//! Q19 configuration: the variable names written in capitals, and the
//! stores for production and development (read as for Q9).

use std::sync::LazyLock;

use regex::Regex;

use super::super::Context;
use super::super::reader::Reader;
use super::super::rules::regex;
use super::secrets;

static VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b(?:PORT|DEBUG|ENV|ENVIRONMENT|HOST)\b"));

pub(super) fn read(r: &mut Reader<'_>, _ctx: &Context) {
    let original = r.text.original().to_owned();
    for m in VARIABLE.find_iter(&original) {
        let Some(range) = r.text.folded_range(&m.range()) else {
            continue;
        };
        if !r.text.certain(&range) || r.text.switched_off(&range) || r.text.negated(&range) {
            r.mention("variables", range);
            continue;
        }
        // "UPPER_SNAKE_CASE" names a convention, not a variable.
        if m.as_str().ends_with("_CASE") {
            continue;
        }
        r.add("variables", m.as_str().to_owned(), range);
    }
    secrets::stores(r);
}
