mod common;
#[test]
fn scratch() {
    let s = std::fs::read_to_string("/tmp/ct/script.txt").unwrap();
    println!("{}", common::session(&s));
}
