//! The outlet findings expected for `sources/examples/us-taliban-agreement.txt`
//! (`../shared/examples/us-taliban-agreement.expected.md`), with the outlets placed by hand
//! where the parser will find them.

use crate::lint::rules::{
    inconsistent_outlet_name::InconsistentOutletName, outlet_near_miss::OutletNearMiss,
    truncated_outlet::TruncatedOutlet, unknown_outlet::UnknownOutlet,
};
use crate::lint::Rule;
use crate::model::Extraction;
use crate::outlets::test_support::{extraction_with_outlets, run_rule};
use crate::outlets::Registry;

const TEXT: &str = include_str!("../../sources/examples/us-taliban-agreement.txt");

/// Byte range of the `nth` occurrence of `needle`.
fn at(needle: &str, nth: usize) -> (usize, usize) {
    let start = TEXT
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the example"));
    (start, start + needle.len())
}

fn example() -> Extraction {
    let n58 = [
        at("N.Y.\n\nTimes", 0),
        at("Wash. Swiss Post", 0),
        at("CNN (May", 0),
    ];
    let n58 = [n58[0], n58[1], (n58[2].0, n58[2].0 + 3)];
    let n12 = [at("Al Jazeera (December", 0)];
    let n12 = [(n12[0].0, n12[0].0 + "Al Jazeera".len())];
    let n16 = [at("N.Y. Times (February", 0)];
    let n16 = [(n16[0].0, n16[0].0 + "N.Y. Times".len())];
    let wp = at("Washington Post (March", 0);
    let wash = at("leader Wash. 4", 0);
    let n49 = [
        (wp.0, wp.0 + "Washington Post".len()),
        (wash.0 + "leader ".len(), wash.0 + "leader Wash.".len()),
    ];
    extraction_with_outlets(
        "sources/examples/us-taliban-agreement.txt",
        TEXT,
        &[(58, &n58), (12, &n12), (16, &n16), (49, &n49)],
    )
}

#[test]
fn the_example_gets_the_expected_outlet_findings() {
    let ex = [example()];
    let rules: [&dyn Rule; 4] = [
        &TruncatedOutlet,
        &InconsistentOutletName,
        &UnknownOutlet,
        &OutletNearMiss,
    ];
    let out: String = rules.iter().map(|r| run_rule(*r, &ex)).collect();
    insta::assert_snapshot!(out);
}

#[test]
fn the_parser_can_find_the_comma_less_outlet() {
    let title_and_outlet =
        "the US is targeting the Taliban hours after Trump`s phone call with militant leader Wash.";
    let start = Registry::builtin()
        .outlet_suffix(title_and_outlet)
        .expect("outlet found");
    assert_eq!(&title_and_outlet[start..], "Wash.");
}
