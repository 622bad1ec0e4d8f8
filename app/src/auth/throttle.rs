//! Slowing down password guessing: sign-in and sign-up attempts are limited per account
//! (the email tried) and per client address, each a token bucket (GCRA): a burst, then one
//! more attempt per `period / burst`. Over the limit, the answer is 429 with `Retry-After`,
//! before any password is hashed.
//!
//! Two layers count each attempt. This process's memory answers floods without touching the
//! database; the database's counters (`stores::throttle`) are the ones that hold across
//! restarts and across every instance sharing the database.

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};
use std::{fmt, net::IpAddr, num::NonZeroU32, str::FromStr, sync::Arc, time::Duration};

use crate::{
    error::{Error, Result},
    stores::{self, Db},
};

/// `<burst>/<period>`: `burst` attempts at once, refilled evenly over `period`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RateLimit {
    pub burst: u32,
    pub period: Duration,
}

impl RateLimit {
    /// Time for one attempt to come back.
    fn interval(self) -> Duration {
        (self.period / self.burst.max(1)).max(Duration::from_millis(1))
    }

    /// How far ahead of now a bucket may run: the burst, less the attempt being taken.
    fn tolerance(self) -> Duration {
        self.interval() * self.burst.max(1).saturating_sub(1)
    }

    fn quota(self) -> Quota {
        let burst = NonZeroU32::new(self.burst.max(1)).expect("at least one");
        let interval = (self.period / burst.get()).max(Duration::from_nanos(1));
        Quota::with_period(interval)
            .expect("a positive interval")
            .allow_burst(burst)
    }
}

impl FromStr for RateLimit {
    type Err = String;

    /// `10/15m`, `60/1h`, `5/30s`.
    fn from_str(input: &str) -> Result<Self, String> {
        let usage = || format!("{input:?} is not a rate limit like 10/15m (attempts/period)");
        let (burst, period) = input.split_once('/').ok_or_else(usage)?;
        let burst: u32 = burst.trim().parse().map_err(|_| usage())?;
        if burst == 0 {
            return Err(usage());
        }
        let period = parse_period(period.trim()).ok_or_else(usage)?;
        Ok(Self { burst, period })
    }
}

impl fmt::Display for RateLimit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}s", self.burst, self.period.as_secs())
    }
}

fn parse_period(input: &str) -> Option<Duration> {
    let split = input
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(input.len());
    let (number, unit) = input.split_at(split);
    let value: u64 = if number.is_empty() {
        1
    } else {
        number.parse().ok()?
    };
    let seconds = match unit {
        "s" => value,
        "m" => value * 60,
        "h" => value * 3600,
        "d" => value * 86_400,
        _ => return None,
    };
    (seconds > 0).then(|| Duration::from_secs(seconds))
}

/// Longest key remembered for an account: an email is at most 254 characters.
const MAX_ACCOUNT_KEY: usize = 254;

/// The email as typed, in the form every spelling of it shares.
fn account_key(account: &str) -> String {
    account
        .trim()
        .to_lowercase()
        .chars()
        .take(MAX_ACCOUNT_KEY)
        .collect()
}

#[derive(Clone)]
pub struct Throttle {
    account_limit: RateLimit,
    address_limit: RateLimit,
    per_account: Arc<DefaultKeyedRateLimiter<String>>,
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
}

impl fmt::Debug for Throttle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Throttle")
            .field("accounts", &self.per_account.len())
            .field("addresses", &self.per_address.len())
            .finish()
    }
}

impl Throttle {
    pub fn new(per_account: RateLimit, per_address: RateLimit) -> Self {
        Self {
            account_limit: per_account,
            address_limit: per_address,
            per_account: Arc::new(RateLimiter::keyed(per_account.quota())),
            per_address: Arc::new(RateLimiter::keyed(per_address.quota())),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one attempt from `client` at `account` (an email as typed); refuses it when
    /// either has used up its allowance, in this process or in the shared counters.
    pub async fn attempt(&self, db: &Db, client: Option<IpAddr>, account: &str) -> Result<()> {
        let account = account_key(account);
        self.attempt_here(client, &account)?;
        let now_ms = stores::db::now().timestamp_millis();
        if let Some(address) = client {
            let key = format!("address:{address}");
            self.attempt_shared(db, &key, now_ms, self.address_limit, "address")
                .await?;
        }
        let key = format!("account:{account}");
        self.attempt_shared(db, &key, now_ms, self.account_limit, "account")
            .await
    }

    /// The in-memory layer: no database work for a flood.
    fn attempt_here(&self, client: Option<IpAddr>, account: &str) -> Result<()> {
        if let Some(address) = client {
            if let Err(not_until) = self.per_address.check_key(&address) {
                return Err(self.refused("address", not_until.wait_time_from(self.clock.now())));
            }
        }
        if let Err(not_until) = self.per_account.check_key(&account.to_owned()) {
            return Err(self.refused("account", not_until.wait_time_from(self.clock.now())));
        }
        Ok(())
    }

    async fn attempt_shared(
        &self,
        db: &Db,
        key: &str,
        now_ms: i64,
        limit: RateLimit,
        name: &str,
    ) -> Result<()> {
        match stores::throttle::take(db, key, now_ms, limit.interval(), limit.tolerance()).await? {
            None => Ok(()),
            Some(wait) => Err(self.refused(name, wait)),
        }
    }

    fn refused(&self, limit: &str, wait: Duration) -> Error {
        tracing::warn!(
            limit,
            wait_secs = wait.as_secs_f32(),
            "sign-in attempts throttled"
        );
        // Rounded up: a client that waits exactly this long is let in.
        let whole_secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        Error::TooManyRequests {
            retry_after_secs: whole_secs.max(1),
        }
    }

    /// Forgets keys whose buckets are full again, so memory and the table follow recent
    /// traffic only.
    pub async fn forget_idle(&self, db: &Db) -> Result<()> {
        self.per_account.retain_recent();
        self.per_account.shrink_to_fit();
        self.per_address.retain_recent();
        self.per_address.shrink_to_fit();
        stores::throttle::forget_idle(db, stores::db::now().timestamp_millis()).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn limit(s: &str) -> RateLimit {
        s.parse().unwrap()
    }

    #[test]
    fn parses_limits() {
        assert_eq!(
            limit("10/15m"),
            RateLimit {
                burst: 10,
                period: Duration::from_secs(900)
            }
        );
        assert_eq!(
            limit("60/h"),
            RateLimit {
                burst: 60,
                period: Duration::from_secs(3600)
            }
        );
        assert!("0/1m".parse::<RateLimit>().is_err());
        assert!("ten/1m".parse::<RateLimit>().is_err());
        assert!("10".parse::<RateLimit>().is_err());
        assert!("10/1y".parse::<RateLimit>().is_err());
    }

    #[test]
    fn an_account_gets_its_burst_then_waits() {
        let throttle = Throttle::new(limit("3/15m"), limit("100/1m"));
        for _ in 0..3 {
            throttle
                .attempt_here(None, &account_key("Tony@Start.com"))
                .unwrap();
        }
        let Err(Error::TooManyRequests { retry_after_secs }) =
            throttle.attempt_here(None, &account_key("tony@start.com "))
        else {
            panic!("the fourth attempt is refused, whatever the case of the email");
        };
        assert!((1..=300).contains(&retry_after_secs), "{retry_after_secs}");
        assert!(throttle
            .attempt_here(None, &account_key("someone-else@start.com"))
            .is_ok());
    }

    #[test]
    fn the_shared_bucket_matches_the_local_one() {
        let limit = limit("10/15m");
        assert_eq!(limit.interval(), Duration::from_secs(90));
        assert_eq!(limit.tolerance(), Duration::from_secs(810));
        let single = self::limit("1/1m");
        assert_eq!(single.tolerance(), Duration::ZERO, "one attempt, then wait");
    }

    #[test]
    fn an_address_is_limited_across_accounts() {
        let throttle = Throttle::new(limit("100/1m"), limit("2/1m"));
        let address: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(throttle.attempt_here(Some(address), "a@x.co").is_ok());
        assert!(throttle.attempt_here(Some(address), "b@x.co").is_ok());
        assert!(throttle.attempt_here(Some(address), "c@x.co").is_err());
        assert!(throttle
            .attempt_here(Some("127.0.0.3".parse().unwrap()), "c@x.co")
            .is_ok());
    }

    proptest! {
        #[test]
        fn any_account_string_is_a_valid_key(account in "\\PC{0,600}") {
            let throttle = Throttle::new(limit("5/1m"), limit("5/1m"));
            prop_assert!(throttle.attempt_here(None, &account_key(&account)).is_ok());
        }

        #[test]
        fn limit_strings_never_panic(input in "\\PC{0,20}") {
            let _ = input.parse::<RateLimit>();
        }
    }
}
