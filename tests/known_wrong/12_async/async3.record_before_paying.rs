// known wrong: keeps the std Mutex and records the sale BEFORE the payment, so the lock never spans the await: no seat is sold twice here, but a seat is marked sold while its payment is still pending, which the exercise rules out (check, pay, then record, under one lock)
// async3: a lock that must span an .await
//
// The box office sells concert seats. `book` checks that a seat is free, waits for the card payment to be confirmed
// (an `.await`), and only then records the sale. Two fans must never both get the same seat, so nobody else may
// look at the seat map between the check and the write: this time the lock really has to be held ACROSS the await.
//
// A std `MutexGuard` cannot be held across `.await` in a spawned task (the future would not be Send: that's the
// error you get). Dropping the guard before the await and locking again afterwards would compile, but then two fans
// can both see the seat as free while their payments are pending; recording the sale before the payment would mark
// a seat sold that nobody has paid for yet. The tests catch both: one of them checks that while a booking waits for
// its payment, nobody else can read the seat map.
//
// What to do: use `tokio::sync::Mutex`, an async-aware lock. Its `lock()` is an async fn (`.lock().await`), it waits
// without blocking the thread, and its guard is Send, so it may be held across `.await`. (tokio's `RwLock`, with its
// write lock held across the payment, would do the same.)
// Do not change `confirm_payment`, `start_booking` or the tests. (`seats_sold` is async so it can use either lock.)

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::task::JoinHandle;

#[derive(Default)]
pub struct BoxOffice {
    sold: Mutex<HashMap<u32, String>>, // seat number -> fan
}

impl BoxOffice {
    pub async fn seats_sold(&self) -> usize {
        self.sold.lock().unwrap().len()
    }
}

async fn confirm_payment(_fan: &str) {
    tokio::time::sleep(Duration::from_millis(5)).await;
}

pub async fn book(office: Arc<BoxOffice>, seat: u32, fan: String) -> Result<u32, String> {
    let fan_name = fan.clone();
    {
        let mut sold = office.sold.lock().unwrap();
        if let Some(owner) = sold.get(&seat) {
            return Err(format!("seat {seat} already belongs to {owner}"));
        }
        sold.insert(seat, fan_name);
    }
    confirm_payment(&fan).await;
    Ok(seat)
}

pub fn start_booking(office: Arc<BoxOffice>, seat: u32, fan: &str) -> JoinHandle<Result<u32, String>> {
    tokio::spawn(book(office, seat, fan.to_string()))
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    // `book` is polled by hand. Every time it is suspended (waiting for the payment), the test tries to read the seat
    // map with `seats_sold()`: that must NOT be possible, because the booking has to keep the map locked from its
    // check to its sale. The attempt is polled once and dropped, so it never waits.
    #[test]
    fn the_seat_map_stays_locked_while_the_payment_is_pending() {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_time().build().unwrap();
        let office = Arc::new(BoxOffice::default());
        let (result, suspended, readable) = runtime.block_on(async {
            let mut booking = std::pin::pin!(book(Arc::clone(&office), 7, "ana".to_string()));
            let (mut suspended, mut readable) = (0, 0);
            std::future::poll_fn(|cx| match booking.as_mut().poll(cx) {
                Poll::Ready(result) => Poll::Ready((result, suspended, readable)),
                Poll::Pending => {
                    suspended += 1;
                    let mut look = std::pin::pin!(office.seats_sold());
                    if look.as_mut().poll(&mut Context::from_waker(Waker::noop())).is_ready() {
                        readable += 1;
                    }
                    Poll::Pending
                }
            })
            .await
        });
        assert_eq!(result, Ok(7));
        assert!(suspended > 0, "the booking never waited for the payment");
        assert_eq!(readable, 0, "another task could read the seat map while a booking waited for its payment");
    }

    #[tokio::test]
    async fn two_fans_one_seat() {
        let office = Arc::new(BoxOffice::default());
        let ana = start_booking(Arc::clone(&office), 7, "ana");
        let ben = start_booking(Arc::clone(&office), 7, "ben");
        let results = [ana.await.unwrap(), ben.await.unwrap()];
        assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1, "seat 7 was sold twice: {results:?}");
        assert_eq!(office.seats_sold().await, 1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn different_seats_all_sell() {
        let office = Arc::new(BoxOffice::default());
        let tasks: Vec<_> = (1..=4).map(|seat| start_booking(Arc::clone(&office), seat, "fan")).collect();
        for task in tasks {
            assert!(task.await.unwrap().is_ok());
        }
        assert_eq!(office.seats_sold().await, 4);
    }
}
