//! The platforms without a folder of their own yet: every [`Platform`]
//! default, so the specs, CI and runbooks still come out, with nothing to
//! deploy with.

use super::Platform;

pub(super) struct Generic;

impl Platform for Generic {}
