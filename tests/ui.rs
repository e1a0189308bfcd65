//! Compile-fail tests: every compile error of `cpurl!` has a case in
//! `tests/ui/`, and the `.stderr` beside it is the message the user sees.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
