//! Who is asking: the TCP peer, or — when the peer is a reverse proxy this
//! server trusts (`APP_SERVER__TRUSTED_PROXIES`) — the client the proxy
//! names in `X-Forwarded-For` (the rightmost address that is not itself a
//! trusted proxy, since a client can prepend anything it likes).
use axum::http::HeaderMap;
use std::net::IpAddr;

/// The client address sign-in limits count, if the server sees one.
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    trusted: &[IpAddr],
) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .filter_map(|entry| entry.trim().parse().ok())
        .collect();
    Some(
        forwarded
            .into_iter()
            .rev()
            .find(|address| !trusted.contains(address))
            .unwrap_or(peer),
    )
}

/// The configured proxies' addresses (validated when the settings load).
pub fn trusted_proxies(configured: &[String]) -> Vec<IpAddr> {
    configured
        .iter()
        .filter_map(|address| address.trim().parse().ok())
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, reason = "tests fail by panicking")]
mod tests {
    use super::*;

    fn forwarded_for(value: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", value.parse().unwrap());
        headers
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let peer: IpAddr = "203.0.113.9".parse().unwrap();
        let claimed = forwarded_for("10.0.0.1");
        assert_eq!(client_address(Some(peer), &claimed, &[]), Some(peer));
    }

    #[test]
    fn behind_a_trusted_proxy_the_rightmost_untrusted_address_is_the_client() {
        let proxy: IpAddr = "127.0.0.1".parse().unwrap();
        let headers = forwarded_for("1.2.3.4, 198.51.100.7, 127.0.0.1");
        let client = client_address(Some(proxy), &headers, &[proxy]);
        assert_eq!(client, "198.51.100.7".parse().ok());
        assert_eq!(
            client_address(Some(proxy), &HeaderMap::new(), &[proxy]),
            Some(proxy)
        );
    }
}
