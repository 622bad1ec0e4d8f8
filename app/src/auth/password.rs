//! Argon2id password hashing, run on the blocking pool behind a semaphore sized to the
//! cores: a burst of logins queues for CPU instead of stalling the async runtime, and every
//! other route keeps answering.

use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, PasswordVerifier as _, Version};
use std::{
    fmt,
    sync::{
        atomic::{AtomicU64, Ordering},
        Arc,
    },
    time::Duration,
};
use tokio::sync::Semaphore;
use tracing::Instrument;

use crate::{
    error::{Error, Result},
    shared::{password::MAX_LEN, Password},
};

/// OWASP's minimum for Argon2id: m = 19 MiB, t = 2, p = 1.
const MEMORY_KIB: u32 = 19 * 1024;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;
/// Stored hashes asking for more than this are refused before any work is done (a hash
/// planted with extreme parameters would otherwise be a denial of service).
const MAX_MEMORY_KIB: u32 = 64 * 1024;
const MAX_ITERATIONS: u32 = 10;
const MAX_PARALLELISM: u32 = 4;
/// How long a request waits for a hashing slot before it is answered 503.
const QUEUE_WAIT: Duration = Duration::from_secs(10);

/// An Argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Never printed.
#[derive(Clone, PartialEq, Eq)]
pub struct PasswordHash(String);

impl PasswordHash {
    pub fn from_stored(phc: String) -> Self {
        Self(phc)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PasswordHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PasswordHash(<redacted>)")
    }
}

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
    /// Verified when an email is unknown, so that a miss costs what a hit costs.
    dummy: Arc<PasswordHash>,
    verifications: Arc<AtomicU64>,
}

impl fmt::Debug for PasswordHasher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordHasher")
            .field("available_permits", &self.permits.available_permits())
            .finish()
    }
}

fn argon2() -> Argon2<'static> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .expect("constant argon2 parameters are valid");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_now(password: &str) -> Result<PasswordHash> {
    let salt = argon2::password_hash::SaltString::generate(&mut rand::rngs::OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| PasswordHash(hash.to_string()))
        .map_err(|error| Error::internal(error.to_string()))
}

/// Verifies with the parameters recorded in the stored hash, after checking they are sane.
fn verify_now(candidate: &str, stored: &PasswordHash) -> bool {
    let Ok(parsed) = argon2::password_hash::PasswordHash::new(stored.as_str()) else {
        return false;
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    if params.m_cost() > MAX_MEMORY_KIB
        || params.t_cost() > MAX_ITERATIONS
        || params.p_cost() > MAX_PARALLELISM
    {
        tracing::warn!("refusing to verify a stored hash with extreme parameters");
        return false;
    }
    Argon2::default()
        .verify_password(candidate.as_bytes(), &parsed)
        .is_ok()
}

impl PasswordHasher {
    /// `concurrency` hashes run at once; more wait their turn.
    pub fn new(concurrency: usize) -> Self {
        let dummy =
            hash_now("dummy password that matches nothing").expect("hashing a constant succeeds");
        Self {
            permits: Arc::new(Semaphore::new(concurrency.max(1))),
            dummy: Arc::new(dummy),
            verifications: Arc::new(AtomicU64::new(0)),
        }
    }

    /// Sized to the machine's cores.
    pub fn for_this_machine() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self::new(cores)
    }

    pub async fn hash(&self, password: &Password) -> Result<PasswordHash> {
        let password = password.expose().to_owned();
        self.run(move || hash_now(&password)).await?
    }

    /// Whether `candidate` matches `stored`. With no stored hash (unknown email) a dummy
    /// hash is verified instead, and the answer is `false`.
    pub async fn verify(&self, candidate: &str, stored: Option<&PasswordHash>) -> Result<bool> {
        let oversized = candidate.chars().count() > MAX_LEN;
        let (target, real) = match stored {
            Some(hash) if !oversized => (hash.clone(), true),
            _ => ((*self.dummy).clone(), false),
        };
        let candidate = if oversized {
            String::new()
        } else {
            candidate.to_owned()
        };
        let matched = self.run(move || verify_now(&candidate, &target)).await?;
        self.verifications.fetch_add(1, Ordering::Relaxed);
        Ok(real && matched)
    }

    /// How many verifications (real or dummy) have run: a miss must cost one too.
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::Relaxed)
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let permit = tokio::time::timeout(QUEUE_WAIT, self.permits.clone().acquire_owned())
            .await
            .map_err(|_| Error::Unavailable("password hashing queue is full".into()))?
            .map_err(Error::internal)?;
        let span = tracing::Span::current();
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            span.in_scope(work)
        })
        .instrument(tracing::Span::current())
        .await
        .map_err(Error::internal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn password(s: &str) -> Password {
        Password::parse(s, 8).unwrap()
    }

    #[tokio::test]
    async fn hashes_with_owasp_parameters_and_verifies() {
        let hasher = PasswordHasher::new(2);
        let hash = hasher.hash(&password("correct horse")).await.unwrap();
        assert!(hash.as_str().starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(hasher.verify("correct horse", Some(&hash)).await.unwrap());
        assert!(!hasher.verify("correct horsE", Some(&hash)).await.unwrap());
    }

    #[tokio::test]
    async fn salts_differ_between_hashes_of_the_same_password() {
        let hasher = PasswordHasher::new(1);
        let a = hasher.hash(&password("same password")).await.unwrap();
        let b = hasher.hash(&password("same password")).await.unwrap();
        assert_ne!(a, b);
    }

    #[tokio::test]
    async fn unknown_accounts_never_match() {
        let hasher = PasswordHasher::new(1);
        assert!(!hasher
            .verify("dummy password that matches nothing", None)
            .await
            .unwrap());
    }

    #[tokio::test]
    async fn stored_hashes_with_extreme_costs_are_refused_unverified() {
        let hasher = PasswordHasher::new(1);
        let planted = PasswordHash::from_stored(
            "$argon2id$v=19$m=4194304,t=1000,p=1$c29tZXNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
        );
        assert!(!hasher.verify("anything", Some(&planted)).await.unwrap());
    }

    #[tokio::test]
    async fn over_long_candidates_are_rejected() {
        let hasher = PasswordHasher::new(1);
        let hash = hasher.hash(&password("correct horse")).await.unwrap();
        let long = "x".repeat(10_000);
        assert!(!hasher.verify(&long, Some(&hash)).await.unwrap());
    }

    #[test]
    fn debug_output_hides_hashes() {
        let hash = PasswordHash::from_stored("$argon2id$secret".into());
        assert!(!format!("{hash:?}").contains("secret"));
    }
}
