//! Published ports: what a lesson expects (`"8080:80"`, `"80"`, `"8080:80/udp"`) matched
//! against what the engine really publishes, and how both are worded for a learner.

use std::collections::BTreeSet;
use std::fmt;

use super::Findings;
use crate::engine::PublishedPort;
use crate::{tr, trf};

/// One expected published port.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    /// Only for `"127.0.0.1:8080:80"`: the host address it must be bound to.
    pub host_ip: Option<String>,
    /// `None` for `"80"`: any host port will do.
    pub host_port: Option<u16>,
    pub container_port: u16,
    pub protocol: String,
}

impl PortSpec {
    /// Parses `"80"`, `"8080:80"`, `"127.0.0.1:8080:80"`, each with an optional `/udp`.
    pub fn parse(text: &str) -> Result<Self, String> {
        let bad = || {
            trf!(
                "`{}` is not a port; write `8080:80`, `80` or `8080:80/udp`",
                text
            )
        };
        let (ports, protocol) = match text.trim().split_once('/') {
            Some((ports, proto)) if ["tcp", "udp", "sctp"].contains(&proto) => (ports, proto),
            Some(_) => return Err(bad()),
            None => (text.trim(), "tcp"),
        };
        let number = |s: &str| s.parse::<u16>().ok().filter(|p| *p != 0).ok_or_else(bad);
        let parts: Vec<&str> = ports.split(':').collect();
        let (host_ip, host_port, container_port) = match parts.as_slice() {
            [container] => (None, None, number(container)?),
            [host, container] => (None, Some(number(host)?), number(container)?),
            [ip, host, container] if !ip.is_empty() => (
                Some((*ip).to_owned()),
                Some(number(host)?),
                number(container)?,
            ),
            _ => return Err(bad()),
        };
        Ok(Self {
            host_ip,
            host_port,
            container_port,
            protocol: protocol.to_owned(),
        })
    }

    /// True when `port` is a binding this spec accepts.
    pub fn matches(&self, port: &PublishedPort) -> bool {
        port.container_port == self.container_port
            && port.protocol == self.protocol
            && self.host_port.is_none_or(|h| h == port.host_port)
            && self.host_ip.as_deref().is_none_or(|ip| ip == port.host_ip)
    }
}

impl fmt::Display for PortSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proto = protocol_suffix(&self.protocol);
        match (&self.host_ip, self.host_port) {
            (Some(ip), Some(host)) => write!(f, "{ip}:{host}->{}{proto}", self.container_port),
            (_, Some(host)) => write!(f, "{host}->{}{proto}", self.container_port),
            (_, None) => {
                let port = format!("{}{proto}", self.container_port);
                f.write_str(&trf!("{} on any host port", port))
            }
        }
    }
}

fn protocol_suffix(protocol: &str) -> String {
    if protocol == "tcp" {
        String::new()
    } else {
        format!("/{protocol}")
    }
}

/// Parses every spec of a check, or says which one is malformed.
pub fn parse_all(texts: &[String]) -> Result<Vec<PortSpec>, String> {
    texts.iter().map(|t| PortSpec::parse(t)).collect()
}

/// Words published ports as `8080->80, 127.0.0.1:9000->90/udp`, once per host port: the
/// IPv4 and IPv6 bindings of one port are one fact for a learner.
pub fn describe(ports: &[PublishedPort]) -> String {
    let wildcard = |ip: &str| matches!(ip, "" | "0.0.0.0" | "::");
    let unique: BTreeSet<String> = ports
        .iter()
        .map(|p| {
            let proto = protocol_suffix(&p.protocol);
            if wildcard(&p.host_ip) {
                format!("{}->{}{proto}", p.host_port, p.container_port)
            } else {
                format!("{}:{}->{}{proto}", p.host_ip, p.host_port, p.container_port)
            }
        })
        .collect();
    unique.into_iter().collect::<Vec<_>>().join(", ")
}

/// Records whether `found` publishes every expected port; an empty `expected` means "none".
pub fn grade(expected: &[PortSpec], found: &[PublishedPort], findings: &mut Findings) {
    if expected.is_empty() {
        findings.expect(
            found.is_empty(),
            tr!("publishes no port"),
            trf!("publishes {}; expected no published port", describe(found)),
        );
        return;
    }
    let mut matched = Vec::new();
    let mut missing = Vec::new();
    for spec in expected {
        let hits: Vec<PublishedPort> = found.iter().filter(|p| spec.matches(p)).cloned().collect();
        if hits.is_empty() {
            missing.push(spec.to_string());
        } else {
            matched.extend(hits);
        }
    }
    if !matched.is_empty() {
        findings.right(trf!("publishes {}", describe(&matched)));
    }
    if !missing.is_empty() {
        let missing = missing.join(" and ");
        findings.wrong(if found.is_empty() {
            trf!("publishes no port; expected {}", missing)
        } else if matched.is_empty() {
            trf!("publishes {}; expected {}", describe(found), missing)
        } else {
            trf!("does not publish {}", missing)
        });
    }
}

/// The binding to reach `container_port` (TCP) on, preferring IPv4.
pub fn tcp_binding(found: &[PublishedPort], container_port: u16) -> Option<&PublishedPort> {
    let mut candidates: Vec<&PublishedPort> = found
        .iter()
        .filter(|p| p.container_port == container_port && p.protocol == "tcp")
        .collect();
    candidates.sort_by_key(|p| p.host_ip.contains(':'));
    candidates.into_iter().next()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(host_ip: &str, host_port: u16, container_port: u16, proto: &str) -> PublishedPort {
        PublishedPort {
            container_port,
            protocol: proto.into(),
            host_ip: host_ip.into(),
            host_port,
        }
    }

    #[test]
    fn specs_parse_in_every_documented_form() {
        let spec = PortSpec::parse("8080:80").expect("parse");
        assert_eq!((spec.host_port, spec.container_port), (Some(8080), 80));
        assert_eq!(spec.protocol, "tcp");
        let spec = PortSpec::parse("80").expect("parse");
        assert_eq!((spec.host_port, spec.container_port), (None, 80));
        let spec = PortSpec::parse("8080:80/udp").expect("parse");
        assert_eq!(spec.protocol, "udp");
        let spec = PortSpec::parse("127.0.0.1:8080:80").expect("parse");
        assert_eq!(spec.host_ip.as_deref(), Some("127.0.0.1"));
    }

    #[test]
    fn malformed_specs_are_refused_with_the_forms_to_use() {
        for text in ["", "web", "8080:", "70000:80", "80/http", "a:b:c:d", "0"] {
            let err = PortSpec::parse(text).expect_err(text);
            assert!(err.contains("8080:80"), "{err}");
        }
    }

    #[test]
    fn a_spec_without_host_port_accepts_any_host_port() {
        let spec = PortSpec::parse("80").expect("parse");
        assert!(spec.matches(&published("0.0.0.0", 49153, 80, "tcp")));
        assert!(!spec.matches(&published("0.0.0.0", 49153, 80, "udp")));
        assert!(!spec.matches(&published("0.0.0.0", 80, 81, "tcp")));
    }

    #[test]
    fn a_spec_with_host_ip_needs_that_address() {
        let spec = PortSpec::parse("127.0.0.1:8080:80").expect("parse");
        assert!(spec.matches(&published("127.0.0.1", 8080, 80, "tcp")));
        assert!(!spec.matches(&published("0.0.0.0", 8080, 80, "tcp")));
    }

    #[test]
    fn ipv4_and_ipv6_bindings_of_one_port_are_described_once() {
        let ports = [
            published("0.0.0.0", 8080, 80, "tcp"),
            published("::", 8080, 80, "tcp"),
            published("127.0.0.1", 9000, 90, "udp"),
        ];
        assert_eq!(describe(&ports), "127.0.0.1:9000->90/udp, 8080->80");
    }

    #[test]
    fn nothing_published_is_worded_with_what_was_expected() {
        let mut f = Findings::new("container `web`");
        f.right("is running");
        grade(&parse_all(&["8080:80".into()]).expect("parse"), &[], &mut f);
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` is running, but publishes no port; expected 8080->80"
        );
    }

    #[test]
    fn a_wrong_host_port_names_the_one_published() {
        let mut f = Findings::new("container `web`");
        let found = [published("0.0.0.0", 8081, 80, "tcp")];
        grade(
            &parse_all(&["8080:80".into()]).expect("parse"),
            &found,
            &mut f,
        );
        assert_eq!(
            f.into_verdict(None).message,
            "container `web` publishes 8081->80; expected 8080->80"
        );
    }

    #[test]
    fn an_empty_list_expects_nothing_published() {
        let mut f = Findings::new("container `web`");
        grade(&[], &[published("0.0.0.0", 8080, 80, "tcp")], &mut f);
        let v = f.into_verdict(None);
        assert!(!v.passed());
        assert!(
            v.message.contains("expected no published port"),
            "{}",
            v.message
        );
    }

    #[test]
    fn the_http_binding_prefers_ipv4() {
        let found = [
            published("::", 8080, 80, "tcp"),
            published("0.0.0.0", 8080, 80, "tcp"),
        ];
        assert_eq!(
            tcp_binding(&found, 80).map(|p| p.host_ip.as_str()),
            Some("0.0.0.0")
        );
        assert!(tcp_binding(&found, 81).is_none());
    }
}
