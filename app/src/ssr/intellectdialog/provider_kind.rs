//! Which providers are WhatsApp Web accounts. IntellectDialog does not
//! document its type names (the article writes «WhatsApp Web»), so the type
//! name or id is compared squeezed (case, spaces, dashes do not matter),
//! plus the names and ids configured in `APP_INTELLECTDIALOG__WHATSAPP_WEB_TYPES`;
//! a type we cannot place is `Unknown`, which an administrator may still
//! choose after a warning.
use crate::domain::integration::ProviderKind;

/// The provider type name WhatsApp Web accounts have.
pub const WHATSAPP_WEB_TYPE: &str = "WhatsApp Web";

/// Channel names that are not WhatsApp Web (compared squeezed: lower case,
/// letters and digits only).
const OTHER_CHANNELS: [&str; 14] = [
    "telegram",
    "viber",
    "vk",
    "vkontakte",
    "вконтакте",
    "instagram",
    "facebook",
    "messenger",
    "avito",
    "email",
    "sms",
    "waba",
    "whatsappbusiness",
    "cloudapi",
];

/// Lower case, letters and digits only: «WhatsApp Web», «whatsapp-web» and
/// «WHATSAPP_WEB» read the same.
fn squeezed(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// What kind of channel a provider of this type name (and id) is.
pub fn provider_kind(
    type_name: Option<&str>,
    type_id: Option<&str>,
    extra: &[String],
) -> ProviderKind {
    let name = type_name.map(squeezed).unwrap_or_default();
    let id = type_id.map(squeezed).unwrap_or_default();
    let known = |value: &str| {
        !value.is_empty()
            && (value == squeezed(WHATSAPP_WEB_TYPE)
                || value == "whatsappwebjs"
                || extra.iter().any(|extra| squeezed(extra) == value))
    };
    if known(&name) || known(&id) {
        return ProviderKind::WhatsappWeb;
    }
    if OTHER_CHANNELS.iter().any(|other| name.contains(other))
        || (name.contains("whatsapp") && (name.contains("api") || name.contains("business")))
    {
        return ProviderKind::Other;
    }
    ProviderKind::Unknown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whatsapp_web_is_recognised_however_it_is_spelled() {
        for name in [
            "WhatsApp Web",
            "whatsapp web",
            "WHATSAPP_WEB",
            "Whatsapp-Web",
            " WhatsAppWeb ",
        ] {
            assert_eq!(
                provider_kind(Some(name), None, &[]),
                ProviderKind::WhatsappWeb,
                "{name}"
            );
        }
        let extra = vec!["WA (неофициальный)".to_owned(), "17".to_owned()];
        assert_eq!(
            provider_kind(Some("wa неофициальный"), None, &extra),
            ProviderKind::WhatsappWeb
        );
        assert_eq!(
            provider_kind(Some("Что-то"), Some("17"), &extra),
            ProviderKind::WhatsappWeb
        );
    }

    #[test]
    fn other_channels_and_unknown_types_are_told_apart() {
        for name in ["Telegram", "Viber", "WhatsApp Business API", "WABA", "VK"] {
            assert_eq!(
                provider_kind(Some(name), None, &[]),
                ProviderKind::Other,
                "{name}"
            );
        }
        assert_eq!(
            provider_kind(Some("WA Gateway"), None, &[]),
            ProviderKind::Unknown
        );
        assert_eq!(provider_kind(None, None, &[]), ProviderKind::Unknown);
    }
}
