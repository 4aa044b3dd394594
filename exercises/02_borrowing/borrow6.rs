// borrow6.rs — borrowing part of a collection: &[T]
//
// A weather station stores hourly rainfall. `average` was written to take a
// `&Vec<f64>`, so it only accepts a whole Vec. But the tests want to ask
// about a fixed-size array and about a RANGE of hours (`&hours[6..12]`),
// and neither of those is a Vec.
//
// Change the parameter types of `average` and `wettest_hour` so that every
// call in the tests compiles, and the tests pass. The function bodies can
// stay as they are. Do not change the tests.

pub fn average(mm: &Vec<f64>) -> f64 {
    if mm.is_empty() {
        return 0.0;
    }
    mm.iter().sum::<f64>() / mm.len() as f64
}

/// Index of the largest value (the first one if several are equal).
pub fn wettest_hour(mm: &Vec<f64>) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &x) in mm.iter().enumerate() {
        if best.is_none_or(|b| x > mm[b]) {
            best = Some(i);
        }
    }
    best
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn day() -> Vec<f64> {
        let mut hours = vec![0.0; 24];
        hours[7] = 1.5;
        hours[8] = 4.0;
        hours[9] = 0.5;
        hours[20] = 2.0;
        hours
    }

    #[test]
    fn whole_day() {
        let hours = day();
        assert_eq!(average(&hours), 8.0 / 24.0);
        assert_eq!(wettest_hour(&hours), Some(8));
    }

    #[test]
    fn a_range_of_hours() {
        let hours = day();
        let morning = &hours[6..12];
        assert_eq!(average(morning), 1.0);
        // Indexes are relative to the slice: hour 8 is position 2 of the morning.
        assert_eq!(wettest_hour(morning), Some(2));
        assert_eq!(wettest_hour(&hours[21..]), Some(0));
    }

    #[test]
    fn an_array() {
        let week = [3.0, 0.0, 12.0, 1.0, 0.0, 0.0, 5.0];
        assert_eq!(average(&week), 3.0);
        assert_eq!(wettest_hour(&week), Some(2));
        assert_eq!(wettest_hour(&[]), None);
    }
}
