// ownership4.rs — Copy types
//
// A greenhouse logs temperature readings. A `Reading` is just two numbers,
// yet every function that receives one swallows it (moves it), so `main`
// cannot use the same reading twice.
//
// Integers, floats, bools and chars are never moved away like this: they are
// `Copy`, and a move of them leaves the original usable. Let `Reading` behave
// the same way.
//
// Change only `Reading` (its `#[derive(...)]` line is enough). Do NOT change
// the functions or `main`: they are how the greenhouse uses a reading.

// SOLUTION: derive `Copy` (it requires `Clone`, which is already there).
// A `Copy` type is one whose bits ARE the whole value: duplicating those bits
// gives a second, fully independent value, and there is nothing to free when
// it goes away. For such types Rust turns every move into a plain copy and
// the source stays valid, so `noon` can be passed around as often as we like.
// This is allowed because both fields (`u8`, `f32`) are `Copy` themselves.
// If `Reading` held a `String` (which owns heap memory), deriving `Copy` would
// be rejected (E0204): copying the bits would create two owners of one buffer,
// both trying to free it.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Reading {
    sensor: u8,
    celsius: f32,
}

fn to_fahrenheit(r: Reading) -> f32 {
    r.celsius * 9.0 / 5.0 + 32.0
}

fn is_alarm(r: Reading) -> bool {
    r.celsius > 40.0
}

fn main() {
    let noon = Reading { sensor: 3, celsius: 41.5 };

    let f = to_fahrenheit(noon);
    let alarm = is_alarm(noon);
    let history = [noon, noon, noon];

    println!("sensor {}: {f:.1} °F, alarm: {alarm}", noon.sensor);
    assert!((f - 106.7).abs() < 0.01);
    assert!(alarm);
    assert_eq!(history[2], noon);
}
