//! One module per rule. Each declares a `RuleMeta` and implements [`super::Rule`].

pub(crate) mod common;
#[cfg(test)]
pub(crate) mod test_support;

pub mod ambiguous_id;
pub mod callout_without_footnote;
pub mod citation_split_across_paragraphs;
pub mod conflicting_duplicate;
pub mod duplicate_footnote_number;
pub mod footnote_number_gap;
pub mod footnote_out_of_order;
pub mod footnote_without_callout;
pub mod id_without_antecedent;
pub mod impossible_date;
pub mod incomplete_date;
pub mod inconsistent_outlet_name;
pub mod missing_author;
pub mod missing_date;
pub mod missing_title;
pub mod missing_url;
pub mod mixed_date_styles;
pub mod outlet_near_miss;
pub mod outlet_url_mismatch;
pub mod short_form_before_full_citation;
pub mod supra_to_later_note;
pub mod truncated_outlet;
pub mod unknown_outlet;
pub mod unparsed_citation;
pub mod unresolved_supra;
pub mod unused_suppression;
pub mod unverified_citation;
pub mod verification_problem;
