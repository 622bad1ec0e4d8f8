//! The back office's customer page (`/app/customers/{id}` and its sub-pages) as a browser
//! without JavaScript uses it: an admin's session cookie, plain form posts to the server
//! functions, redirects, and the pages rendered on the server.

use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::{
    admin_helpers::{self, admin, group, guest, Admin, CUSTOMERS},
    helpers::*,
    store_orders::{day, import, order_line},
};

/// A browser signed in to the back office: its session cookie, plus any form-error cookie.
struct Browser<'a> {
    app: &'a TestApp,
    cookies: Vec<String>,
}

impl<'a> Browser<'a> {
    async fn admin(app: &'a TestApp, admin: &Admin) -> Self {
        let cookie = app.session_cookie(&admin.token).await;
        Self {
            app,
            cookies: vec![cookie],
        }
    }

    /// `GET path` as a page: the status and the HTML (redirects are not followed).
    async fn open(&self, path: &str) -> (StatusCode, String) {
        let response = self
            .app
            .get(path)
            .header("cookie", self.cookies.join("; "))
            .header("accept", "text/html")
            .send()
            .await
            .unwrap();
        (response.status(), response.text().await.unwrap())
    }

    /// Posts a form from page `from`; where the browser is sent.
    async fn submit(&mut self, action: &str, from: &str, fields: &[(&str, &str)]) -> String {
        let response = self
            .app
            .post(action)
            .header("cookie", self.cookies.join("; "))
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
}

/// The customer as the JSON API shows it, with its addresses and groups.
async fn customer(app: &TestApp, admin: &Admin, id: &str) -> Value {
    let path = format!("{CUSTOMERS}/{id}?fields=*addresses,*groups");
    admin_helpers::ok(app, &admin.token, &path).await["customer"].clone()
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
    ("phone", ""),
    ("is_default_shipping", "true"),
    ("is_default_billing", "true"),
];

fn profile<'a>(id: &'a str, email: &'a str, phone: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("email", email),
        ("first_name", "Ada"),
        ("last_name", "Lovelace"),
        ("phone", phone),
        ("company_name", "Engines & Co"),
    ]
}

db_tests! {
    async fn the_pages_need_a_signed_in_admin(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("guarded")})).await;
        let (_, customer_token, _) = admin_helpers::registered(&app, "notadmin").await;
        let customer_cookie = app.session_cookie(&customer_token).await;
        for path in [format!("/app/customers/{id}"), format!("/app/customers/{id}/delete"), format!("/app/customers/{id}/addresses/new")] {
            for cookie in ["", customer_cookie.as_str()] {
                let response = app.get(&path).header("cookie", cookie).header("accept", "text/html").send().await.unwrap();
                assert!(response.status().is_redirection(), "{path} {}", response.status());
                let location = response.headers()["location"].to_str().unwrap();
                assert!(location.starts_with("/app/login?next="), "{path}: {location}");
            }
        }
        // A customer's session cannot write either: the form fails and nothing changes.
        let response = app
            .post("/api/admin_delete_customer")
            .header("cookie", &customer_cookie)
            .header("origin", app.origin())
            .form(&[("id", id.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
        admin_helpers::ok(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
    }

    async fn the_page_shows_the_profile_facts_metadata_addresses_and_groups(app) {
        let admin = admin(&app).await;
        let address = email("shown");
        let id = guest(&app, &admin, json!({"email": address, "first_name": "Grace", "last_name": "Hopper",
            "phone": "+1 555 0100", "metadata": {"tier": "gold", "visits": 3}})).await;
        let vip = group(&app, &admin, "VIP").await;
        group(&app, &admin, "Wholesale").await;
        admin_helpers::post(&app, &admin.token, &format!("{CUSTOMERS}/{id}/customer-groups"), json!({"add": [vip]})).await;
        let browser = Browser::admin(&app, &admin).await;
        let (status, html) = browser.open(&format!("/app/customers/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("<h1>Grace Hopper</h1>"), "{html}");
        assert!(html.contains(&format!(r#"value="{address}""#)) && html.contains(r#"value="+1 555 0100""#));
        assert!(html.contains("Guest (no account)"));
        assert!(html.contains(&format!("Admin {}", "customers-admin")), "created by the admin, named by email");
        assert!(html.contains("<dt>tier</dt><dd>gold</dd>") && html.contains("<dt>visits</dt><dd>3</dd>"), "{html}");
        assert!(html.contains("No addresses yet."));
        assert!(html.contains(&format!(r#"href="/app/customer-groups/{vip}""#)), "the group it is in");
        let select = html.split(r#"id="field-group_id""#).nth(1).unwrap().split("</select>").next().unwrap();
        assert!(select.contains("Wholesale") && !select.contains("VIP"), "only groups not joined: {select}");
        assert!(html.contains("No orders yet."));

        let bare = guest(&app, &admin, json!({})).await;
        let (status, html) = browser.open(&format!("/app/customers/{bare}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Customer without a name"));
        let metadata = html.split(r#"data-testid="metadata""#).nth(1).unwrap_or_default();
        let shown = metadata.split_once('>').map_or("", |(_, rest)| rest);
        assert!(shown.starts_with("None<"), "no metadata: {}", &metadata[..metadata.len().min(80)]);
    }

    async fn a_bad_email_is_shown_inline_and_a_good_profile_is_saved(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("profile"), "phone": "+1 555 0100"})).await;
        let mut browser = Browser::admin(&app, &admin).await;
        let page = format!("/app/customers/{id}");

        let to = browser.submit("/api/admin_update_customer", &page, &profile(&id, "not an email", "+1 555 0199")).await;
        assert!(to.starts_with(&format!("{page}?")) && to.contains("__err="), "{to}");
        let (status, html) = browser.open(&to).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Please correct the highlighted fields."));
        assert!(html.contains(r#"id="field-email-error""#) && html.contains("Enter a valid email address"), "{html}");
        let field = html.split(r#"id="field-email""#).nth(1).unwrap().split('>').next().unwrap();
        assert!(field.contains(r#"aria-invalid="true""#), "{field}");
        for kept in [r#"value="not an email""#, r#"value="+1 555 0199""#, r#"value="Engines &amp; Co""#] {
            assert!(html.contains(kept), "{kept} is kept as typed");
        }
        assert_eq!(customer(&app, &admin, &id).await["phone"], "+1 555 0100", "nothing was saved");

        let new_email = email("renamed");
        let to = browser.submit("/api/admin_update_customer", &page, &profile(&id, &new_email, "+1 555 0199")).await;
        assert_eq!(to, format!("{page}?saved=profile"));
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("The profile was saved."));
        let saved = customer(&app, &admin, &id).await;
        assert_eq!(saved["phone"], "+1 555 0199");
        assert_eq!(saved["email"], new_email.as_str());
        assert_eq!(saved["company_name"], "Engines & Co");

        // An emptied field is cleared.
        let to = browser.submit("/api/admin_update_customer", &page, &profile(&id, &new_email, "")).await;
        assert_eq!(to, format!("{page}?saved=profile"));
        assert_eq!(customer(&app, &admin, &id).await["phone"], Value::Null);
    }

    async fn an_address_is_added_made_default_unset_edited_and_deleted_after_confirming(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"first_name": "Ada"})).await;
        let mut browser = Browser::admin(&app, &admin).await;
        let page = format!("/app/customers/{id}");
        let new = format!("{page}/addresses/new");
        let (status, html) = browser.open(&new).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Use as the customer&#x27;s default shipping address") || html.contains("Use as the customer's default shipping address"), "{html}");

        // A bad form comes back with inline errors and nothing is added.
        let mut bad = vec![("customer_id", id.as_str())];
        bad.extend(HOME.iter().map(|(f, v)| (*f, if *f == "city" { "" } else { *v })));
        let to = browser.submit("/api/admin_add_customer_address", &new, &bad).await;
        assert!(to.starts_with(&format!("{new}?")) && to.contains("__err="), "{to}");
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("City is required.") && html.contains(r#"value="12 Main St""#));
        assert!(customer(&app, &admin, &id).await["addresses"].as_array().unwrap().is_empty());

        let mut home = vec![("customer_id", id.as_str())];
        home.extend(HOME);
        let to = browser.submit("/api/admin_add_customer_address", &new, &home).await;
        assert_eq!(to, format!("{page}?address=added"));
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("The address was added.") && html.contains("12 Main St"));
        assert!(html.contains("Default shipping") && html.contains("Unset default billing"));
        let stored = customer(&app, &admin, &id).await["addresses"][0].clone();
        let address = stored["id"].as_str().unwrap().to_owned();
        assert_eq!(stored["is_default_billing"], true);

        let to = browser.submit("/api/admin_set_customer_address_default", &page,
            &[("customer_id", &id), ("id", &address), ("purpose", "billing"), ("on", "false")]).await;
        assert_eq!(to, format!("{page}?address=undefault"));
        let stored = customer(&app, &admin, &id).await["addresses"][0].clone();
        assert_eq!((stored["is_default_shipping"].clone(), stored["is_default_billing"].clone()), (json!(true), json!(false)));
        let to = browser.submit("/api/admin_set_customer_address_default", &page,
            &[("customer_id", &id), ("id", &address), ("purpose", "billing"), ("on", "true")]).await;
        assert_eq!(to, format!("{page}?address=default"));
        assert_eq!(customer(&app, &admin, &id).await["addresses"][0]["is_default_billing"], true);

        let edit = format!("{page}/addresses/{address}");
        let (status, html) = browser.open(&edit).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(r#"value="12 Main St""#));
        let mut edited = vec![("customer_id", id.as_str()), ("id", address.as_str())];
        edited.extend(HOME.iter().map(|(f, v)| (*f, if *f == "address_1" { "13 Main St" } else { *v })));
        let to = browser.submit("/api/admin_update_customer_address", &edit, &edited).await;
        assert_eq!(to, format!("{page}?address=saved"));
        assert_eq!(customer(&app, &admin, &id).await["addresses"][0]["address_1"], "13 Main St");

        let confirm = format!("{page}/addresses/{address}/delete");
        let (status, html) = browser.open(&confirm).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Delete this address?") && html.contains("default shipping and billing address"));
        assert_eq!(customer(&app, &admin, &id).await["addresses"].as_array().unwrap().len(), 1, "opening it deletes nothing");
        let to = browser.submit("/api/admin_delete_customer_address", &confirm, &[("customer_id", &id), ("id", &address)]).await;
        assert_eq!(to, format!("{page}?address=deleted"));
        assert!(customer(&app, &admin, &id).await["addresses"].as_array().unwrap().is_empty());
        let (status, _) = browser.open(&confirm).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "a deleted address is not found");
    }

    async fn groups_are_joined_and_left_from_the_customer_page(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"first_name": "Ada"})).await;
        let vip = group(&app, &admin, "VIP").await;
        let mut browser = Browser::admin(&app, &admin).await;
        let page = format!("/app/customers/{id}");

        let to = browser.submit("/api/admin_add_customer_to_group", &page, &[("customer_id", &id), ("group_id", "")]).await;
        assert!(to.contains("__err="), "no group chosen: {to}");
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("Choose a group to add the customer to."), "{html}");

        let to = browser.submit("/api/admin_add_customer_to_group", &page, &[("customer_id", &id), ("group_id", &vip)]).await;
        assert_eq!(to, format!("{page}?group=added"));
        let (_, html) = browser.open(&to).await;
        assert!(html.contains("The customer was added to the group."));
        assert!(html.contains("Remove") && html.contains(" from VIP"));
        let groups = customer(&app, &admin, &id).await["groups"].clone();
        assert_eq!(groups.as_array().unwrap().len(), 1);
        assert_eq!(groups[0]["id"], vip.as_str());
        // The group's side sees the member too.
        let members = admin_helpers::ok(&app, &admin.token, &format!("{CUSTOMERS}?groups[]={vip}")).await;
        assert_eq!(admin_helpers::ids(&members), [id.as_str()]);

        let to = browser.submit("/api/admin_remove_customer_from_group", &page, &[("customer_id", &id), ("group_id", &vip)]).await;
        assert_eq!(to, format!("{page}?group=removed"));
        assert!(customer(&app, &admin, &id).await["groups"].as_array().unwrap().is_empty());
    }

    async fn deleting_asks_first_then_goes_back_to_the_list(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({"email": email("doomed"), "first_name": "Doomed"})).await;
        let mut browser = Browser::admin(&app, &admin).await;
        let confirm = format!("/app/customers/{id}/delete");
        let (status, html) = browser.open(&confirm).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Delete Doomed?") && html.contains("Their orders are kept."));
        admin_helpers::ok(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;

        let to = browser.submit("/api/admin_delete_customer", &confirm, &[("id", &id)]).await;
        assert_eq!(to, "/app/customers?deleted=1");
        let (status, _) = admin_helpers::get(&app, &admin.token, &format!("{CUSTOMERS}/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, html) = browser.open(&format!("/app/customers/{id}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        assert!(html.contains("Page not found"));
    }

    async fn unknown_customers_addresses_and_orders_are_404_pages(app) {
        let admin = admin(&app).await;
        let id = guest(&app, &admin, json!({})).await;
        let browser = Browser::admin(&app, &admin).await;
        for path in [
            "/app/customers/cus_01M82363EKDZQQNAMPA3XGMFKF".to_owned(),
            "/app/customers/not-an-id".to_owned(),
            "/app/customers/cus_01M82363EKDZQQNAMPA3XGMFKF/delete".to_owned(),
            format!("/app/customers/{id}/orders/order_01M82363EKDZQQNAMPA3XGMFKF"),
            format!("/app/customers/{id}/addresses/cuaddr_01M82363EKDZQQNAMPA3XGMFKF"),
            format!("/app/customers/{id}/addresses/nope/delete"),
        ] {
            let (status, _) = browser.open(&path).await;
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        }
    }

    async fn the_orders_table_links_to_each_order_in_full(app) {
        let admin = admin(&app).await;
        let (id, _, address) = admin_helpers::registered(&app, "buyer").await;
        let (other, _, other_address) = admin_helpers::registered(&app, "otherbuyer").await;
        let lines: Vec<Value> = (1..=12).map(|n| order_line(7000 + n, &address, "completed", &day(n))).collect();
        import(&app, &lines).await;
        import(&app, &[order_line(7100, &other_address, "completed", &day(13))]).await;
        let browser = Browser::admin(&app, &admin).await;
        let page = format!("/app/customers/{id}");
        let (status, html) = browser.open(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Registered (has an account)"));
        assert!(html.contains("12 orders") && html.contains("Page 1 of 2"), "{html}");
        assert_eq!(html.matches(r#"data-testid="order-row""#).count(), 10);
        assert!(html.contains("#7012") && html.contains("$69.78"), "newest first, total formatted");
        let (_, html) = browser.open(&format!("{page}?orders=2")).await;
        assert_eq!(html.matches(r#"data-testid="order-row""#).count(), 2);
        assert!(html.contains("#7001"));

        let orders = admin_helpers::ok(&app, &admin.token, &format!("/admin/orders?customer_id={id}&order=-created_at")).await;
        let newest = orders["orders"][0]["id"].as_str().unwrap().to_owned();
        assert!(html.contains("Previous page"));
        let (status, html) = browser.open(&format!("{page}/orders/{newest}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("Order #7012") && html.contains("T-shirt") && html.contains("Cap"), "{html}");
        assert!(html.contains("123 Main St") && html.contains("$69.78"));
        // Another customer's order is not this customer's.
        let orders = admin_helpers::ok(&app, &admin.token, &format!("/admin/orders?customer_id={other}")).await;
        let theirs = orders["orders"][0]["id"].as_str().unwrap().to_owned();
        let (status, _) = browser.open(&format!("{page}/orders/{theirs}")).await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
}
