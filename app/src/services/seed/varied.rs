//! `server seed --customers N --varied`: customers that look like a shop's, for trying the
//! admin list at scale and for its benchmark (bench/run.sh search).
//!
//! Names come from mixed lists (English, German, French, Nordic, Spanish, Polish, …;
//! some with non-ASCII letters), so a first-name fragment such as "ann" (Anna, Joanne,
//! Hannah) matches about 2 % of the customers, as in a real list; emails are
//! built from the names at free-mail providers or at the customer's company's domain; 40 %
//! have a company, 70 % a phone, 40 % an account (with a login sharing the seed password).
//! Group sizes differ by orders of magnitude: Newsletter ~35 %, Wholesale ~8 %, VIP ~2 %,
//! Staff ~0.3 %. `created_at` spreads over three years.
//!
//! Additive: each run adds N customers numbered after the ones already there (the number is
//! part of each email, so emails stay unique), reusing the four groups by name. Generated
//! from a seed fixed by that number, so the same database gets the same data.

use chrono::{Duration, Utc};
use rand::{rngs::StdRng, seq::SliceRandom, Rng, SeedableRng};

use crate::{
    auth::PasswordHash,
    error::Result,
    shared::CustomerId,
    stores::{
        bulk_customers::{self, BulkCustomer},
        Db,
    },
};

/// Rows per multi-row statement (each binds 11 values: well under both databases' limits).
const BATCH: usize = 1000;

/// The groups and the share of customers in each.
const GROUPS: &[(&str, f64)] = &[
    ("Newsletter", 0.35),
    ("Wholesale", 0.08),
    ("VIP", 0.02),
    ("Staff", 0.003),
];

const FIRST_NAMES: &[&str] = &[
    "Anna",
    "Hannah",
    "Joanne",
    "James",
    "John",
    "Robert",
    "Michael",
    "William",
    "David",
    "Richard",
    "Joseph",
    "Thomas",
    "Charles",
    "Mary",
    "Patricia",
    "Jennifer",
    "Linda",
    "Elizabeth",
    "Barbara",
    "Susan",
    "Jessica",
    "Sarah",
    "Karen",
    "Emma",
    "Olivia",
    "Sophia",
    "Isabella",
    "Mia",
    "Charlotte",
    "Amelia",
    "Harper",
    "Evelyn",
    "Abigail",
    "Emily",
    "Ella",
    "Liam",
    "Noah",
    "Oliver",
    "Elijah",
    "Lucas",
    "Mason",
    "Logan",
    "Ethan",
    "Jacob",
    "Aiden",
    "Jackson",
    "Sebastian",
    "Mateo",
    "Henry",
    "Owen",
    "Leo",
    "Lukas",
    "Felix",
    "Maximilian",
    "Paul",
    "Jonas",
    "Elias",
    "Ben",
    "Finn",
    "Lena",
    "Lea",
    "Marie",
    "Sophie",
    "Laura",
    "Julia",
    "Clara",
    "Greta",
    "Frieda",
    "Jürgen",
    "Günter",
    "Jörg",
    "Björn",
    "Åsa",
    "Søren",
    "Ørjan",
    "Märta",
    "Ingrid",
    "Astrid",
    "Sigrid",
    "Lars",
    "Nils",
    "Erik",
    "Olav",
    "Håkon",
    "Camille",
    "Léa",
    "Chloé",
    "Manon",
    "Inès",
    "Zoé",
    "Louis",
    "Gabriel",
    "Raphaël",
    "Jules",
    "Hugo",
    "Théo",
    "Nathan",
    "Émile",
    "Hélène",
    "Françoise",
    "Amélie",
    "Lucía",
    "Sofía",
    "Martina",
    "María",
    "Paula",
    "Valeria",
    "Alejandro",
    "Pablo",
    "Álvaro",
    "Javier",
    "Diego",
    "Sergio",
    "José",
    "Zofia",
    "Małgorzata",
    "Katarzyna",
    "Agnieszka",
    "Piotr",
    "Krzysztof",
    "Paweł",
    "Łukasz",
    "Tomasz",
    "Giulia",
    "Francesca",
    "Chiara",
    "Alessandro",
    "Lorenzo",
    "Matteo",
    "Andrea",
    "Marco",
    "Aisha",
    "Fatima",
    "Omar",
    "Yusuf",
    "Hiroshi",
    "Yuki",
    "Wei",
    "Li",
    "Mei",
    "Priya",
    "Arjun",
    "Ravi",
    "Ananya",
    "Kwame",
    "Amara",
    "Chidi",
    "Ngozi",
    "Sean",
    "Siobhan",
    "Niamh",
    "Ciara",
    "Declan",
    "Ruairí",
    "Eoin",
    "Grace",
    "Ava",
    "Chloe",
    "Zoe",
    "Ruby",
    "Freya",
    "Isla",
    "Poppy",
    "Alfie",
    "Archie",
    "Freddie",
    "Theo",
    "Harry",
    "George",
];

const LAST_NAMES: &[&str] = &[
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Jones",
    "Garcia",
    "Miller",
    "Davis",
    "Rodriguez",
    "Martinez",
    "Hernandez",
    "Lopez",
    "Gonzalez",
    "Wilson",
    "Anderson",
    "Thomas",
    "Taylor",
    "Moore",
    "Jackson",
    "Martin",
    "Lee",
    "Perez",
    "Thompson",
    "White",
    "Harris",
    "Sanchez",
    "Clark",
    "Ramirez",
    "Lewis",
    "Robinson",
    "Walker",
    "Young",
    "Allen",
    "King",
    "Wright",
    "Scott",
    "Torres",
    "Nguyen",
    "Hill",
    "Flores",
    "Green",
    "Adams",
    "Nelson",
    "Baker",
    "Hall",
    "Rivera",
    "Campbell",
    "Mitchell",
    "Carter",
    "Roberts",
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
    "Schulz",
    "Hoffmann",
    "Schäfer",
    "Koch",
    "Bauer",
    "Richter",
    "Klein",
    "Wolf",
    "Schröder",
    "Neumann",
    "Schwarz",
    "Zimmermann",
    "Braun",
    "Krüger",
    "Hofmann",
    "Hartmann",
    "Lange",
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Hansen",
    "Jensen",
    "Nielsen",
    "Pedersen",
    "Kristiansen",
    "Sørensen",
    "Bergström",
    "Lindqvist",
    "Åkesson",
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefèvre",
    "Michel",
    "García",
    "Fernández",
    "González",
    "Rodríguez",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Díaz",
    "Nowak",
    "Kowalski",
    "Wiśniewski",
    "Wójcik",
    "Kowalczyk",
    "Kamiński",
    "Lewandowski",
    "Zieliński",
    "Szymański",
    "Rossi",
    "Russo",
    "Ferrari",
    "Esposito",
    "Bianchi",
    "Romano",
    "Colombo",
    "Ricci",
    "Marino",
    "Greco",
    "Murphy",
    "Kelly",
    "O'Sullivan",
    "Walsh",
    "O'Brien",
    "Byrne",
    "Ryan",
    "O'Connor",
    "Khan",
    "Ahmed",
    "Ali",
    "Hussain",
    "Patel",
    "Singh",
    "Kumar",
    "Sharma",
    "Tanaka",
    "Sato",
    "Suzuki",
    "Takahashi",
    "Wang",
    "Zhang",
    "Liu",
    "Chen",
    "Yang",
    "Huang",
    "Okafor",
    "Mensah",
    "Adeyemi",
    "Van der Berg",
    "De Jong",
    "Jansen",
    "Visser",
    "Bakker",
    "Janssen",
];

const COMPANY_WORDS: &[&str] = &[
    "Acme",
    "Brightwater",
    "Northwind",
    "Bluebird",
    "Cedar",
    "Summit",
    "Harbor",
    "Pioneer",
    "Evergreen",
    "Silverline",
    "Redwood",
    "Ironbridge",
    "Maple",
    "Granite",
    "Lakeside",
    "Sunrise",
    "Oakridge",
    "Riverstone",
    "Highland",
    "Coastal",
    "Golden Gate",
    "Falcon",
    "Orchid",
    "Aurora",
    "Meridian",
    "Atlas",
    "Beacon",
    "Crescent",
    "Horizon",
    "Keystone",
    "Lighthouse",
    "Nordic",
    "Alpine",
    "Baltic",
    "Danube",
    "Rhine",
    "Sahara",
    "Pacific",
    "Atlantic",
    "Everest",
    "Kilimanjaro",
    "Fjord",
    "Tundra",
    "Savanna",
    "Prairie",
    "Canyon",
    "Glacier",
    "Willow",
    "Juniper",
    "Sequoia",
];

const COMPANY_KINDS: &[&str] = &[
    "Logistics",
    "Trading",
    "Supplies",
    "Foods",
    "Textiles",
    "Outfitters",
    "Hardware",
    "Design",
    "Studio",
    "Consulting",
    "Retail",
    "Wholesale",
    "Imports",
    "Coffee",
    "Bakery",
    "Garden",
    "Tools",
    "Furniture",
    "Books",
    "Cycles",
];

const COMPANY_FORMS: &[&str] = &[
    "Ltd",
    "GmbH",
    "SARL",
    "AB",
    "Inc.",
    "LLC",
    "S.L.",
    "sp. z o.o.",
    "",
    "",
    "",
];

/// Free-mail providers with their share of the addresses that are not at a company.
const PROVIDERS: &[(&str, u32)] = &[
    ("gmail.com", 30),
    ("outlook.com", 12),
    ("hotmail.com", 9),
    ("yahoo.com", 9),
    ("icloud.com", 7),
    ("gmx.de", 6),
    ("web.de", 5),
    ("orange.fr", 4),
    ("free.fr", 3),
    ("proton.me", 3),
    ("libero.it", 3),
    ("wp.pl", 3),
    ("aol.com", 2),
    ("mail.com", 2),
    ("yandex.com", 2),
];

/// Phone formats by country: a prefix and the digit groups that follow it.
const PHONES: &[(&str, &[usize])] = &[
    ("+1", &[3, 3, 4]),
    ("+44", &[2, 4, 4]),
    ("+49", &[3, 7]),
    ("+33", &[1, 2, 2, 2, 2]),
    ("+34", &[3, 3, 3]),
    ("+46", &[2, 3, 2, 2]),
    ("+48", &[3, 3, 3]),
    ("+39", &[3, 3, 4]),
    ("+47", &[3, 2, 3]),
];

/// Adds `count` varied customers (see the module's doc); returns how many were created.
pub async fn customers(db: &Db, count: usize, password_hash: &PasswordHash) -> Result<usize> {
    let first = bulk_customers::count_all(db).await? as usize + 1;
    let mut rng = StdRng::seed_from_u64(first as u64);
    let mut tx = db.begin_write().await?;
    let mut groups = Vec::with_capacity(GROUPS.len());
    for (name, share) in GROUPS {
        groups.push((bulk_customers::group_named(&mut tx, name).await?, *share));
    }
    tx.commit().await?;
    let now = Utc::now();
    let span = Duration::days(3 * 365).num_seconds();
    let mut created = 0;
    for start in (first..first + count).step_by(BATCH) {
        let end = (start + BATCH).min(first + count);
        let rows: Vec<BulkCustomer> = (start..end)
            .map(|n| {
                let mut customer = one(&mut rng, n);
                // Older numbers are older customers, with some jitter.
                let age = span - span * (n - first) as i64 / count.max(1) as i64;
                let jitter = rng.gen_range(0..86_400);
                customer.created_at = now - Duration::seconds((age - jitter).max(0));
                customer.groups = groups
                    .iter()
                    .filter(|(_, share)| rng.gen_bool(*share))
                    .map(|(id, _)| id.clone())
                    .collect();
                customer
            })
            .collect();
        let mut tx = db.begin_write().await?;
        bulk_customers::insert(&mut tx, &rows, password_hash).await?;
        tx.commit().await?;
        created += rows.len();
    }
    bulk_customers::analyze(db).await?;
    Ok(created)
}

/// Customer number `n`, without its creation time and groups.
fn one(rng: &mut StdRng, n: usize) -> BulkCustomer {
    let first_name = *FIRST_NAMES.choose(rng).unwrap_or(&"Alex");
    let last_name = *LAST_NAMES.choose(rng).unwrap_or(&"Doe");
    let company = rng.gen_bool(0.4).then(|| {
        let word = *COMPANY_WORDS.choose(rng).unwrap_or(&"Acme");
        let kind = *COMPANY_KINDS.choose(rng).unwrap_or(&"Trading");
        let form = *COMPANY_FORMS.choose(rng).unwrap_or(&"");
        (word, format!("{word} {kind} {form}").trim_end().to_owned())
    });
    let first = ascii_word(first_name);
    let last = ascii_word(last_name);
    let local = match rng.gen_range(0..5) {
        0 => format!("{first}.{last}{n}"),
        1 => format!("{}{last}{n}", &first[..1]),
        2 => format!("{first}{n}"),
        3 => format!("{first}_{last}.{n}"),
        _ => format!("{last}.{first}{n}"),
    };
    let domain = match &company {
        Some((word, _)) if rng.gen_bool(0.7) => format!("{}.com", ascii_word(word)),
        _ => {
            let total: u32 = PROVIDERS.iter().map(|(_, weight)| weight).sum();
            let mut pick = rng.gen_range(0..total);
            let mut domain = PROVIDERS[0].0;
            for (provider, weight) in PROVIDERS {
                if pick < *weight {
                    domain = provider;
                    break;
                }
                pick -= weight;
            }
            domain.to_owned()
        }
    };
    let phone = rng.gen_bool(0.7).then(|| {
        let (prefix, groups) = PHONES.choose(rng).unwrap_or(&PHONES[0]);
        let mut phone = (*prefix).to_owned();
        for digits in *groups {
            phone.push(' ');
            for _ in 0..*digits {
                phone.push(char::from(b'0' + rng.gen_range(0..10)));
            }
        }
        phone
    });
    BulkCustomer {
        id: CustomerId::generate(),
        email: format!("{local}@{domain}"),
        first_name: first_name.to_owned(),
        last_name: last_name.to_owned(),
        company_name: company.map(|(_, name)| name),
        phone,
        has_account: rng.gen_bool(0.4),
        created_at: Utc::now(),
        groups: Vec::new(),
    }
}

/// A name as an email's local part or domain label: lower-case ASCII letters only
/// (accents dropped, other letters transliterated, spaces and apostrophes removed).
fn ascii_word(name: &str) -> String {
    let mut word = String::with_capacity(name.len());
    for c in name.to_lowercase().chars() {
        let ascii = match c {
            'a'..='z' => Some(c.to_string()),
            'à' | 'á' | 'â' | 'ä' | 'å' | 'ą' => Some("a".into()),
            'é' | 'è' | 'ê' | 'ë' | 'ę' => Some("e".into()),
            'í' | 'ì' | 'î' | 'ï' => Some("i".into()),
            'ó' | 'ò' | 'ô' | 'ö' | 'ø' => Some("o".into()),
            'ú' | 'ù' | 'û' | 'ü' => Some("u".into()),
            'ç' | 'ć' => Some("c".into()),
            'ñ' | 'ń' => Some("n".into()),
            'ś' => Some("s".into()),
            'ź' | 'ż' => Some("z".into()),
            'ł' => Some("l".into()),
            'ß' => Some("ss".into()),
            'æ' => Some("ae".into()),
            _ => None,
        };
        if let Some(ascii) = ascii {
            word.push_str(&ascii);
        }
    }
    if word.is_empty() {
        word.push('x');
    }
    word
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_ascii_email_words() {
        assert_eq!(ascii_word("Małgorzata"), "malgorzata");
        assert_eq!(ascii_word("O'Sullivan"), "osullivan");
        assert_eq!(ascii_word("Van der Berg"), "vanderberg");
        assert_eq!(ascii_word("Søren"), "soren");
    }

    #[test]
    fn customers_are_numbered_into_their_emails() {
        let mut rng = StdRng::seed_from_u64(1);
        let a = one(&mut rng, 41);
        let b = one(&mut rng, 42);
        assert!(a.email.contains("41@"), "{}", a.email);
        assert!(b.email.contains("42@"), "{}", b.email);
        assert!(a.email.is_ascii());
    }
}
