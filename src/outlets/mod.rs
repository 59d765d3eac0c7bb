//! The outlet registry: canonical outlets, their spellings and domains, and matching.
//!
//! - [`Registry`] loads `sources/outlets.toml` (compiled in) and resolves written names
//!   ([`Registry::resolve`]) and URLs ([`Registry::by_url`]).
//! - `normalize` turns spellings into comparison keys with the Bluebook word table
//!   `sources/abbreviations.toml`.
//! - [`Registry::near_miss`], [`Registry::truncation_candidates`] and
//!   [`Registry::outlet_suffix`] find garbled, cut-short and comma-less outlet names.
//! - [`infer::infer_outlets`] says which outlet every citation's outlet stands for.

#[cfg(test)]
mod acceptance;
pub mod from_url;
pub mod infer;
mod near_miss;
mod normalize;
mod registry;
mod suffix;
#[cfg(test)]
mod table;
#[cfg(test)]
pub(crate) mod test_support;

pub use near_miss::{styled_name, NearMiss, NearMissReason};
pub use normalize::{abbreviates, match_key};
pub use registry::{Outlet, OutletError, Registry, SpellingConflict};
