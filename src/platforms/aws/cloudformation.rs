//! `deploy/cloudformation/stack.yml` (mode `managed`): not generated yet.

use super::stack::Stack;
use crate::render::Artifact;

pub(super) fn render(_stack: &Stack) -> Vec<Artifact> {
    Vec::new()
}
