//! shipspec turns a project's production-readiness answers into filled spec
//! documents and the deploy artifacts that must agree with them.
//!
//! The pipeline (see `docs/decisions.md`):
//! `answers` (load) → `resolve` → `render` → `reconcile` → `report` / `write`.

pub mod answers;
pub mod diagnostic;
pub mod resolve;
