//! One module per rule. Each declares a `RuleMeta` and implements [`super::Rule`].

pub mod inconsistent_outlet_name;
pub mod outlet_near_miss;
pub mod truncated_outlet;
pub mod unknown_outlet;
