//! Which tool runs the app on the team's servers: Kamal 2 unless the
//! hosting, deployment or IaC answer names Docker Compose.

use crate::resolve::Plan;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Tool {
    Kamal,
    Compose,
}

impl Tool {
    pub(super) fn as_str(self) -> &'static str {
        match self {
            Tool::Kamal => "kamal",
            Tool::Compose => "compose",
        }
    }
}

/// `compose`, `docker-compose` or `compose.yaml` in the answers' words.
pub(super) fn of(plan: &Plan) -> Tool {
    let answers = [
        &plan.infrastructure.hosting.text.answer,
        &plan.operations.deployment.text.answer,
        &plan.infrastructure.iac.text.answer,
    ];
    let compose = answers.iter().any(|text| {
        text.to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|word| word == "compose")
    });
    if compose { Tool::Compose } else { Tool::Kamal }
}
