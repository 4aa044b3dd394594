// known wrong: the std lock is released before the payment await and taken again afterwards, so both fans see seat 7 as free and both bookings succeed (check-then-act race); the two_fans_one_seat test fails every time
//
// async3 (careless fix: the async1 trick of dropping the guard before the await, applied where the lock must span it)

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
    {
        let sold = office.sold.lock().unwrap();
        if let Some(owner) = sold.get(&seat) {
            return Err(format!("seat {seat} already belongs to {owner}"));
        }
    }
    confirm_payment(&fan).await;
    office.sold.lock().unwrap().insert(seat, fan);
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
