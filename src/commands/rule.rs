//! `ibid rule [CODE|NAME]`: explain one rule, or list them all.

use super::{CommandError, Exit, Output};
use crate::cli::RuleArgs;
use crate::lint::{docs, registry};

pub fn run(args: RuleArgs) -> Result<Output, CommandError> {
    match args.rule {
        None => Ok(Output::new(docs::rule_list(), Exit::Clean)),
        Some(name) => match registry::find_rule(&name) {
            Some(rule) => Ok(Output::new(docs::rule_doc(rule), Exit::Clean)),
            None => Err(CommandError::Usage(format!(
                "no rule named `{name}`; `ibid rule` lists them all"
            ))),
        },
    }
}
