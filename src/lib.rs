//! ibid: audit the sources a document cites.
//!
//! Pipeline: [`read`] → [`extract`] → [`parse`] → [`outlets`] (normalize) → [`store`] →
//! [`lint`] → [`report`] / [`export`]. The library never prints; the binary wires the CLI.

pub mod model;
pub mod lint;
pub mod outlets;
pub mod export;
