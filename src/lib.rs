//! sempatch: apply Coccinelle-style semantic patches to C trees.
//!
//! The pipeline is pure up to [`engine::FileChange`]: parsing the semantic patch
//! ([`smpl`]), parsing C ([`c`]), matching and rewriting ([`engine`]), finding the
//! files ([`scan`]). Consumers ([`diff`], in-place writing, the series builder)
//! decide what to do with the changes.

pub mod c;
pub mod check;
pub mod color;
pub mod diag;
pub mod diff;
pub mod engine;
pub mod fs_at;
pub mod index;
pub mod interrupt;
pub mod json;
pub mod prefilter;
pub mod review;
pub mod scan;
pub mod script;
pub mod series;
pub mod smpl;
pub mod write;
