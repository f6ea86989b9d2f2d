//! Every action and tool version a generated workflow uses, in one place.
//! Actions are pinned to a full commit SHA with the release tag beside it,
//! so a moved tag can never change what runs.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Pin {
    pub action: &'static str,
    pub sha: &'static str,
    pub tag: &'static str,
}

impl Pin {
    /// `owner/repo@<sha>  # <tag>`, as written after `uses:` (two spaces
    /// before the comment, as yamllint wants).
    pub fn uses(&self) -> String {
        format!("{}@{}  # {}", self.action, self.sha, self.tag)
    }
}

pub const CHECKOUT: Pin = Pin {
    action: "actions/checkout",
    sha: "3d3c42e5aac5ba805825da76410c181273ba90b1",
    tag: "v7.0.1",
};
pub const SETUP_PYTHON: Pin = Pin {
    action: "actions/setup-python",
    sha: "5fda3b95a4ea91299a34e894583c3862153e4b97",
    tag: "v7.0.0",
};
pub const SETUP_NODE: Pin = Pin {
    action: "actions/setup-node",
    sha: "820762786026740c76f36085b0efc47a31fe5020",
    tag: "v7.0.0",
};
pub const CACHE: Pin = Pin {
    action: "actions/cache",
    sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae",
    tag: "v5.0.5",
};
pub const SETUP_FLYCTL: Pin = Pin {
    action: "superfly/flyctl-actions/setup-flyctl",
    sha: "ed8efb33836e8b2096c7fd3ba1c8afe303ebbff1",
    tag: "1.6",
};
pub const SETUP_KUBECTL: Pin = Pin {
    action: "Azure/setup-kubectl",
    sha: "829323503d1be3d00ca8346e5391ca0b07a9ab0d",
    tag: "v5.1.0",
};
pub const DOCKER_LOGIN: Pin = Pin {
    action: "docker/login-action",
    sha: "4907a6ddec9925e35a0a9e82d7399ccc52663121",
    tag: "v4.1.0",
};
pub const SETUP_BUILDX: Pin = Pin {
    action: "docker/setup-buildx-action",
    sha: "37fe631027851001ddb9b187196cc803df7f5f0e",
    tag: "v4.3.0",
};
pub const BUILD_PUSH: Pin = Pin {
    action: "docker/build-push-action",
    sha: "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a",
    tag: "v7.3.0",
};
pub const CONFIGURE_AWS_CREDENTIALS: Pin = Pin {
    action: "aws-actions/configure-aws-credentials",
    sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    tag: "v6.2.3",
};
pub const AMAZON_ECR_LOGIN: Pin = Pin {
    action: "aws-actions/amazon-ecr-login",
    sha: "03f1aad4c6c7ffd436567f42f9384779290529bd",
    tag: "v2.1.7",
};
pub const ECS_RENDER_TASK_DEFINITION: Pin = Pin {
    action: "aws-actions/amazon-ecs-render-task-definition",
    sha: "138c24f321fdbdf7edee4a685519d253cae2cdea",
    tag: "v1.9.0",
};
pub const ECS_DEPLOY_TASK_DEFINITION: Pin = Pin {
    action: "aws-actions/amazon-ecs-deploy-task-definition",
    sha: "c465972ecbd160473f22e683363b422a5412a3de",
    tag: "v2.6.3",
};
pub const GOOGLE_AUTH: Pin = Pin {
    action: "google-github-actions/auth",
    sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093",
    tag: "v3.0.0",
};
pub const SETUP_GCLOUD: Pin = Pin {
    action: "google-github-actions/setup-gcloud",
    sha: "aa5489c8933f4cc7a4f7d45035b3b1440c9c10db",
    tag: "v3.0.1",
};
pub const AZURE_LOGIN: Pin = Pin {
    action: "azure/login",
    sha: "f5d393ae46f8fde4be8b75f32e3fc50e654ad0ca",
    tag: "v3.0.1",
};

/// shipspec's own GitHub Action (`action.yml` in its repository), as the
/// generated `ci.yml` uses it by default.
///
/// The release process keeps this pointing at the commit of the newest
/// release: after tagging `vX.Y.Z`, the next commit sets `sha` to
/// `git rev-parse vX.Y.Z^{commit}` and `tag` to `vX.Y.Z` (a release commit
/// cannot name its own sha). No release has been published yet, so `sha` is
/// all zeros: a placeholder that no commit has, which GitHub refuses to
/// resolve, rather than an invented sha that might look verified. Until the
/// first release, `outputs.shipspec_install` names a source that exists.
pub const SHIPSPEC_ACTION: Pin = Pin {
    action: "shipspec/shipspec",
    sha: "0000000000000000000000000000000000000000",
    tag: "v0.1.0",
};

/// The canonical repository: releases, the action and `cargo install --git`.
pub const SHIPSPEC_REPOSITORY: &str = "https://github.com/shipspec/shipspec";

/// Tools installed inside `run:` steps, pinned the same way.
pub const PYTHON_VERSION: &str = "3.12";
pub const NODE_VERSION: &str = "22";
pub const RUFF: &str = "ruff==0.17.5";
pub const PYTEST: &str = "pytest==9.2.0";
pub const PIP_AUDIT: &str = "pip-audit==2.10.1";
pub const BANDIT: &str = "bandit==1.9.4";
pub const SEMGREP: &str = "semgrep==1.185.0";
pub const CARGO_AUDIT: &str = "0.22.1";
pub const GOVULNCHECK: &str = "golang.org/x/vuln/cmd/govulncheck@v1.1.4";
/// The kubectl the Kubernetes workflows install (`Azure/setup-kubectl`).
pub const KUBECTL: &str = "v1.32.4";
/// The Kamal the on-prem setup runbook installs on a deploy host (as a gem).
pub const KAMAL: &str = "2.11.0";
pub const GOSEC: &str = "github.com/securego/gosec/v2/cmd/gosec@v2.22.4";

/// Every pinned action (for docs and tests).
pub const ACTIONS: [Pin; 16] = [
    CHECKOUT,
    SETUP_PYTHON,
    SETUP_NODE,
    CACHE,
    SETUP_FLYCTL,
    SETUP_KUBECTL,
    DOCKER_LOGIN,
    SETUP_BUILDX,
    BUILD_PUSH,
    CONFIGURE_AWS_CREDENTIALS,
    AMAZON_ECR_LOGIN,
    ECS_RENDER_TASK_DEFINITION,
    ECS_DEPLOY_TASK_DEFINITION,
    GOOGLE_AUTH,
    SETUP_GCLOUD,
    AZURE_LOGIN,
];
