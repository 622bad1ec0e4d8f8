//! The back office (`/app`) as a browser without JavaScript uses it: pages rendered on the
//! server, plain form posts to the server functions, redirects, and errors carried back in
//! the address.

use reqwest::StatusCode;
use serde_json::json;

use crate::{
    admin_auth::{create_admin, ADMIN_PASSWORD},
    admin_helpers::{self, Admin},
    helpers::*,
};

/// A browser without JavaScript: the cookies it holds (session, form error).
struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<String>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Self {
            app,
            cookies: Vec::new(),
        }
    }

    /// A browser whose session holds the admin's sign-in (`POST /auth/session`).
    async fn admin(app: &'a TestApp, admin: &Admin) -> Self {
        let cookie = app.session_cookie(&admin.token).await;
        Self {
            app,
            cookies: vec![cookie],
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.join("; ")
    }

    /// Keeps the session and form-error cookies a response sets, as a browser does.
    fn keep_cookies(&mut self, response: &reqwest::Response) {
        for cookie in set_cookie_headers(response) {
            let pair = cookie.split(';').next().unwrap().to_owned();
            let name = pair.split('=').next().unwrap().to_owned();
            if name == "connect.sid" || name == "form-error" {
                self.cookies.retain(|c| !c.starts_with(&format!("{name}=")));
                if !pair.ends_with('=') {
                    self.cookies.push(pair);
                }
            }
        }
    }

    /// `GET path` without following a redirect: the status, the redirect target if any, and
    /// the HTML.
    async fn open(&self, path: &str) -> (StatusCode, Option<String>, String) {
        let mut request = self
            .app
            .client
            .get(self.app.url(path))
            .header("accept", "text/html");
        if !self.cookies.is_empty() {
            request = request.header("cookie", self.cookie_header());
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let location = response
            .headers()
            .get("location")
            .map(|l| l.to_str().unwrap().to_owned());
        (status, location, response.text().await.unwrap())
    }

    /// A page that must render: its HTML.
    async fn page(&self, path: &str) -> String {
        let (status, location, html) = self.open(path).await;
        assert_eq!(status, StatusCode::OK, "{path} → {location:?}");
        html
    }

    /// Posts a form from page `from`; where the browser is sent (path and query).
    async fn submit(&mut self, action: &str, from: &str, fields: &[(&str, &str)]) -> String {
        let mut request = self
            .app
            .client
            .post(self.app.url(action))
            .header("origin", self.app.origin())
            .header("referer", self.app.url(from))
            .header("accept", "text/html")
            .form(fields);
        if !self.cookies.is_empty() {
            request = request.header("cookie", self.cookie_header());
        }
        let response = request.send().await.unwrap();
        assert!(
            response.status().is_redirection(),
            "{action}: {}",
            response.status()
        );
        self.keep_cookies(&response);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        location
            .strip_prefix(&self.app.address)
            .unwrap_or(&location)
            .to_owned()
    }
}

fn assert_sent_to_sign_in(path: &str, status: StatusCode, location: Option<String>) {
    assert!(status.is_redirection(), "{path}: {status}");
    let location = location.unwrap();
    assert!(location.starts_with("/app/login"), "{path} → {location}");
}

/// The id at the end of a redirect to a record's page (`/app/…/{id}?…`).
fn id_in(location: &str) -> String {
    location
        .split('?')
        .next()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

db_tests! {
    async fn the_back_office_sends_anyone_but_an_admin_to_sign_in(app) {
        let anonymous = Browser::new(&app);
        let (status, location, _) = anonymous.open("/app/customers?q=ada").await;
        assert!(status.is_redirection(), "{status}");
        assert_eq!(location.unwrap(), "/app/login?next=%2Fapp%2Fcustomers%3Fq%3Dada");
        for path in ["/app/customers/new", "/app/customer-groups", "/app/customer-groups/cusgroup_01M82363EKDZQQNAMPA3XGMFKF"] {
            let (status, location, _) = anonymous.open(path).await;
            assert_sent_to_sign_in(path, status, location);
        }
        let (status, location, _) = anonymous.open("/app").await;
        assert!(status.is_redirection(), "{status}");
        assert_eq!(location.unwrap(), "/app/customers");

        // A signed-in customer is nobody in the back office.
        let token = app.signed_up(&email("bo-customer")).await;
        let customer = Browser { app: &app, cookies: vec![app.session_cookie(&token).await] };
        for path in ["/app/customers", "/app/customer-groups"] {
            let (status, location, _) = customer.open(path).await;
            assert_sent_to_sign_in(path, status, location);
        }
        let login = customer.page("/app/login").await;
        assert!(login.contains("Sign in"), "the sign-in form is shown");
        assert!(!login.contains("site-header"), "the shop's header is not part of the back office");
    }

    async fn a_wrong_password_is_shown_on_the_sign_in_form(app) {
        let address = email("bo-wrong");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        // A customer with the same email and its own password is not an admin.
        let customer_address = email("bo-only-customer");
        app.signed_up(&customer_address).await;

        let mut browser = Browser::new(&app);
        for (who, password) in [(address.as_str(), "wrong password"), (customer_address.as_str(), PASSWORD)] {
            let back = browser
                .submit("/api/admin_login", "/app/login?next=%2Fapp%2Fcustomer-groups", &[
                    ("email", who),
                    ("password", password),
                    ("next", "/app/customer-groups"),
                ])
                .await;
            assert!(back.starts_with("/app/login?next="), "{back}");
            assert!(back.contains("__err="), "{back}");
            let html = browser.page(&back).await;
            assert!(html.contains("Invalid email or password"), "{who}: the error is shown");
            assert!(html.contains(&format!("value=\"{who}\"")), "the email is kept as typed");
            assert!(!html.contains(password), "the password is never sent back");
            let (status, location, _) = browser.open("/app/customers").await;
            assert_sent_to_sign_in("/app/customers", status, location);
        }
    }

    async fn signing_in_and_out_of_the_back_office_leaves_the_customer_signed_in(app) {
        let address = email("bo-both");
        create_admin(&app, &address, ADMIN_PASSWORD).await;
        let customer_token = app.signed_up(&address).await;
        let mut browser = Browser { app: &app, cookies: vec![app.session_cookie(&customer_token).await] };

        let next = browser
            .submit("/api/admin_login", "/app/login?next=%2Fapp%2Fcustomer-groups", &[
                ("email", address.as_str()),
                ("password", ADMIN_PASSWORD),
                ("next", "/app/customer-groups"),
            ])
            .await;
        assert_eq!(next, "/app/customer-groups");
        let html = browser.page("/app/customer-groups").await;
        assert!(html.contains("Ada Admin"), "the frame names the admin");
        assert!(html.contains("aria-current=\"page\""), "the section is marked");
        let (status, location, _) = browser.open("/app/login").await;
        assert!(status.is_redirection(), "a signed-in admin skips the sign-in page");
        assert_eq!(location.unwrap(), "/app/customers");
        let account = browser.page("/account").await;
        assert!(account.contains(&address), "the customer is still signed in");

        // Another site's page cannot send the admin elsewhere after signing in.
        let elsewhere = browser
            .submit("/api/admin_login", "/app/login", &[
                ("email", address.as_str()),
                ("password", ADMIN_PASSWORD),
                ("next", "https://evil.example/app"),
            ])
            .await;
        assert_eq!(elsewhere, "/app/customers");

        let out = browser.submit("/api/admin_logout", "/app/customers", &[]).await;
        assert_eq!(out, "/app/login");
        let (status, location, _) = browser.open("/app/customers").await;
        assert_sent_to_sign_in("/app/customers", status, location);
        let account = browser.page("/account").await;
        assert!(account.contains(&address), "signing out of the back office keeps the customer");
    }

    async fn the_customer_list_shows_the_view_in_its_address(app) {
        let admin = admin_helpers::admin(&app).await;
        let vip = admin_helpers::group(&app, &admin, "VIP").await;
        let ada = admin_helpers::guest(&app, &admin, json!({"email": "ada@list.test", "first_name": "Ada", "last_name": "Lovelace"})).await;
        let alan = admin_helpers::guest(&app, &admin, json!({"email": "alan@list.test", "first_name": "Alan", "last_name": "Turing"})).await;
        admin_helpers::guest(&app, &admin, json!({"email": "grace@list.test", "first_name": "Grace", "last_name": "Hopper"})).await;
        let (status, body) = admin_helpers::post(&app, &admin.token, &format!("/admin/customer-groups/{vip}/customers"), json!({"add": [ada, alan]})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let browser = Browser::admin(&app, &admin).await;

        let all = browser.page("/app/customers").await;
        for name in ["Ada Lovelace", "Alan Turing", "Grace Hopper"] {
            assert!(all.contains(name), "{name} is listed");
        }
        assert!(all.contains("1–3 of 3 customers"), "the count is shown");
        assert!(all.contains(&format!("href=\"/app/customers/{ada}\"")), "names link to the customer");

        let searched = browser.page("/app/customers?q=lovelace").await;
        assert!(searched.contains("Ada Lovelace") && !searched.contains("Alan Turing"));
        assert!(searched.contains("value=\"lovelace\""), "the search box shows the search");

        let in_group = browser.page(&format!("/app/customers?groups={vip}&order=email")).await;
        assert!(in_group.contains("1–2 of 2 customers"), "the group filter applies");
        assert!(!in_group.contains("Grace Hopper"));
        let ada_at = in_group.find("Ada Lovelace").unwrap();
        let alan_at = in_group.find("Alan Turing").unwrap();
        assert!(ada_at < alan_at, "ordered by email");
        assert!(in_group.contains("VIP"), "the groups column names the group");
        assert!(
            in_group.contains(&format!("/admin/customers/export.csv?groups={vip}&amp;order=email")),
            "the export asks for the same view"
        );
        let reversed = browser.page(&format!("/app/customers?groups={vip}&order=-email")).await;
        assert!(reversed.find("Alan Turing").unwrap() < reversed.find("Ada Lovelace").unwrap());
        assert!(reversed.contains("aria-sort=\"descending\""));

        let guests = browser.page("/app/customers?has_account=true").await;
        assert!(guests.contains("No customers match"), "every listed customer is a guest");

        let today = chrono::Utc::now().date_naive();
        let created_today = browser
            .page(&format!("/app/customers?created_from={today}&created_to={today}&order=email"))
            .await;
        assert!(created_today.contains("1–3 of 3 customers"), "the last day counts whole");
        let tomorrow = today.succ_opt().unwrap();
        let none = browser.page(&format!("/app/customers?created_from={tomorrow}")).await;
        assert!(none.contains("No customers match"));

        let paged = browser.page("/app/customers?order=email&limit=15&offset=1").await;
        assert!(paged.contains("2–3 of 3 customers"), "the page starts at the offset");
        assert!(!paged.contains("Ada Lovelace"));
        assert!(paged.contains("rel=\"prev\""));

        let refused = browser.page("/app/customers?created_from=yesterday&limit=7").await;
        assert!(refused.contains("Enter a date like 2026-01-31."), "{refused}");
        assert!(refused.contains("Choose 15, 50 or 100 customers per page."));
    }

    async fn a_guest_customer_is_added_with_the_new_customer_form(app) {
        let admin = admin_helpers::admin(&app).await;
        let mut browser = Browser::admin(&app, &admin).await;
        let form = |email: &'static str, phone: &'static str| {
            [("email", email), ("first_name", "Joan"), ("last_name", "Clarke"), ("phone", phone), ("company_name", "GCHQ")]
        };

        let back = browser.submit("/api/admin_create_customer", "/app/customers/new", &form("", "12 34")).await;
        let html = browser.page(&back).await;
        assert!(html.contains("Email is required."), "the field's error is shown");
        assert!(html.contains("value=\"Clarke\""), "what was typed is kept");

        let created = browser.submit("/api/admin_create_customer", "/app/customers/new", &form("joan@new.test", "12 34")).await;
        assert!(created.starts_with("/app/customers/cus_"), "{created}");
        let (_, body) = admin_helpers::get(&app, &admin.token, &format!("/admin/customers/{}", id_in(&created))).await;
        assert_eq!(body["customer"]["email"], "joan@new.test");
        assert_eq!(body["customer"]["has_account"], false);
        assert_eq!(body["customer"]["created_by"], admin.id.as_str());

        let taken = browser.submit("/api/admin_create_customer", "/app/customers/new", &form("joan@new.test", "")).await;
        let html = browser.page(&taken).await;
        assert!(html.contains("A guest customer with this email already exists."));
    }

    async fn groups_are_created_renamed_filled_and_deleted_with_forms(app) {
        let admin = admin_helpers::admin(&app).await;
        let ada = admin_helpers::guest(&app, &admin, json!({"email": "ada@groups.test", "first_name": "Ada"})).await;
        let alan = admin_helpers::guest(&app, &admin, json!({"email": "alan@groups.test", "first_name": "Alan"})).await;
        let mut browser = Browser::admin(&app, &admin).await;
        const LIST: &str = "/app/customer-groups";

        let created = browser.submit("/api/admin_create_group", LIST, &[("name", "Wholesale")]).await;
        assert!(created.starts_with("/app/customer-groups/cusgroup_"), "{created}");
        let id = id_in(&created);
        let page = format!("/app/customer-groups/{id}");
        assert!(browser.page(&created).await.contains("Wholesale"));
        let list = browser.page(LIST).await;
        assert!(list.contains(&format!("href=\"{page}\"")), "the list links to the group");
        let searched = browser.page("/app/customer-groups?q=retail").await;
        assert!(searched.contains("No customer groups match"));

        let taken = browser.submit("/api/admin_create_group", LIST, &[("name", "Wholesale")]).await;
        assert!(browser.page(&taken).await.contains("A customer group with this name already exists."));
        let blank = browser.submit("/api/admin_create_group", LIST, &[("name", "  ")]).await;
        assert!(browser.page(&blank).await.contains("Name is required."));

        let renamed = browser.submit("/api/admin_rename_group", &page, &[("id", id.as_str()), ("name", "Trade")]).await;
        assert_eq!(renamed, format!("{page}?renamed=1"));
        assert!(browser.page(&renamed).await.contains("Trade"));

        let found = browser.page(&format!("{page}?add_q=groups.test")).await;
        assert!(found.contains("ada@groups.test") && found.contains("alan@groups.test"));
        let added = browser
            .submit("/api/admin_add_group_members", &page, &[("id", id.as_str()), ("customer_ids[]", ada.as_str()), ("customer_ids[]", alan.as_str())])
            .await;
        assert_eq!(added, format!("{page}?added=2"));
        let (_, members) = admin_helpers::get(&app, &admin.token, &format!("/admin/customers?groups={id}")).await;
        assert_eq!(members["count"], 2, "{members}");
        let shown = browser.page(&added).await;
        assert!(shown.contains("1–2 of 2 members"));

        let nothing = browser.submit("/api/admin_remove_group_members", &page, &[("id", id.as_str())]).await;
        assert!(browser.page(&nothing).await.contains("Select the members to remove."));
        let removed = browser
            .submit("/api/admin_remove_group_members", &page, &[("id", id.as_str()), ("customer_ids[]", ada.as_str())])
            .await;
        assert_eq!(removed, format!("{page}?removed=1"));
        let (_, members) = admin_helpers::get(&app, &admin.token, &format!("/admin/customers?groups={id}")).await;
        assert_eq!(admin_helpers::ids(&members), [alan]);

        let confirm = browser.page(&format!("{page}/delete")).await;
        assert!(confirm.contains("Its 1 member stays a customer"), "the confirmation says what happens");
        let deleted = browser.submit("/api/admin_delete_group", &format!("{page}/delete"), &[("id", id.as_str())]).await;
        assert_eq!(deleted, "/app/customer-groups?deleted=1");
        let (status, _) = admin_helpers::get(&app, &admin.token, &format!("/admin/customer-groups/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _, html) = browser.open(&page).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Customer group not found"));
    }
}
