//! Where the app sends someone: home, back after sign-in, never off the site.

/// The page to open after signing in when none (or an unsafe one) was asked for.
pub const HOME_PATH: &str = "/guests/contact-center";

/// Keeps `next` only if it is a path on this site, so sign-in cannot be used
/// to send someone to another site: printable ASCII only (browsers drop tabs
/// and new lines, turning `/\t/evil` into `//evil`), a leading `/` not
/// followed by another, and no backslash (which browsers read as `/`).
pub fn safe_next(next: Option<&str>) -> &str {
    match next {
        Some(path)
            if path.starts_with('/')
                && path.bytes().all(|byte| byte.is_ascii_graphic())
                && path.as_bytes().get(1) != Some(&b'/')
                && !path.contains('\\') =>
        {
            path
        }
        _ => HOME_PATH,
    }
}

/// The sign-in page that returns to `target` (a path with its query) afterwards.
pub fn sign_in_path(target: &str, expired: bool) -> String {
    let next: String = target
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (byte as char).to_string()
            }
            other => format!("%{other:02X}"),
        })
        .collect();
    if expired {
        format!("/login?expired=1&next={next}")
    } else {
        format!("/login?next={next}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/guests/chats")), "/guests/chats");
        assert_eq!(safe_next(Some("https://evil.example/")), HOME_PATH);
        assert_eq!(safe_next(Some("//evil.example/")), HOME_PATH);
        assert_eq!(safe_next(Some("/\\evil.example")), HOME_PATH);
        assert_eq!(safe_next(Some("/\t/evil.example")), HOME_PATH);
        assert_eq!(safe_next(Some("/guests/\nchats")), HOME_PATH);
        assert_eq!(safe_next(Some("/гости")), HOME_PATH);
        assert_eq!(safe_next(None), HOME_PATH);
    }

    #[test]
    fn the_page_to_return_to_is_encoded_for_a_query_string() {
        assert_eq!(
            sign_in_path("/guests/chats?filter=my&x=1", false),
            "/login?next=/guests/chats%3Ffilter%3Dmy%26x%3D1"
        );
        assert_eq!(
            sign_in_path("/guests/chats", true),
            "/login?expired=1&next=/guests/chats"
        );
    }
}
