//! Misuse of `#[derive(SoftDelete)]` is a compile error pointing at the attribute or field.

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/*.rs");
}
