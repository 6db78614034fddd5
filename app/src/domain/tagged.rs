//! Enums stored as a code and, when the variant carries data, a JSON object
//! of that data: two columns (`reason` + `reason_data`, `pause_reason` +
//! `pause_data`). The code is the variant's serde tag (`code`).
use super::dispatch::UnknownValue;
use serde::de::DeserializeOwned;
use serde::Serialize;

/// The code and the data of `value` (serialised with `#[serde(tag = "code")]`).
pub fn to_columns(value: &impl Serialize) -> (String, Option<String>) {
    let mut value = serde_json::to_value(value).unwrap_or_default();
    let code = value
        .as_object_mut()
        .and_then(|fields| fields.remove("code"))
        .and_then(|code| code.as_str().map(str::to_owned))
        .unwrap_or_default();
    let data = value
        .as_object()
        .filter(|fields| !fields.is_empty())
        .map(|fields| serde_json::Value::Object(fields.clone()).to_string());
    (code, data)
}

/// The value a stored code and its data name; `kind` names it in the error.
pub fn from_columns<T: DeserializeOwned>(
    code: &str,
    data: Option<&str>,
    kind: &'static str,
) -> Result<T, UnknownValue> {
    let unknown = || UnknownValue {
        kind,
        value: match data {
            Some(data) => format!("{code} {data}"),
            None => code.to_owned(),
        },
    };
    let mut fields = match data {
        Some(data) => match serde_json::from_str::<serde_json::Value>(data) {
            Ok(serde_json::Value::Object(fields)) => fields,
            _ => return Err(unknown()),
        },
        None => serde_json::Map::new(),
    };
    fields.insert("code".into(), serde_json::Value::String(code.to_owned()));
    serde_json::from_value(serde_json::Value::Object(fields)).map_err(|_| unknown())
}
