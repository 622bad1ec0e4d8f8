//! The address-book pages as a browser without JavaScript uses them: plain form posts to
//! the server functions, redirects, and the pages rendered on the server.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// A signed-in browser without JavaScript: its session cookie, plus any form-error cookie.
struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<String>,
    token: String,
}

impl<'a> Browser<'a> {
    async fn signed_in(app: &'a TestApp, tag: &str) -> Self {
        let token = app.signed_up(&email(tag)).await;
        let cookie = app.session_cookie(&token).await;
        Self {
            app,
            cookies: vec![cookie],
            token,
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies.join("; ")
    }

    /// `GET path`: the status, the final address (one redirect followed) and the HTML.
    async fn open(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .get(path)
            .header("cookie", self.cookie_header())
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.text().await.unwrap())
    }

    /// Posts a form from page `from` and returns where the browser is sent.
    async fn submit(&mut self, action: &str, from: &str, fields: &[(&str, &str)]) -> String {
        let response = self
            .app
            .post(action)
            .header("cookie", self.cookie_header())
            .header("origin", self.app.origin())
            .header("referer", self.app.url(from))
            .header("accept", "text/html")
            .form(fields)
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_redirection(),
            "{action}: {}",
            response.status()
        );
        for cookie in set_cookie_headers(&response) {
            if cookie.starts_with("form-error=") {
                self.cookies.retain(|c| !c.starts_with("form-error="));
                self.cookies
                    .push(cookie.split(';').next().unwrap().to_owned());
            }
        }
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        location
            .strip_prefix(&self.app.address)
            .unwrap_or(&location)
            .to_owned()
    }

    async fn addresses(&self) -> Vec<Value> {
        let response = self
            .app
            .get("/store/customers/me/addresses")
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap();
        let (_, body) = status_and_json(response).await;
        body["addresses"].as_array().unwrap().clone()
    }
}

const HOME: [(&str, &str); 13] = [
    ("address_name", "Home"),
    ("first_name", "Ada"),
    ("last_name", "Lovelace"),
    ("company", ""),
    ("address_1", "12 Main St"),
    ("address_2", ""),
    ("city", "London"),
    ("province", ""),
    ("postal_code", "N1 9GU"),
    ("country_code", "gb"),
    ("phone", "+44 20 7946 0000"),
    ("is_default_shipping", "true"),
    ("is_default_billing", "true"),
];

fn with(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    HOME.iter()
        .map(|(field, value)| {
            let changed = changes.iter().find(|(f, _)| f == field);
            (*field, changed.map_or(*value, |(_, v)| *v))
        })
        .collect()
}

db_tests! {
    async fn the_pages_need_a_signed_in_customer(app) {
        for path in ["/account/addresses", "/account/addresses/new", "/account/addresses/cuaddr_01M82363EKDZQQNAMPA3XGMFKF"] {
            let response = app.get(path).header("accept", "text/html").send().await.unwrap();
            assert!(response.status().is_redirection(), "{path} {}", response.status());
            assert_eq!(response.headers()["location"], "/account/login");
        }
    }

    async fn an_address_is_added_edited_made_default_and_deleted_without_javascript(app) {
        let mut browser = Browser::signed_in(&app, "pages").await;
        let (status, html) = browser.open("/account/addresses").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("You have no saved addresses yet."), "the empty state");
        assert!(html.contains(r#"aria-current="page""#) && html.contains(">Addresses</a>"));

        let (status, html) = browser.open("/account/addresses/new").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"<option value="gb">United Kingdom</option>"#), "ISO countries");

        let to = browser.submit("/api/add_address", "/account/addresses/new", &HOME).await;
        assert_eq!(to, "/account/addresses?added=1");
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("The address was added."));
        assert!(html.contains("12 Main St") && html.contains("United Kingdom"));
        assert!(html.contains("Default shipping") && html.contains("Default billing"));
        let stored = browser.addresses().await;
        assert_eq!(stored.len(), 1);
        assert_eq!(stored[0]["company"], Value::Null, "blank fields are stored as no value");
        assert_eq!(stored[0]["country_code"], "gb");
        let home = stored[0]["id"].as_str().unwrap().to_owned();

        // Unchecked boxes are simply not sent.
        let work: Vec<_> = with(&[("address_name", "Work"), ("address_1", "1 Harbour Rd")])
            .into_iter()
            .filter(|(field, _)| !field.starts_with("is_default"))
            .collect();
        browser.submit("/api/add_address", "/account/addresses/new", &work).await;
        let work_id = browser.addresses().await.iter().find(|a| a["address_name"] == "Work").unwrap()["id"].as_str().unwrap().to_owned();

        // The edit form shows what is stored, and an emptied field is cleared.
        let edit = format!("/account/addresses/{work_id}");
        let (status, html) = browser.open(&edit).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"value="1 Harbour Rd""#), "{html}");
        assert!(html.contains(r#"<option value="gb" selected"#));
        let mut edited = vec![("id", work_id.as_str())];
        edited.extend(with(&[("address_name", "Work"), ("address_1", "2 Harbour Rd"), ("phone", "")]).into_iter().filter(|(f, _)| !f.starts_with("is_default")));
        let to = browser.submit("/api/update_address", &edit, &edited).await;
        assert_eq!(to, "/account/addresses?saved=1");
        let work = browser.addresses().await.into_iter().find(|a| a["id"] == work_id.as_str()).unwrap();
        assert_eq!(work["address_1"], "2 Harbour Rd");
        assert_eq!(work["phone"], Value::Null);

        // Make default, from the list's buttons.
        let (_, html) = browser.open("/account/addresses").await;
        assert_eq!(html.matches("Make default shipping").count(), 1, "only the non-default has the button");
        let to = browser.submit("/api/make_default_address", "/account/addresses", &[("id", &work_id), ("purpose", "shipping")]).await;
        assert_eq!(to, "/account/addresses?default=shipping");
        let all = browser.addresses().await;
        let flags: Vec<(bool, bool)> = all.iter().map(|a| (a["is_default_shipping"] == true, a["is_default_billing"] == true)).collect();
        assert_eq!(flags, [(false, true), (true, false)]);

        // Delete asks first, then deletes.
        let confirm = format!("/account/addresses/{home}/delete");
        let (status, html) = browser.open(&confirm).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Delete this address?") && html.contains("default billing address"));
        assert_eq!(browser.addresses().await.len(), 2, "opening the confirmation deletes nothing");
        let to = browser.submit("/api/delete_address", &confirm, &[("id", &home)]).await;
        assert_eq!(to, "/account/addresses?deleted=1");
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("The address was deleted."));
        assert_eq!(browser.addresses().await.len(), 1);
    }

    async fn a_field_error_is_shown_inline_and_the_rest_is_kept_as_typed(app) {
        let mut browser = Browser::signed_in(&app, "pageerror").await;
        let sent = with(&[("city", " "), ("postal_code", ""), ("phone", "call me"), ("company", "Engines & Co")]);
        let to = browser.submit("/api/add_address", "/account/addresses/new", &sent).await;
        assert!(to.starts_with("/account/addresses/new?") && to.contains("__err="), "{to}");
        let (status, html) = browser.open(&to).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"role="alert""#) && html.contains("Please correct the highlighted fields."));
        for message in ["City is required.", "Postal code is required.", "Enter a phone number using digits"] {
            assert!(html.contains(message), "{message}");
        }
        assert!(html.contains(r##"href="#field-city""##), "the summary links to the field");
        let city = html.split(r#"id="field-city""#).nth(1).unwrap().split('>').next().unwrap();
        assert!(city.contains(r#"aria-invalid="true""#) && city.contains(r#"aria-describedby="field-city-error""#), "{city}");
        assert!(html.contains(r#"id="field-city-error""#));
        for kept in [r#"value="12 Main St""#, r#"value="Engines &amp; Co""#, r#"value="call me""#, r#"value="Lovelace""#] {
            assert!(html.contains(kept), "{kept} is kept");
        }
        assert!(html.contains(r#"<option value="gb" selected"#), "the country is kept");
        let shipping = html.split(r#"id="field-is_default_shipping""#).nth(1).unwrap().split('>').next().unwrap();
        assert!(shipping.contains("checked"), "{shipping}");
        assert!(browser.addresses().await.is_empty(), "nothing was added");

        let sent = with(&[("country_code", "xx")]);
        let to = browser.submit("/api/add_address", "/account/addresses/new", &sent).await;
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("Choose a country from the list."));
    }

    async fn another_customers_address_is_a_404_page(app) {
        let mut owner = Browser::signed_in(&app, "pageowner").await;
        owner.submit("/api/add_address", "/account/addresses/new", &HOME).await;
        let id = owner.addresses().await[0]["id"].as_str().unwrap().to_owned();
        let mut stranger = Browser::signed_in(&app, "pagestranger").await;
        for path in [format!("/account/addresses/{id}"), format!("/account/addresses/{id}/delete"), "/account/addresses/nope".into()] {
            let (status, html) = stranger.open(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert!(html.contains("Address not found"));
        }
        // Forms naming it fail and change nothing.
        let mut edited = vec![("id", id.as_str())];
        edited.extend(with(&[("city", "Stolen")]));
        let to = stranger.submit("/api/update_address", &format!("/account/addresses/{id}"), &edited).await;
        assert!(to.contains("__err="), "{to}");
        let to = stranger.submit("/api/delete_address", "/account/addresses", &[("id", &id)]).await;
        assert!(to.contains("__err="), "{to}");
        let to = stranger.submit("/api/make_default_address", "/account/addresses", &[("id", &id), ("purpose", "billing")]).await;
        assert!(to.contains("__err="), "{to}");
        let (_, html) = stranger.open(&to).await;
        assert!(html.contains("We couldn&#x27;t find what you were looking for.") || html.contains("We couldn't find"), "{html}");
        let kept = owner.addresses().await;
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0]["city"], "London");
    }
}
