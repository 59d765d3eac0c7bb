//! ibid: audit the sources a document cites.
//!
//! Pipeline: [`read`] → [`extract`] → [`parse`] → [`outlets`] (normalize) → [`store`] →
//! [`lint`] → [`report`] / [`export`]. The library never prints; the binary wires the CLI.

pub mod cli;
pub mod commands;
pub mod config;
pub mod export;
pub mod extract;
pub mod ledger;
pub mod lint;
pub mod model;
pub mod outlets;
pub mod parse;
pub mod pipeline;
pub mod read;
pub mod report;
pub mod store;
