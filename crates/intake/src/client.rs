//! Who a request comes from: the socket's peer, or, when that peer is a proxy the operator
//! trusts (`--trusted-proxies`), the address the proxy says it forwarded. Rate limits key on
//! this, so behind nginx or Caddy every visitor has a bucket of their own, and a visitor
//! who sends a forged `X-Forwarded-For` straight to the server gains nothing.

use std::net::IpAddr;

use ipnet::IpNet;

/// The client address of a request from `peer` with these forwarding headers.
///
/// `X-Forwarded-For` (or `Forwarded: for=`) lists the hops in order, each proxy appending
/// the address it saw; reading from the right, the first address that is not a trusted
/// proxy is the client. Anything unreadable stops the walk at the last trusted hop.
pub fn client_address(
    peer: IpAddr,
    forwarded_for: Option<&str>,
    forwarded: Option<&str>,
    trusted: &[IpNet],
) -> IpAddr {
    let is_trusted = |address: &IpAddr| trusted.iter().any(|net| net.contains(address));
    if !is_trusted(&peer) {
        return peer;
    }
    let hops: Vec<&str> = match (forwarded, forwarded_for) {
        (Some(forwarded), _) => forwarded
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (key, value) = pair.trim().split_once('=')?;
                    key.eq_ignore_ascii_case("for").then_some(value)
                })
            })
            .collect(),
        (None, Some(list)) => list.split(',').collect(),
        (None, None) => Vec::new(),
    };
    let mut client = peer;
    for hop in hops.iter().rev() {
        let Some(address) = parse_hop(hop) else {
            break;
        };
        client = address;
        if !is_trusted(&address) {
            break;
        }
    }
    client
}

/// One hop: `203.0.113.7`, `203.0.113.7:4711`, `"[2001:db8::1]:4711"`, `2001:db8::1`.
fn parse_hop(hop: &str) -> Option<IpAddr> {
    let hop = hop.trim().trim_matches('"');
    if let Ok(address) = hop.parse() {
        return Some(address);
    }
    if let Some(rest) = hop.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok();
    }
    hop.rsplit_once(':')?.0.parse().ok()
}

/// Parses `--trusted-proxies`: CIDR blocks or single addresses, comma-separated.
pub fn parse_trusted(list: &[String]) -> Result<Vec<IpNet>, String> {
    list.iter()
        .map(|entry| entry.trim())
        .filter(|entry| !entry.is_empty())
        .map(|entry| {
            entry
                .parse::<IpNet>()
                .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    format!(
                        "INTAKE_TRUSTED_PROXIES / --trusted-proxies: `{entry}` is not an address or a block like 10.0.0.0/8"
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trusted() -> Vec<IpNet> {
        parse_trusted(&["127.0.0.1".into(), "10.0.0.0/8".into(), "fd00::/8".into()]).unwrap()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn a_trusted_proxy_names_the_client() {
        let proxy = ip("127.0.0.1");
        let client = client_address(proxy, Some("203.0.113.7"), None, &trusted());
        assert_eq!(client, ip("203.0.113.7"));
        // two proxies of ours, and a forged first hop the visitor sent
        let chain = "1.2.3.4, 203.0.113.7, 10.1.2.3";
        assert_eq!(
            client_address(proxy, Some(chain), None, &trusted()),
            ip("203.0.113.7")
        );
        let forwarded = r#"for=198.51.100.9;proto=https, for="[2001:db8::5]:4711""#;
        assert_eq!(
            client_address(proxy, None, Some(forwarded), &trusted()),
            ip("2001:db8::5")
        );
        assert_eq!(
            client_address(proxy, Some("203.0.113.7:5555"), None, &trusted()),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let visitor = ip("198.51.100.1");
        assert_eq!(
            client_address(visitor, Some("10.0.0.1"), None, &trusted()),
            visitor
        );
        assert_eq!(
            client_address(ip("127.0.0.1"), Some("x"), None, &[]),
            ip("127.0.0.1")
        );
    }

    #[test]
    fn unreadable_hops_stop_at_the_last_trusted_one() {
        let proxy = ip("127.0.0.1");
        assert_eq!(
            client_address(proxy, Some("garbage"), None, &trusted()),
            proxy
        );
        assert_eq!(client_address(proxy, None, None, &trusted()), proxy);
    }

    #[test]
    fn a_malformed_block_names_the_setting() {
        let error = parse_trusted(&["10.0.0.0/33".into()]).unwrap_err();
        assert!(
            error.contains("--trusted-proxies") && error.contains("10.0.0.0/33"),
            "{error}"
        );
    }
}
