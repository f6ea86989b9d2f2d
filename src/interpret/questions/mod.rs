//! One file of rules per question; [`RULES`] ties each to its key path.

mod audits;
mod authentication;
mod authorization;
mod backup;
mod configuration;
mod cost;
mod deployment;
mod encryption;
mod health_checks;
mod hosting;
mod iac;
mod incident_response;
mod input_validation;
mod logging;
mod monitoring;
mod performance;
mod regions;
mod rollback;
mod scaling;
mod secrets;

use super::Context;
use super::reader::Reader;

pub type Rule = fn(&mut Reader<'_>, &Context);

/// Every question's key path and the rules that read its words.
pub const RULES: [(&str, Rule); 20] = [
    ("infrastructure.hosting", hosting::read),
    ("infrastructure.regions", regions::read),
    ("infrastructure.scaling", scaling::read),
    ("infrastructure.monitoring", monitoring::read),
    ("infrastructure.cost", cost::read),
    ("infrastructure.iac", iac::read),
    ("security.authentication", authentication::read),
    ("security.authorization", authorization::read),
    ("security.secrets", secrets::read),
    ("security.encryption", encryption::read),
    ("security.input_validation", input_validation::read),
    ("security.audits", audits::read),
    ("operations.deployment", deployment::read),
    ("operations.health_checks", health_checks::read),
    ("operations.rollback", rollback::read),
    ("operations.logging", logging::read),
    ("operations.incident_response", incident_response::read),
    ("operations.backup", backup::read),
    ("operations.configuration", configuration::read),
    ("operations.performance", performance::read),
];
