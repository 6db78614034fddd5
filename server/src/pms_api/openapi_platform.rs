//! The platform API's part of the OpenAPI document (`/platform/properties`),
//! merged into the PMS API's document.
use serde_json::{json, Value};

/// Adds the platform paths, schemas and security scheme to `document`.
pub fn merge_into(document: &mut Value) {
    let error = json!({ "$ref": "#/components/responses/Error" });
    let external_id = json!({ "name": "external_id", "in": "path", "required": true,
        "description": "The property's id in the PMS (the `property` of launch tokens)",
        "schema": { "type": "string", "minLength": 1, "maxLength": 100 } });
    let security = json!([{ "platform": [] }]);
    let property = json!({ "description": "The property", "content": { "application/json": {
        "schema": { "$ref": "#/components/schemas/Property" } } } });
    let paths = json!({
        "/platform/properties": {
            "get": {
                "summary": "The properties, by external id, a page at a time",
                "security": security,
                "parameters": [
                    { "name": "limit", "in": "query", "schema": { "type": "integer", "minimum": 1, "maximum": 500, "default": 50 } },
                    { "name": "offset", "in": "query", "schema": { "type": "integer", "minimum": 0, "default": 0 } }
                ],
                "responses": { "200": { "description": "A page", "content": { "application/json": { "schema": {
                    "type": "object", "required": ["items", "total", "limit", "offset"],
                    "properties": { "items": { "type": "array", "items": { "$ref": "#/components/schemas/Property" } },
                        "total": { "type": "integer" }, "limit": { "type": "integer" }, "offset": { "type": "integer" } } } } } },
                    "400": error, "401": error, "422": error }
            }
        },
        "/platform/properties/{external_id}": {
            "parameters": [external_id],
            "get": { "summary": "One property", "security": security,
                "responses": { "200": property, "401": error, "404": error } },
            "put": {
                "summary": "Creates (201) or updates (200) the property; re-activates a deactivated one. Idempotent",
                "security": security,
                "requestBody": { "required": true, "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/PropertyInput" } } } },
                "responses": { "200": property, "201": property, "400": error, "401": error, "415": error, "422": error }
            },
            "delete": {
                "summary": "Deactivates the property: its users' sessions end and its sending stops; its data is kept and a PUT re-activates it",
                "security": security,
                "responses": { "200": property, "401": error, "404": error }
            }
        }
    });
    let subscription = json!({ "type": "object", "additionalProperties": false,
        "required": ["gms", "contact_center"],
        "properties": {
            "gms": { "type": "boolean", "description": "TL: Guest Management System" },
            "contact_center": { "type": "boolean", "description": "The module «Контакт-центр»" },
            "tariff": { "type": ["string", "null"], "enum": ["basic", null] },
            "paid_until": { "type": ["string", "null"], "format": "date",
                "description": "The last day paid for, in the property's zone; null: no end" } } });
    let schemas = json!({
        "PropertyInput": { "type": "object", "additionalProperties": false,
            "required": ["name", "time_zone", "subscription"],
            "properties": {
                "name": { "type": "string", "minLength": 1, "maxLength": 200 },
                "name_en": { "type": ["string", "null"], "minLength": 1, "maxLength": 200,
                    "description": "The name in English messages" },
                "time_zone": { "type": "string", "description": "An IANA time zone, e.g. Europe/Moscow" },
                "locale": { "type": ["string", "null"], "enum": ["ru", "en", null] },
                "subscription": subscription } },
        "Property": { "type": "object",
            "properties": {
                "external_id": { "type": "string" }, "name": { "type": "string" },
                "name_en": { "type": ["string", "null"] }, "time_zone": { "type": "string" },
                "locale": { "type": "string" }, "active": { "type": "boolean" },
                "subscription": { "type": "object", "properties": {
                    "gms": { "type": "boolean" }, "contact_center": { "type": "boolean" },
                    "tariff": { "type": ["string", "null"] }, "paid_until": { "type": ["string", "null"] },
                    "missing": { "type": "array", "items": { "type": "string",
                        "enum": ["gms", "contact_center_module", "basic_tariff", "paid_period"] } } } } } }
    });
    extend(&mut document["paths"], paths);
    extend(&mut document["components"]["schemas"], schemas);
    extend(
        &mut document["components"]["securitySchemes"],
        json!({ "platform": { "type": "http", "scheme": "bearer",
            "description": "The platform token (APP_PLATFORM__TOKEN), for the host PMS itself" } }),
    );
}

fn extend(target: &mut Value, more: Value) {
    if let (Some(target), Value::Object(more)) = (target.as_object_mut(), more) {
        target.extend(more);
    }
}
