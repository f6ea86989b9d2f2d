//! Pieces the Terraform alerts of Google Cloud and Azure share: the budget
//! answered, the production environment's name, and their variables.

use crate::platforms::aws::terraform::hcl::{Block, Item, Value, raw, s};
use crate::render::specs::blocks::production_environment;
use crate::resolve::Plan;

/// The monthly budget and its alert, when a budget is answered.
pub(in crate::platforms) fn budget(plan: &Plan) -> Option<(u32, u32)> {
    let cost = &plan.infrastructure.cost;
    (cost.text.answered && cost.monthly_budget_usd > 0)
        .then_some((cost.monthly_budget_usd, cost.alert_at_usd))
}

/// The name of the environment that pages (the stacks compare it).
pub(in crate::platforms) fn production(plan: &Plan) -> String {
    production_environment(plan).map_or_else(|| "production".to_owned(), |e| e.name.clone())
}

/// A string variable, `sensitive` for tokens and URLs that are credentials.
pub(in crate::platforms) fn variable(name: &str, description: &str, sensitive: bool) -> Item {
    let mut block = Block::new("variable", &[name])
        .attr("description", s(description))
        .attr("type", raw("string"));
    if sensitive {
        block = block.attr("sensitive", Value::Bool(true));
    }
    Item::Block(block)
}

/// A pager's key or URL: sensitive, empty by default, since only
/// production's stack needs it (its channel or group checks that it is set).
pub(in crate::platforms) fn pager_variable(name: &str, description: &str) -> Item {
    let Item::Block(block) = variable(name, description, true) else {
        unreachable!("variable() makes a block")
    };
    Item::Block(block.attr("default", s("")))
}
