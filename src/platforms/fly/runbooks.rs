//! The flyctl commands the rollback and incident runbooks print.

use crate::platforms::RollbackRunbook;

pub(super) fn rollback(app: &str) -> RollbackRunbook {
    RollbackRunbook {
        workflow_inputs: "optionally, the image label to return to; left empty, it redeploys the image\nof the release before the current one",
        intro: "Fly.io has no rollback command: redeploy an earlier image.".to_owned(),
        commands: vec![
            format!("fly releases --app {app} --image"),
            format!("fly deploy --app {app} --image registry.fly.io/{app}:<label> --strategy immediate"),
        ],
        after: "`--strategy immediate` replaces every machine at once: a rollback should not\nwait on the health checks of the release it replaces.".to_owned(),
    }
}

pub(super) fn first_look(app: &str) -> Vec<String> {
    vec![format!("fly status --app {app}"), format!("fly logs --app {app}")]
}
