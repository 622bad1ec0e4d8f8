//! Slowing down password guessing: sign-in and sign-up attempts are limited per account
//! (the email tried) and per client address (an IPv4 address, or an IPv6 /64 — one
//! subscriber's network), each a token bucket (GCRA): a burst, then one more attempt per
//! `period / burst`. Over the limit, the answer is 429 with `Retry-After`, before any
//! password is hashed.
//!
//! Per-address buckets are counted twice: this process's memory answers floods without
//! touching the database, and the database's counters (`stores::throttle`) hold across
//! restarts and across every instance sharing the database. Per-account buckets live in the
//! database only, so that a password reset can empty one everywhere.
//!
//! Password-reset requests have a bucket per email of their own (so that asking for links
//! cannot spend the sign-in allowance, nor sign-ins the links), and share the per-address one.
//!
//! An account's bucket can be spent by anyone who knows the email. So that this cannot lock
//! the owner out, sign-in asks [`Throttle::sign_in_attempt`], which leaves the decision to
//! the caller when only the account's bucket is spent: a client that has signed in to that
//! account before (its address, or its device cookie) may still try its password.

use governor::{
    clock::{Clock, DefaultClock},
    DefaultKeyedRateLimiter, Quota, RateLimiter,
};
use std::{
    fmt,
    net::{IpAddr, Ipv6Addr},
    num::NonZeroU32,
    str::FromStr,
    sync::Arc,
    time::Duration,
};

use crate::{
    auth::ActorType,
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

/// The bucket of `actor`'s login `account`. Customers' keep the form they had before
/// admins existed, so stored counters carry over.
fn account_bucket(actor: ActorType, account: &str) -> String {
    match actor {
        ActorType::Customer => format!("account:{}", account_key(account)),
        ActorType::User => format!("account:user:{}", account_key(account)),
    }
}

/// The part of a client address that identifies one client: an IPv4 address (also when
/// written as IPv4-mapped IPv6), or the /64 network of an IPv6 address, since one subscriber
/// is given a whole /64 and can pick any address in it.
pub fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(v4) => IpAddr::V4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let network = u128::from(v6) & (u128::MAX << 64);
                IpAddr::V6(Ipv6Addr::from(network))
            }
        },
    }
}

/// The stored form of a client address key, the same in the sign-in counters and among a
/// login's known clients.
pub fn address_client_key(address: IpAddr) -> String {
    match address_key(address) {
        IpAddr::V4(v4) => format!("address:{v4}"),
        IpAddr::V6(v6) => format!("address:{v6}/64"),
    }
}

/// What a sign-in attempt may do, once the client's address is within its allowance.
#[derive(Debug)]
pub enum AccountAllowance {
    /// Counted against the account; check the password.
    Granted,
    /// The account's allowance is spent: refuse with this error, unless the client is
    /// known to the account.
    Spent(Error),
}

#[derive(Clone)]
pub struct Throttle {
    account_limit: RateLimit,
    address_limit: RateLimit,
    reset_limit: RateLimit,
    per_address: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    clock: DefaultClock,
}

impl fmt::Debug for Throttle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Throttle")
            .field("addresses", &self.per_address.len())
            .finish()
    }
}

impl Throttle {
    /// `per_reset_email`: password-reset requests per email.
    pub fn new(per_account: RateLimit, per_address: RateLimit, per_reset_email: RateLimit) -> Self {
        Self {
            account_limit: per_account,
            address_limit: per_address,
            reset_limit: per_reset_email,
            per_address: Arc::new(RateLimiter::keyed(per_address.quota())),
            clock: DefaultClock::default(),
        }
    }

    /// Counts one sign-up attempt from `client` at `account` (an email as typed); refuses
    /// it when either has used up its allowance.
    pub async fn attempt(&self, db: &Db, client: Option<IpAddr>, account: &str) -> Result<()> {
        match self
            .sign_in_attempt(db, client, ActorType::Customer, account)
            .await?
        {
            AccountAllowance::Granted => Ok(()),
            AccountAllowance::Spent(error) => Err(error),
        }
    }

    /// Counts one sign-in attempt at `actor`'s login `account`. Refuses it (`Err`) when the
    /// client's address has used up its allowance; reports whether the account's allowance
    /// was spent. A customer's and an admin's login with the same email are two accounts,
    /// each with its own allowance; the client's address has one for both.
    pub async fn sign_in_attempt(
        &self,
        db: &Db,
        client: Option<IpAddr>,
        actor: ActorType,
        account: &str,
    ) -> Result<AccountAllowance> {
        let now_ms = stores::db::now().timestamp_millis();
        self.address_attempt(db, client, now_ms).await?;
        let key = account_bucket(actor, account);
        Ok(
            match self.take(db, &key, now_ms, self.account_limit).await? {
                None => AccountAllowance::Granted,
                Some(wait) => AccountAllowance::Spent(self.refused("account", wait)),
            },
        )
    }

    /// Counts one password-reset request from `client` for `account` (an email as typed);
    /// refuses it when the client's address or that email has used up its allowance, so
    /// nobody can flood a customer's mailbox.
    pub async fn reset_request(
        &self,
        db: &Db,
        client: Option<IpAddr>,
        account: &str,
    ) -> Result<()> {
        let now_ms = stores::db::now().timestamp_millis();
        self.address_attempt(db, client, now_ms).await?;
        let key = format!("reset:{}", account_key(account));
        match self.take(db, &key, now_ms, self.reset_limit).await? {
            None => Ok(()),
            Some(wait) => Err(self.refused("reset", wait)),
        }
    }

    /// Counts one look-up that tells whether an account exists (Medusa v1's
    /// `GET /store/auth/{email}`) against the client's address only. Such a look-up is a
    /// guess about accounts, so it spends the same per-address allowance as sign-ins; it
    /// names no password, so no account's allowance is touched.
    pub async fn account_lookup(&self, db: &Db, client: Option<IpAddr>) -> Result<()> {
        let now_ms = stores::db::now().timestamp_millis();
        self.address_attempt(db, client, now_ms).await
    }

    /// Counts one attempt against the client's address, in memory and in the database.
    async fn address_attempt(&self, db: &Db, client: Option<IpAddr>, now_ms: i64) -> Result<()> {
        if let Some(address) = client.map(address_key) {
            if let Err(not_until) = self.per_address.check_key(&address) {
                return Err(self.refused("address", not_until.wait_time_from(self.clock.now())));
            }
            let key = address_client_key(address);
            if let Some(wait) = self.take(db, &key, now_ms, self.address_limit).await? {
                return Err(self.refused("address", wait));
            }
        }
        Ok(())
    }

    /// Gives the account its whole allowance back (after the owner proved who they are,
    /// e.g. by a password reset).
    pub async fn clear_account(&self, db: &Db, actor: ActorType, account: &str) -> Result<()> {
        let key = account_bucket(actor, account);
        stores::throttle::clear(db, &key).await?;
        Ok(())
    }

    async fn take(
        &self,
        db: &Db,
        key: &str,
        now_ms: i64,
        limit: RateLimit,
    ) -> Result<Option<Duration>> {
        Ok(stores::throttle::take(db, key, now_ms, limit.interval(), limit.tolerance()).await?)
    }

    fn refused(&self, limit: &str, wait: Duration) -> Error {
        tracing::warn!(
            limit,
            wait_secs = wait.as_secs_f32(),
            "authentication attempts throttled"
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
    fn a_customer_and_an_admin_with_one_email_are_two_accounts() {
        assert_eq!(
            account_bucket(ActorType::Customer, " Ann@Example.com"),
            "account:ann@example.com"
        );
        assert_eq!(
            account_bucket(ActorType::User, "ann@example.COM"),
            "account:user:ann@example.com"
        );
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
    fn every_spelling_of_an_email_shares_one_account_key() {
        assert_eq!(
            account_key(" Tony@Start.com "),
            account_key("tony@start.com")
        );
        assert_ne!(
            account_key("tony@start.com"),
            account_key("someone-else@start.com")
        );
    }

    #[test]
    fn ipv6_clients_are_keyed_by_their_64_and_ipv4_by_the_address() {
        let key = |s: &str| address_key(s.parse().unwrap());
        assert_eq!(key("2001:db8:1:2:aaaa::1"), key("2001:db8:1:2:ffff:1:2:3"));
        assert_ne!(key("2001:db8:1:2::1"), key("2001:db8:1:3::1"));
        assert_eq!(key("::ffff:203.0.113.9"), key("203.0.113.9"));
        assert_ne!(key("203.0.113.9"), key("203.0.113.10"));
        assert_eq!(
            address_client_key("2001:db8:1:2:aaaa::1".parse().unwrap()),
            "address:2001:db8:1:2::/64"
        );
        assert_eq!(
            address_client_key("203.0.113.9".parse().unwrap()),
            "address:203.0.113.9"
        );
    }

    #[test]
    fn the_shared_bucket_matches_the_local_one() {
        let limit = limit("10/15m");
        assert_eq!(limit.interval(), Duration::from_secs(90));
        assert_eq!(limit.tolerance(), Duration::from_secs(810));
        let single = self::limit("1/1m");
        assert_eq!(single.tolerance(), Duration::ZERO, "one attempt, then wait");
    }

    proptest! {
        #[test]
        fn any_account_string_is_a_bounded_key(account in "\\PC{0,600}") {
            prop_assert!(account_key(&account).chars().count() <= MAX_ACCOUNT_KEY);
        }

        #[test]
        fn limit_strings_never_panic(input in "\\PC{0,20}") {
            let _ = input.parse::<RateLimit>();
        }
    }
}
