//! The OpenAPI 3.1 document of the PMS API, served at `/api/v1/openapi.json`.
use app::domain::mailing::MailingKind;
use app::domain::{DispatchReason, DispatchState};
use axum::Json;
use serde_json::{json, Value};

pub async fn document() -> Json<Value> {
    let mut document = spec();
    super::openapi_platform::merge_into(&mut document);
    Json(document)
}

fn spec() -> Value {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let states: Vec<&str> = DispatchState::ALL.map(DispatchState::column_value).to_vec();
    let kinds: Vec<&str> = MailingKind::ALL.map(MailingKind::as_str).to_vec();
    let mut reasons: Vec<Value> = DispatchReason::examples()
        .iter()
        .map(|reason| Value::String(reason.to_columns().0))
        .collect();
    reasons.push(Value::Null);
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Contact Center PMS API",
            "version": "1",
            "description": "How a host PMS keeps the Contact Center in step with it: bookings (which drive the service mailings) and staff users. Every request carries \
                the property's API token (`Authorization: Bearer ccpms_…`) and acts on that property only. \
                Bodies are JSON; unknown fields are refused so typos do not pass silently. Errors are \
                `{\"error\": {\"code\", \"message\", \"fields\"?}}`."
        },
        "servers": [{ "url": "/api/v1" }],
        "security": [{ "bearer": [] }],
        "paths": {
            "/bookings/{number}": {
                "parameters": [{ "name": "number", "in": "path", "required": true,
                    "description": "The booking number in the PMS", "schema": { "type": "string", "minLength": 1, "maxLength": 64 } }],
                "get": {
                    "summary": "The booking and its timeline: each service mailing's state, due time and reason",
                    "responses": { "200": { "$ref": "#/components/responses/Booking" }, "401": error, "404": error }
                },
                "put": {
                    "summary": "Create or update the booking; its service mailings are re-planned in the same transaction. \
                        An update whose modified_at is older than the stored one is refused with 409 and changes nothing.",
                    "requestBody": { "required": true, "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/BookingInput" } } } },
                    "responses": {
                        "200": { "$ref": "#/components/responses/Booking" },
                        "201": { "$ref": "#/components/responses/Booking" },
                        "400": error, "401": error, "409": error, "415": error, "422": error
                    }
                }
            },
            "/bookings/{number}/cancel": {
                "parameters": [{ "name": "number", "in": "path", "required": true, "schema": { "type": "string" } }],
                "post": {
                    "summary": "Cancel the booking; its pending service mailings are cancelled",
                    "requestBody": { "required": true, "content": { "application/json": { "schema": {
                        "type": "object", "additionalProperties": false, "required": ["modified_at"],
                        "properties": { "modified_at": { "type": "string", "format": "date-time" } } } } } },
                    "responses": { "200": { "$ref": "#/components/responses/Booking" }, "401": error, "404": error, "409": error, "422": error }
                }
            },
            "/staff-users": {
                "get": {
                    "summary": "The property's staff users (those without external_id sign in with a password only)",
                    "responses": {
                        "200": { "description": "Users", "content": { "application/json": { "schema": {
                            "type": "array", "items": { "$ref": "#/components/schemas/StaffUser" } } } } },
                        "401": error
                    }
                }
            },
            "/staff-users/{external_id}": {
                "parameters": [{ "name": "external_id", "in": "path", "required": true,
                    "description": "The user's id in the PMS (the `sub` of launch tokens)",
                    "schema": { "type": "string", "minLength": 1, "maxLength": 200 } }],
                "get": {
                    "summary": "One user",
                    "responses": { "200": { "$ref": "#/components/responses/User" }, "401": error, "404": error }
                },
                "put": {
                    "summary": "Create or update the user; a password user of this property with the same \
                        e-mail is linked. `active: false` ends the user's sessions at once.",
                    "requestBody": { "required": true, "content": { "application/json": {
                        "schema": { "$ref": "#/components/schemas/StaffUserInput" } } } },
                    "responses": {
                        "200": { "$ref": "#/components/responses/User" },
                        "201": { "$ref": "#/components/responses/User" },
                        "400": error, "401": error, "415": error, "422": error
                    }
                },
                "delete": {
                    "summary": "Deactivate the user: their sessions end at once and launches are refused",
                    "responses": { "200": { "$ref": "#/components/responses/User" }, "401": error, "404": error }
                }
            }
        },
        "components": {
            "securitySchemes": { "bearer": { "type": "http", "scheme": "bearer" } },
            "schemas": {
                "StaffUserInput": {
                    "type": "object", "additionalProperties": false,
                    "required": ["name", "email", "role"],
                    "properties": {
                        "name": { "type": "string", "minLength": 1, "maxLength": 200 },
                        "email": { "type": "string", "format": "email" },
                        "role": { "type": "string", "enum": ["admin", "staff"] },
                        "active": { "type": "boolean", "default": true }
                    }
                },
                "BookingInput": {
                    "type": "object", "additionalProperties": false,
                    "required": ["status", "source", "guaranteed", "arrival", "departure", "guest", "booked_at", "modified_at"],
                    "properties": {
                        "status": { "type": "string", "enum": ["active", "cancelled"] },
                        "source": { "type": "string", "enum": ["site", "channel", "pms"] },
                        "guaranteed": { "type": "boolean" },
                        "prepaid_amount": { "type": "integer", "minimum": 0, "description": "Minor units (kopecks)" },
                        "payment_due_at": { "type": ["string", "null"], "format": "date-time" },
                        "payment_link": { "type": ["string", "null"], "format": "uri", "maxLength": 500 },
                        "arrival": { "type": "string", "description": "Local date-time in the property's zone, YYYY-MM-DDTHH:MM" },
                        "departure": { "type": "string", "description": "Local date-time, after the arrival" },
                        "guest": { "type": "object", "additionalProperties": false, "required": ["name"], "properties": {
                            "name": { "type": "string", "minLength": 1, "maxLength": 200 },
                            "phone": { "type": ["string", "null"], "description": "10–15 digits; without it nothing is sent" },
                            "email": { "type": ["string", "null"], "format": "email" },
                            "language": { "type": "string", "enum": ["ru", "en"], "default": "ru" } } },
                        "booked_at": { "type": "string", "format": "date-time" },
                        "modified_at": { "type": "string", "format": "date-time", "description": "The version: older updates never overwrite newer ones" }
                    }
                },
                "Dispatch": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "integer" },
                        "kind": { "type": "string", "enum": kinds },
                        "state": { "type": "string", "enum": states },
                        "due_at": { "type": "integer", "description": "Unix ms; 0 when nothing will be sent" },
                        "next_attempt_at": { "type": "integer", "description": "Unix ms" },
                        "attempts": { "type": "integer" },
                        "sent_at": { "type": ["integer", "null"] },
                        "delivered_at": { "type": ["integer", "null"] },
                        "read_at": { "type": ["integer", "null"] },
                        "reason": { "type": ["string", "null"], "enum": reasons,
                            "description": "Why it was skipped, cancelled or failed, or why it is being retried" },
                        "reason_data": { "type": ["object", "null"],
                            "description": "What the reason carries: `deadline_at` (unix ms) for too_late, `attempts` and `last` for gave_up, `class` for IntellectDialog's refusals" },
                        "reason_detail": { "type": ["string", "null"], "description": "IntellectDialog's own words, for support" }
                    }
                },
                "StaffUser": {
                    "type": "object",
                    "required": ["external_id", "name", "email", "role", "active"],
                    "properties": {
                        "external_id": { "type": ["string", "null"] },
                        "name": { "type": "string" },
                        "email": { "type": "string" },
                        "role": { "type": "string", "enum": ["admin", "staff"] },
                        "active": { "type": "boolean" }
                    }
                },
                "Error": {
                    "type": "object", "required": ["error"],
                    "properties": { "error": { "type": "object", "required": ["code", "message"],
                        "properties": {
                            "code": { "type": "string" },
                            "message": { "type": "string" },
                            "fields": { "type": "array", "items": { "type": "object",
                                "properties": { "field": { "type": "string" }, "problem": { "type": "string" } } } }
                        } } }
                }
            },
            "responses": {
                "Booking": { "description": "The booking and its dispatches", "content": { "application/json": {
                    "schema": { "type": "object", "properties": {
                        "booking": { "type": "object" },
                        "dispatches": { "type": "array", "items": { "$ref": "#/components/schemas/Dispatch" } } } } } } },
                "User": { "description": "The user", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/StaffUser" } } } },
                "Error": { "description": "Refused; the message says why", "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Error" } } } }
            }
        }
    })
}
