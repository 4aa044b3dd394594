// known right: implements Copy by hand next to the derived Clone: the same promise as deriving it
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

#[derive(Debug, Clone, PartialEq)]
struct Reading {
    sensor: u8,
    celsius: f32,
}

impl Copy for Reading {}

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
