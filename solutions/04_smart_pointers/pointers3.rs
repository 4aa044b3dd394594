// pointers3.rs (solution)
//
// A print shop sends the same letter to many recipients. Every job prints the
// company letterhead, which holds a large logo. All jobs of a batch share ONE
// letterhead through an `Rc`.

use std::rc::Rc;

pub struct Letterhead {
    pub company: String,
    pub logo: Vec<u8>,
}

pub struct PrintJob {
    pub recipient: String,
    pub letterhead: Rc<Letterhead>,
}

impl PrintJob {
    // `self.letterhead.company` reads through the Rc (Rc derefs to the value).
    // An Rc only gives shared access: any number of owners may read, none may
    // mutate. That is exactly right for a letterhead.
    pub fn header(&self) -> String {
        format!("{} (logo: {} bytes) - Dear {},", self.letterhead.company, self.letterhead.logo.len(), self.recipient)
    }
}

// An `Rc<T>` is still a value with move semantics: putting it into the first
// job moved it, and the loop could not use it again (E0382). What we want is a
// NEW handle to the SAME allocation. `Rc::clone(&letterhead)` does that: it
// bumps the reference count and copies a pointer; the 50 kB logo is untouched.
// (`letterhead.clone()` does the same thing; writing `Rc::clone` makes it
// obvious to readers that this is the cheap kind of clone.)
//
// When the function returns, its own handle `letterhead` is dropped, so the
// count ends at "caller's handles + one per job". When the last handle goes,
// the Letterhead itself is freed.
pub fn batch(letterhead: Rc<Letterhead>, recipients: &[&str]) -> Vec<PrintJob> {
    let mut jobs = Vec::new();
    for name in recipients {
        jobs.push(PrintJob { recipient: name.to_string(), letterhead: Rc::clone(&letterhead) });
    }
    jobs
}

fn main() {}

#[cfg(test)]
mod tests {
    use super::*;

    fn acme() -> Rc<Letterhead> {
        Rc::new(Letterhead { company: "ACME Ltd".to_string(), logo: vec![0xAC; 50_000] })
    }

    #[test]
    fn each_job_has_its_recipient() {
        let jobs = batch(acme(), &["Ada", "Grace"]);
        assert_eq!(jobs[0].header(), "ACME Ltd (logo: 50000 bytes) - Dear Ada,");
        assert_eq!(jobs[1].header(), "ACME Ltd (logo: 50000 bytes) - Dear Grace,");
    }

    #[test]
    fn all_jobs_share_one_letterhead() {
        let letterhead = acme();
        let jobs = batch(Rc::clone(&letterhead), &["Ada", "Grace", "Linus"]);
        // One owner here in the test, plus one per job.
        assert_eq!(Rc::strong_count(&letterhead), 4);
        assert!(jobs.iter().all(|job| Rc::ptr_eq(&job.letterhead, &letterhead)));
        drop(jobs);
        assert_eq!(Rc::strong_count(&letterhead), 1);
    }
}
