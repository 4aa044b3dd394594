//! The store: one map of keys to values, shared by every connection. A write is journaled before it takes effect.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::journal::Journal;

/// A handle to the shared map; clones are handles to the same map.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    map: Mutex<HashMap<String, String>>,
    journal: Journal,
}

impl Store {
    pub fn new(journal: Journal) -> Store {
        Store { inner: Arc::new(Inner { map: Mutex::new(HashMap::new()), journal }) }
    }

    pub async fn get(&self, key: &str) -> Option<String> {
        self.inner.map.lock().unwrap().get(key).cloned()
    }

    /// Journals `SET key value`, then stores it. The map is locked only for the insert: while the journal is
    /// written, other clients keep reading and writing.
    pub async fn set(&self, key: String, value: String) {
        self.inner.journal.write(format!("SET {key} {value}")).await;
        self.inner.map.lock().unwrap().insert(key, value);
    }

    /// Journals `DEL key`, then removes the key; says whether it was there.
    pub async fn delete(&self, key: &str) -> bool {
        self.inner.journal.write(format!("DEL {key}")).await;
        self.inner.map.lock().unwrap().remove(key).is_some()
    }
}
