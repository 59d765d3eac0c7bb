//! One module per rule. Each declares a `RuleMeta` and implements [`super::Rule`].
