//! An in-memory memo of publishable-key look-ups, so that the check every `/store/*` request
//! passes costs a hash look-up rather than a database round trip.
//!
//! Keys found valid are remembered for the TTL; keys found unknown or revoked for the same
//! TTL in a separate, smaller table that stops taking entries when full, so a client
//! sending random keys can neither grow memory nor push the valid keys out. A key revoked
//! by another process (the CLI) stops working within the TTL.

use std::{
    collections::HashMap,
    sync::{Mutex, PoisonError, RwLock},
    time::{Duration, Instant},
};

/// How long a look-up is trusted: a key revoked from the command line is refused by a
/// running server at most this long afterwards.
pub const DEFAULT_TTL: Duration = Duration::from_secs(10);
/// Most valid keys remembered. A shop has a handful; past this the table is emptied and
/// refilled, which costs look-ups, never correctness.
const MAX_VALID: usize = 1024;
/// Most unknown or revoked keys remembered.
const MAX_REFUSED: usize = 256;

#[derive(Debug)]
pub struct PublishableKeyCache {
    ttl: Duration,
    valid: RwLock<HashMap<Box<str>, Instant>>,
    refused: Mutex<HashMap<Box<str>, Instant>>,
}

impl PublishableKeyCache {
    pub fn new(ttl: Duration) -> Self {
        Self {
            ttl,
            valid: RwLock::new(HashMap::new()),
            refused: Mutex::new(HashMap::new()),
        }
    }

    /// What a recent look-up said about `token`, if it is still fresh.
    pub fn get(&self, token: &str) -> Option<bool> {
        let now = Instant::now();
        let fresh = |checked: &Instant| now.duration_since(*checked) < self.ttl;
        let valid = self.valid.read().unwrap_or_else(PoisonError::into_inner);
        if valid.get(token).is_some_and(fresh) {
            return Some(true);
        }
        drop(valid);
        let refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
        refused.get(token).is_some_and(fresh).then_some(false)
    }

    /// Records the outcome of a database look-up.
    pub fn put(&self, token: &str, is_valid: bool) {
        let now = Instant::now();
        let ttl = self.ttl;
        let expired = |checked: &mut Instant| now.duration_since(*checked) >= ttl;
        if is_valid {
            let mut valid = self.valid.write().unwrap_or_else(PoisonError::into_inner);
            if valid.len() >= MAX_VALID && !valid.contains_key(token) {
                valid.retain(|_, checked| !expired(checked));
                if valid.len() >= MAX_VALID {
                    valid.clear();
                }
            }
            valid.insert(token.into(), now);
            drop(valid);
            self.refused
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(token);
        } else {
            self.valid
                .write()
                .unwrap_or_else(PoisonError::into_inner)
                .remove(token);
            let mut refused = self.refused.lock().unwrap_or_else(PoisonError::into_inner);
            if refused.len() >= MAX_REFUSED && !refused.contains_key(token) {
                refused.retain(|_, checked| !expired(checked));
                if refused.len() >= MAX_REFUSED {
                    return;
                }
            }
            refused.insert(token.into(), now);
        }
    }

    #[cfg(test)]
    fn sizes(&self) -> (usize, usize) {
        (
            self.valid.read().unwrap().len(),
            self.refused.lock().unwrap().len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_both_answers_until_the_ttl() {
        let cache = PublishableKeyCache::new(Duration::from_millis(50));
        assert_eq!(cache.get("pk_a"), None);
        cache.put("pk_a", true);
        cache.put("pk_b", false);
        assert_eq!(cache.get("pk_a"), Some(true));
        assert_eq!(cache.get("pk_b"), Some(false));
        std::thread::sleep(Duration::from_millis(60));
        assert_eq!(cache.get("pk_a"), None, "stale: look it up again");
        assert_eq!(cache.get("pk_b"), None);
    }

    #[test]
    fn a_new_answer_replaces_the_old_one() {
        let cache = PublishableKeyCache::new(DEFAULT_TTL);
        cache.put("pk_a", true);
        cache.put("pk_a", false);
        assert_eq!(cache.get("pk_a"), Some(false));
        cache.put("pk_a", true);
        assert_eq!(cache.get("pk_a"), Some(true));
    }

    #[test]
    fn unknown_keys_cannot_grow_it_or_push_valid_keys_out() {
        let cache = PublishableKeyCache::new(DEFAULT_TTL);
        cache.put("pk_good", true);
        for n in 0..10_000 {
            cache.put(&format!("pk_random_{n}"), false);
        }
        assert_eq!(cache.sizes(), (1, MAX_REFUSED));
        assert_eq!(cache.get("pk_good"), Some(true));
    }

    #[test]
    fn valid_keys_stay_bounded() {
        let cache = PublishableKeyCache::new(DEFAULT_TTL);
        for n in 0..(MAX_VALID + 10) {
            cache.put(&format!("pk_{n}"), true);
        }
        assert!(cache.sizes().0 <= MAX_VALID);
        assert_eq!(cache.get(&format!("pk_{}", MAX_VALID + 9)), Some(true));
    }
}
