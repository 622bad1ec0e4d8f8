//! Money: amounts are whole numbers of a currency's minor unit (cents for `usd`, yen for
//! `jpy`, fils for `kwd`), never floats. A [`Currency`] knows how many decimals its minor
//! unit has (ISO 4217), so `6978` `usd` reads "69.78" and is written to Medusa v2's wire as
//! the number `69.78`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A lower-case ISO 4217 code (`usd`, `eur`), as Medusa writes `currency_code`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(String);

/// Currencies whose minor unit is not a hundredth (ISO 4217): no decimals, or three.
const NO_DECIMALS: &[&str] = &[
    "bif", "clp", "djf", "gnf", "isk", "jpy", "kmf", "krw", "pyg", "rwf", "ugx", "uyi", "vnd",
    "vuv", "xaf", "xof", "xpf",
];
const THREE_DECIMALS: &[&str] = &["bhd", "iqd", "jod", "kwd", "lyd", "omr", "tnd"];

impl Currency {
    /// Three ASCII letters, any case; stored lower-case.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        (code.len() == 3 && code.bytes().all(|b| b.is_ascii_alphabetic()))
            .then(|| Self(code.to_ascii_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Decimal places of the minor unit: 2 unless ISO 4217 says otherwise.
    pub fn decimals(&self) -> u32 {
        if NO_DECIMALS.contains(&self.as_str()) {
            0
        } else if THREE_DECIMALS.contains(&self.as_str()) {
            3
        } else {
            2
        }
    }

    /// The sign shown before an amount, when the currency has a well-known one.
    fn symbol(&self) -> Option<&'static str> {
        Some(match self.as_str() {
            "usd" => "$",
            "eur" => "€",
            "gbp" => "£",
            "jpy" => "¥",
            "inr" => "₹",
            "krw" => "₩",
            "ils" => "₪",
            "ngn" => "₦",
            "php" => "₱",
            "vnd" => "₫",
            "uah" => "₴",
            "try" => "₺",
            _ => return None,
        })
    }
}

impl TryFrom<String> for Currency {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value).ok_or_else(|| format!("not a currency code: {value}"))
    }
}

impl From<Currency> for String {
    fn from(currency: Currency) -> Self {
        currency.0
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why a decimal amount was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AmountError {
    NotANumber,
    TooManyDecimals { allowed: u32 },
    TooLarge,
}

impl fmt::Display for AmountError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotANumber => f.write_str("is not a decimal number"),
            Self::TooManyDecimals { allowed } => {
                write!(f, "has more than {allowed} decimal places for its currency")
            }
            Self::TooLarge => f.write_str("is too large"),
        }
    }
}

/// Reads a decimal amount in major units ("69.78", "-5", "1e3" is refused) as minor units of
/// `currency`, exactly: "69.78" usd → 6978; "69.785" usd is refused, not rounded.
pub fn parse_major(text: &str, currency: &Currency) -> Result<i64, AmountError> {
    let decimals = currency.decimals();
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !all_digits(whole) || !all_digits(fraction) {
        return Err(AmountError::NotANumber);
    }
    if digits.contains('.') && fraction.is_empty() {
        return Err(AmountError::NotANumber);
    }
    let fraction = fraction.trim_end_matches('0');
    if fraction.len() > decimals as usize {
        return Err(AmountError::TooManyDecimals { allowed: decimals });
    }
    let scale = 10_i64.pow(decimals);
    let whole: i64 = whole.parse().map_err(|_| AmountError::TooLarge)?;
    let fraction_value: i64 = if fraction.is_empty() {
        0
    } else {
        let padded = format!("{fraction:0<width$}", width = decimals as usize);
        padded.parse().map_err(|_| AmountError::NotANumber)?
    };
    let minor = whole
        .checked_mul(scale)
        .and_then(|v| v.checked_add(fraction_value))
        .ok_or(AmountError::TooLarge)?;
    Ok(if negative { -minor } else { minor })
}

/// Minor units as a plain decimal in major units: 6978 usd → "69.78", 1200 jpy → "1200",
/// 5 usd → "0.05". Trailing zeros are kept to the currency's places.
pub fn major_string(minor: i64, currency: &Currency) -> String {
    let decimals = currency.decimals() as usize;
    let sign = if minor < 0 { "-" } else { "" };
    let digits = minor.unsigned_abs().to_string();
    if decimals == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = decimals + 1);
    let (whole, fraction) = padded.split_at(padded.len() - decimals);
    format!("{sign}{whole}.{fraction}")
}

/// Minor units as the JSON number Medusa v2 sends (major units): 6978 usd → 69.78. The value
/// is the nearest double to the exact decimal, which JSON writers print as that decimal for
/// any amount below 2^53 minor units.
pub fn major_number(minor: i64, currency: &Currency) -> f64 {
    minor as f64 / 10_f64.powi(currency.decimals() as i32)
}

/// An amount for people: "$69.78", "€1,250.00", "¥1,200", "CHF 12.50"; negative amounts
/// lead with a minus sign ("-$5.00").
pub fn format(minor: i64, currency: &Currency) -> String {
    let plain = major_string(minor.abs(), currency);
    let (whole, fraction) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::with_capacity(whole.len() + whole.len() / 3);
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    let number = if fraction.is_empty() {
        grouped
    } else {
        format!("{grouped}.{fraction}")
    };
    let sign = if minor < 0 { "-" } else { "" };
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{} {number}", currency.as_str().to_ascii_uppercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::parse(code).unwrap()
    }

    #[test]
    fn currencies_know_their_decimals() {
        assert_eq!(cur("USD").as_str(), "usd");
        assert_eq!(cur("usd").decimals(), 2);
        assert_eq!(cur("jpy").decimals(), 0);
        assert_eq!(cur("kwd").decimals(), 3);
        assert!(Currency::parse("us").is_none());
        assert!(Currency::parse("u$d").is_none());
    }

    #[test]
    fn major_amounts_parse_exactly() {
        assert_eq!(parse_major("69.78", &cur("usd")), Ok(6978));
        assert_eq!(parse_major("69.7", &cur("usd")), Ok(6970));
        assert_eq!(parse_major("69.780", &cur("usd")), Ok(6978));
        assert_eq!(parse_major("0", &cur("usd")), Ok(0));
        assert_eq!(parse_major("-5", &cur("eur")), Ok(-500));
        assert_eq!(parse_major("1200", &cur("jpy")), Ok(1200));
        assert_eq!(parse_major("1.234", &cur("kwd")), Ok(1234));
        assert_eq!(
            parse_major("69.785", &cur("usd")),
            Err(AmountError::TooManyDecimals { allowed: 2 })
        );
        assert_eq!(
            parse_major("12.5", &cur("jpy")),
            Err(AmountError::TooManyDecimals { allowed: 0 })
        );
        for bad in ["", "abc", "1e3", "1.", ".5", "1,5", "--1", "+1", " 1"] {
            assert_eq!(
                parse_major(bad, &cur("usd")),
                Err(AmountError::NotANumber),
                "{bad}"
            );
        }
        assert_eq!(
            parse_major("99999999999999999999", &cur("usd")),
            Err(AmountError::TooLarge)
        );
    }

    #[test]
    fn minor_units_print_as_decimals() {
        assert_eq!(major_string(6978, &cur("usd")), "69.78");
        assert_eq!(major_string(5, &cur("usd")), "0.05");
        assert_eq!(major_string(-5, &cur("usd")), "-0.05");
        assert_eq!(major_string(1200, &cur("jpy")), "1200");
        assert_eq!(major_string(1234, &cur("kwd")), "1.234");
        assert_eq!(major_number(6978, &cur("usd")).to_string(), "69.78");
        assert_eq!(major_number(1, &cur("usd")).to_string(), "0.01");
    }

    #[test]
    fn amounts_format_for_people() {
        assert_eq!(format(6978, &cur("usd")), "$69.78");
        assert_eq!(format(125000, &cur("eur")), "€1,250.00");
        assert_eq!(format(1200, &cur("jpy")), "¥1,200");
        assert_eq!(format(1250, &cur("chf")), "CHF 12.50");
        assert_eq!(format(-500, &cur("usd")), "-$5.00");
        assert_eq!(format(123456789, &cur("usd")), "$1,234,567.89");
    }
}
