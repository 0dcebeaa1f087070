//! How the BEAM writes a float (OTP 25, Elixir 1.14): `Float.to_string/1` and string
//! interpolation give `:io_lib_format.fwrite_g/1` — the fewest significant digits that
//! read back as the same float, as a decimal or in scientific notation, whichever is
//! shorter (the decimal on a tie): `100.0`, `1.2e3`, `1.0e-5`, `0.0001`. `inspect/1`
//! writes an integral float from 1.0 up to 1.0e16 as its integer with `.0`
//! (`1000000000000000.0`), everything else as `to_string` does (semantics §5.24).
//! Checked against the VM on 1,100 floats (`sim/tests/data/floats.txt`).

/// The shortest digits that read back as `x` (positive, finite), and the power of ten of
/// the first: `("12345", 4)` for 12345.0. Of two shortest candidates equally near the
/// float's exact value, the even one, as the VM picks (`-941667147967842.2`, whose exact
/// value ends in `.25`; Rust's own shortest form gives the `.3`).
fn shortest_digits(x: f64) -> (String, i32) {
    let split = |s: &str| {
        let (m, e) = s.split_once('e').unwrap_or((s, "0"));
        let digits: String = m.chars().filter(|c| *c != '.').collect();
        (digits, e.parse::<i32>().unwrap_or(0))
    };
    // Rust's `{:e}` is the shortest round-trip digits: `1.2345e3`, `5e-324`, `0e0`.
    let (digits, exp) = split(&format!("{x:e}"));
    let n = digits.len();
    // The float's exact value (every double has fewer than 800 significant digits),
    // rounded to `n` digits, half to even.
    let (exact, exact_exp) = split(&format!("{x:.800e}"));
    let (head, rest) = exact.split_at(n);
    let rest = rest.trim_end_matches('0');
    let last_odd = head.bytes().last().is_some_and(|b| (b - b'0') % 2 == 1);
    let up = match rest.as_bytes().first() {
        Some(b'5') => rest.len() > 1 || last_odd,
        Some(b) => *b > b'5',
        None => false,
    };
    let mut near: Vec<u8> = head.bytes().collect();
    let mut near_exp = exact_exp;
    if up && carry_one(&mut near) {
        near.pop();
        near_exp += 1;
    }
    let near = String::from_utf8(near).unwrap_or_default();
    let near_trimmed = near.trim_end_matches('0');
    let near_trimmed = if near_trimmed.is_empty() {
        "0"
    } else {
        near_trimmed
    };
    let candidate = format!("{}.{}e{near_exp}", &near_trimmed[..1], &near_trimmed[1..]);
    if near_trimmed.len() == n && candidate.parse::<f64>() == Ok(x) {
        (near_trimmed.to_string(), near_exp)
    } else {
        (digits, exp)
    }
}

/// Adds one to the decimal number of ASCII `digits` (its last digit the units): `"129"`
/// becomes `"130"`; `"99"` becomes `"100"`, and then it returns true (a digit was added in
/// front).
pub fn carry_one(digits: &mut Vec<u8>) -> bool {
    for d in digits.iter_mut().rev() {
        if *d == b'9' {
            *d = b'0';
        } else {
            *d += 1;
            return false;
        }
    }
    digits.insert(0, b'1');
    true
}

/// 2^53: an integral float from here up is never written with its zeros.
const TWO_53: f64 = 9_007_199_254_740_992.0;

/// `Float.to_string(x)`: the shortest of the two notations (see the module's doc).
pub fn to_string(x: f64) -> String {
    let (digits, exp) = shortest_digits(x.abs());
    let sign = if x.is_sign_negative() { "-" } else { "" };
    let scientific = {
        let (first, rest) = digits.split_at(1);
        let rest = if rest.is_empty() { "0" } else { rest };
        format!("{first}.{rest}e{exp}")
    };
    let decimal = if exp < 0 {
        format!("0.{}{digits}", "0".repeat((-exp - 1) as usize))
    } else {
        let whole = exp as usize + 1;
        if digits.len() <= whole {
            format!("{digits}{}.0", "0".repeat(whole - digits.len()))
        } else {
            format!("{}.{}", &digits[..whole], &digits[whole..])
        }
    };
    // An integral float of 2^53 or more is written in scientific notation whatever the
    // lengths (`fwrite_g/1` pads with zeros only below it: `9.007199254740992e15`).
    let integral = exp >= 0 && digits.len() <= exp as usize + 1;
    let body = if decimal.len() <= scientific.len() && !(integral && x.abs() >= TWO_53) {
        decimal
    } else {
        scientific
    };
    format!("{sign}{body}")
}

/// `inspect(x)`: an integral float in [1.0, 1.0e16) as its integer and `.0`, anything
/// else as [`to_string`].
pub fn inspect(x: f64) -> String {
    let a = x.abs();
    if (1.0..1.0e16).contains(&a) && x.trunc() == x {
        format!("{}.0", x as i64)
    } else {
        to_string(x)
    }
}
