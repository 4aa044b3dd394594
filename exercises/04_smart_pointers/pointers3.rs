// pointers3.rs
//
// A print shop sends the same letter to many recipients. Every job prints the
// company letterhead, which holds a large logo. Copying the logo for each job
// would waste memory, so `Letterhead` deliberately does NOT implement Clone:
// all jobs of a batch share ONE letterhead through an `Rc`.
//
// `batch` does not compile: the first loop iteration moves `letterhead` into a
// job, and the second iteration has nothing left to give.
//
// Your task: fix `batch` so every job shares the same letterhead. The tests
// check that nothing was copied by counting the owners of the Rc.
// Don't change `Letterhead`, `PrintJob` or the tests.

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
    pub fn header(&self) -> String {
        format!("{} (logo: {} bytes) - Dear {},", self.letterhead.company, self.letterhead.logo.len(), self.recipient)
    }
}

pub fn batch(letterhead: Rc<Letterhead>, recipients: &[&str]) -> Vec<PrintJob> {
    let mut jobs = Vec::new();
    for name in recipients {
        jobs.push(PrintJob { recipient: name.to_string(), letterhead });
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
