//! The PMS REST API: bearer tokens per property, user sync, JSON errors.
use crate::helpers::{spawn_app, TestApp};
use app::ssr::auth::pms_token;
use app::ssr::clock::now_ms;
use app::ssr::demo::DEMO_PMS_TOKEN;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

impl TestApp {
    /// A PMS API request with the demo «Волна» token.
    pub async fn pms(&self, method: Method, path: &str, body: Option<Value>) -> reqwest::Response {
        self.pms_as(DEMO_PMS_TOKEN, method, path, body).await
    }

    pub async fn pms_as(
        &self,
        token: &str,
        method: Method,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut request = reqwest::Client::new()
            .request(method, format!("{}{path}", self.address))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.expect("the server answers")
    }
}

async fn json_of(response: reqwest::Response) -> Value {
    response.json().await.expect("a JSON body")
}

#[tokio::test]
async fn requests_without_a_live_token_are_refused_with_json() {
    let app = spawn_app().await;
    let anonymous = reqwest::Client::new()
        .get(format!("{}/api/v1/staff-users", app.address))
        .send()
        .await
        .expect("an answer");
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(json_of(anonymous).await["error"]["code"], "unauthorized");

    let wrong = app
        .pms_as(
            "ccpms_not-a-token",
            Method::GET,
            "/api/v1/staff-users",
            None,
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);
    assert!(json_of(wrong).await["error"]["message"]
        .as_str()
        .expect("a message")
        .contains("unknown or revoked"));
}

#[tokio::test]
async fn a_user_is_created_then_updated_by_pms_id_without_an_origin_header() {
    let app = spawn_app().await;
    let body = json!({ "name": "Мария Новикова", "email": "Maria@Volna.example", "role": "staff" });

    let created = app
        .pms(Method::PUT, "/api/v1/staff-users/volna-004", Some(body))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created = json_of(created).await;
    assert_eq!(created["email"], "maria@volna.example");
    assert_eq!(created["active"], true);

    let body = json!({ "name": "Мария Новикова", "email": "maria@volna.example", "role": "admin" });
    let updated = app
        .pms(Method::PUT, "/api/v1/staff-users/volna-004", Some(body))
        .await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(json_of(updated).await["role"], "admin");

    let shown = json_of(
        app.pms(Method::GET, "/api/v1/staff-users/volna-004", None)
            .await,
    )
    .await;
    assert_eq!(shown["role"], "admin");
    let list = json_of(app.pms(Method::GET, "/api/v1/staff-users", None).await).await;
    let emails: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|user| user["email"].as_str())
        .collect();
    assert!(emails.contains(&"maria@volna.example"), "{emails:?}");
    assert!(
        emails.iter().all(|email| email.ends_with("@volna.example")),
        "only Volna: {emails:?}"
    );
}

#[tokio::test]
async fn bad_bodies_are_refused_naming_every_field_at_fault() {
    let app = spawn_app().await;
    let invalid = app
        .pms(
            Method::PUT,
            "/api/v1/staff-users/volna-005",
            Some(json!({ "name": " ", "email": "nope", "role": "owner" })),
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let error = json_of(invalid).await;
    let fields: Vec<&str> = error["error"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .filter_map(|field| field["field"].as_str())
        .collect();
    assert_eq!(fields, ["name", "email", "role"]);

    let typo = app
        .pms(
            Method::PUT,
            "/api/v1/staff-users/volna-005",
            Some(json!({ "name": "A", "emial": "a@volna.example", "role": "staff" })),
        )
        .await;
    assert_eq!(typo.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(json_of(typo).await["error"]["message"]
        .as_str()
        .expect("a message")
        .contains("emial"));

    let not_json = reqwest::Client::new()
        .put(format!("{}/api/v1/staff-users/volna-005", app.address))
        .bearer_auth(DEMO_PMS_TOKEN)
        .body("name=A")
        .send()
        .await
        .expect("an answer");
    assert_eq!(not_json.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);

    let taken = app
        .pms(
            Method::PUT,
            "/api/v1/staff-users/volna-005",
            Some(json!({ "name": "A", "email": "anna@volna.example", "role": "staff" })),
        )
        .await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(json_of(taken).await["error"]["fields"][0]["field"], "email");
    // Another hotel's address is neither revealed nor blocked: e-mails are per property.
    let elsewhere = app
        .pms(
            Method::PUT,
            "/api/v1/staff-users/volna-006",
            Some(json!({ "name": "Б", "email": "admin@briz.example", "role": "staff" })),
        )
        .await;
    assert_eq!(elsewhere.status(), StatusCode::CREATED);
    let missing = app
        .pms(Method::DELETE, "/api/v1/staff-users/nobody", None)
        .await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_token_acts_on_its_own_property_only() {
    let app = spawn_app().await;
    let briz = pms_token::issue(&app.db, "demo-briz", "test", now_ms())
        .await
        .expect("stored")
        .expect("a property");

    let list = json_of(
        app.pms_as(&briz, Method::GET, "/api/v1/staff-users", None)
            .await,
    )
    .await;
    let emails: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|user| user["email"].as_str())
        .collect();
    assert_eq!(emails.len(), 2, "{emails:?}");
    assert!(
        emails.iter().all(|email| email.ends_with("@briz.example")),
        "{emails:?}"
    );
    // Volna's users are not reachable, and cannot be deactivated, with Briz's token.
    let other = app
        .pms_as(&briz, Method::DELETE, "/api/v1/staff-users/volna-002", None)
        .await;
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let anna = json_of(
        app.pms(Method::GET, "/api/v1/staff-users/volna-002", None)
            .await,
    )
    .await;
    assert_eq!(anna["active"], true);
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let document = json_of(app.get("/api/v1/openapi.json").await).await;
    assert_eq!(document["openapi"], "3.1.0");
    assert!(document["paths"]["/staff-users/{external_id}"]["put"].is_object());
    assert!(document["paths"]["/bookings/{number}"]["put"].is_object());
    assert!(document["paths"]["/bookings/{number}/cancel"]["post"].is_object());
    // Every route of the API's table is documented, with its method.
    for row in server::startup::route_list() {
        let Some(path) = row.path.strip_prefix("/api/v1") else {
            continue;
        };
        if path == "/openapi.json" {
            continue;
        }
        let method = row.verb.method().as_str().to_lowercase();
        assert!(
            document["paths"][path][&method].is_object(),
            "{method} {path} is not documented"
        );
    }
    assert!(document["components"]["securitySchemes"]["platform"].is_object());
}
