//! Floats written as the VM writes them: `sim/tests/data/floats.txt` holds, for 1,100
//! floats (fixed cases, powers of ten, powers of two and one more, random bit patterns,
//! random magnitudes), the float's bits, `inspect(f)` and `Float.to_string(f)` as
//! Elixir 1.14 on OTP 25 printed them.

use sim::Term;

#[test]
fn floats_print_as_on_the_vm() {
    let data = include_str!("data/floats.txt");
    let mut wrong = Vec::new();
    let mut n = 0;
    for line in data.lines() {
        let mut parts = line.split(' ');
        let (Some(bits), Some(inspected), Some(string)) =
            (parts.next(), parts.next(), parts.next())
        else {
            panic!("a bad line: {line}");
        };
        let x = f64::from_bits(bits.parse().expect("the bits"));
        n += 1;
        let (got_inspect, got_string) = (Term::Float(x).to_string(), sim::float::to_string(x));
        if got_inspect != inspected || got_string != string {
            wrong.push(format!("{line}: got {got_inspect} {got_string}"));
        }
    }
    assert!(n > 1000, "{n} floats");
    assert!(
        wrong.is_empty(),
        "{} of {n} differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}
