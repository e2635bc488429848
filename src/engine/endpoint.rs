//! Which engine to talk to, chosen the way the docker CLI chooses it: `--host`/`-H`, then
//! `--context`/`-c`, then `DOCKER_HOST`, then `DOCKER_CONTEXT`, then the current context of the
//! CLI's config, then the platform default. Also the parsing of an engine address.

use std::fmt;
use std::path::{Path, PathBuf};

use super::EngineError;
use super::context::{self, ContextStore};

/// The platform's default engine socket.
pub const DEFAULT_HOST: &str = "unix:///var/run/docker.sock";

/// Where an engine is, as a user names it. All `None` means "as the docker CLI would choose"
/// (see [`Endpoint::resolve`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// `unix:///path`, `tcp://host:port`, `ssh://user@host`.
    pub host: Option<String>,
    /// A docker context name, read from the CLI's context store (when `host` is `None`).
    pub context: Option<String>,
    /// `Some(true)`: TLS, verifying the engine against `cert_path/ca.pem`; `Some(false)`: TLS
    /// without verifying the engine (`DOCKER_TLS`); `None`: plain, unless the context has TLS.
    pub tls_verify: Option<bool>,
    /// The folder with `ca.pem`, `cert.pem`, `key.pem` (default: the docker config folder).
    pub cert_path: Option<PathBuf>,
}

/// How the engine in use was chosen, in the words `doctor` and the status bar use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HowChosen {
    /// The `--host`/`-H` option.
    HostOption,
    /// The `--context`/`-c` option.
    ContextOption(String),
    /// The `DOCKER_HOST` variable.
    HostVariable,
    /// The `DOCKER_CONTEXT` variable.
    ContextVariable(String),
    /// The docker CLI's current context (`docker context use`).
    CurrentContext(String),
    /// Nothing chose: the platform default socket.
    Default,
    /// A caller's own [`Endpoint`] (for example a class report's engine).
    Given,
}

impl fmt::Display for HowChosen {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::HostOption => write!(f, "--host"),
            Self::ContextOption(n) => write!(f, "--context `{n}`"),
            Self::HostVariable => write!(f, "DOCKER_HOST"),
            Self::ContextVariable(n) => write!(f, "DOCKER_CONTEXT `{n}`"),
            Self::CurrentContext(n) => f.write_str(&crate::trf!("context `{}`", n)),
            Self::Default => f.write_str(crate::tr!("default socket")),
            Self::Given => f.write_str(crate::tr!("given endpoint")),
        }
    }
}

/// The engine chosen, how, and what else a `docker` command in another shell might talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    /// The endpoint in force, with `host` always filled in.
    pub endpoint: Endpoint,
    pub how_chosen: HowChosen,
    /// Sentences for the learner when their `docker` command may reach another engine.
    pub warnings: Vec<String>,
}

/// What the environment says, read once so that resolution is a pure function of it.
#[derive(Debug, Clone, Default)]
pub struct Environment {
    pub docker_host: Option<String>,
    pub docker_context: Option<String>,
    pub tls_verify: bool,
    pub tls: bool,
    pub cert_path: Option<PathBuf>,
    pub store: ContextStore,
}

impl Environment {
    /// Reads the docker CLI's variables; empty ones count as unset, as the CLI does.
    pub fn from_process() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        Self {
            docker_host: var("DOCKER_HOST"),
            docker_context: var("DOCKER_CONTEXT"),
            tls_verify: var("DOCKER_TLS_VERIFY").is_some(),
            tls: var("DOCKER_TLS").is_some(),
            cert_path: var("DOCKER_CERT_PATH").map(PathBuf::from),
            store: ContextStore::from_process(),
        }
    }

    /// The TLS settings of the default context (`DOCKER_TLS_VERIFY`, `DOCKER_TLS`).
    fn default_tls(&self) -> (Option<bool>, Option<PathBuf>) {
        let tls = if self.tls_verify {
            Some(true)
        } else if self.tls {
            Some(false)
        } else {
            None
        };
        let certs = tls.map(|_| {
            self.cert_path
                .clone()
                .unwrap_or_else(|| self.store.dir().to_path_buf())
        });
        (tls, certs)
    }

    /// The endpoint of a named context (`default` is the one made of the variables).
    fn context_endpoint(&self, name: &str) -> Result<Endpoint, EngineError> {
        if name == context::DEFAULT_CONTEXT {
            let (tls_verify, cert_path) = self.default_tls();
            return Ok(Endpoint {
                host: Some(
                    self.docker_host
                        .clone()
                        .unwrap_or_else(|| DEFAULT_HOST.to_owned()),
                ),
                context: None,
                tls_verify,
                cert_path,
            });
        }
        self.store.endpoint(name)
    }
}

impl Endpoint {
    /// Chooses the engine as the docker CLI would, given the `--host` and `--context` options.
    pub fn resolve(
        cli_host: Option<&str>,
        cli_context: Option<&str>,
    ) -> Result<Resolved, EngineError> {
        Self::resolve_in(&Environment::from_process(), cli_host, cli_context)
    }

    /// [`Endpoint::resolve`] against a given environment.
    pub fn resolve_in(
        env: &Environment,
        cli_host: Option<&str>,
        cli_context: Option<&str>,
    ) -> Result<Resolved, EngineError> {
        let cli_host = cli_host.filter(|h| !h.is_empty());
        let cli_context = cli_context.filter(|c| !c.is_empty());
        if let (Some(host), Some(_)) = (cli_host, cli_context) {
            return Err(EngineError::BadHost {
                host: host.to_owned(),
                detail: "--host and --context cannot be given together".to_owned(),
            });
        }
        let current = env.store.current_context()?;
        let (endpoint, how_chosen) = if let Some(host) = cli_host {
            let (tls_verify, cert_path) = env.default_tls();
            let endpoint = Endpoint {
                host: Some(host.to_owned()),
                context: None,
                tls_verify,
                cert_path,
            };
            (endpoint, HowChosen::HostOption)
        } else if let Some(name) = cli_context {
            let how = HowChosen::ContextOption(name.to_owned());
            (env.context_endpoint(name)?, how)
        } else {
            Self::without_options(env, current.as_deref())?
        };
        parse_host(endpoint.address()).map_err(|e| match e {
            EngineError::BadHost { host, detail } => EngineError::BadHost {
                host,
                detail: crate::trf!("{} (chosen by {})", detail, how_chosen),
            },
            other => other,
        })?;
        let warnings = warnings(env, current.as_deref(), &endpoint, &how_chosen);
        Ok(Resolved {
            endpoint,
            how_chosen,
            warnings,
        })
    }

    /// What a plain `docker` command in this shell talks to.
    fn without_options(
        env: &Environment,
        current: Option<&str>,
    ) -> Result<(Endpoint, HowChosen), EngineError> {
        if env.docker_host.is_some() {
            let endpoint = env.context_endpoint(context::DEFAULT_CONTEXT)?;
            return Ok((endpoint, HowChosen::HostVariable));
        }
        if let Some(name) = &env.docker_context {
            let how = HowChosen::ContextVariable(name.clone());
            return Ok((env.context_endpoint(name)?, how));
        }
        match current {
            Some(name) if name != context::DEFAULT_CONTEXT => {
                let how = HowChosen::CurrentContext(name.to_owned());
                Ok((env.context_endpoint(name)?, how))
            }
            _ => Ok((
                env.context_endpoint(context::DEFAULT_CONTEXT)?,
                HowChosen::Default,
            )),
        }
    }

    /// Fills in what this endpoint leaves to the environment: a context's host and TLS
    /// material, or, when nothing is given, the docker CLI's own choice.
    pub fn complete(&self) -> Result<Resolved, EngineError> {
        let endpoint = match (&self.host, &self.context) {
            (Some(_), _) => self.clone(),
            (None, Some(name)) => {
                let mut e = Environment::from_process().context_endpoint(name)?;
                e.context = Some(name.clone());
                e
            }
            (None, None) => return Self::resolve(None, None),
        };
        Ok(Resolved {
            endpoint,
            how_chosen: HowChosen::Given,
            warnings: Vec::new(),
        })
    }

    /// The engine address in force (`host`, else the default socket).
    pub fn address(&self) -> &str {
        self.host.as_deref().unwrap_or(DEFAULT_HOST)
    }

    /// The TLS folder, when TLS is on.
    pub fn tls_folder(&self) -> Option<&Path> {
        self.tls_verify.and(self.cert_path.as_deref())
    }
}

/// Warns when a lower-ranked choice (one a `docker` command elsewhere might use) names another
/// engine than the one in force.
fn warnings(
    env: &Environment,
    current: Option<&str>,
    chosen: &Endpoint,
    how: &HowChosen,
) -> Vec<String> {
    let mut out = Vec::new();
    let other = |name: &str| env.context_endpoint(name).ok();
    let differs = |e: &Endpoint| e.address() != chosen.address();
    let plain_docker = Endpoint::without_options(env, current).ok();
    if matches!(how, HowChosen::HostOption | HowChosen::ContextOption(_))
        && let Some((e, plain_how)) = &plain_docker
        && differs(e)
    {
        out.push(crate::trf!(
            "your `docker` commands go to {} ({}), but docktor grades {} ({}): pass the same --host/--context to docker, or drop it here",
            e.address(),
            plain_how,
            chosen.address(),
            how
        ));
    }
    let mut shadowed = |source: String, name: &str| {
        if let Some(e) = other(name).filter(|e| differs(e)) {
            out.push(crate::trf!(
                "{} overrides {} (engine {}): a shell without it gives `docker` another engine than docktor grades",
                how,
                source,
                e.address()
            ));
        }
    };
    let env_first = matches!(how, HowChosen::HostVariable);
    if env_first && let Some(name) = &env.docker_context {
        shadowed(format!("DOCKER_CONTEXT `{name}`"), name);
    }
    if matches!(how, HowChosen::HostVariable | HowChosen::ContextVariable(_))
        && let Some(name) = current.filter(|n| *n != context::DEFAULT_CONTEXT)
    {
        shadowed(
            crate::trf!("the current context `{}` (docker context use)", name),
            name,
        );
    }
    out
}

/// An engine address, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Address {
    Unix(PathBuf),
    Tcp { host: String, port: Option<u16> },
    Ssh(SshAddress),
}

/// `ssh://[user@]host[:port]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SshAddress {
    pub user: Option<String>,
    pub host: String,
    pub port: Option<u16>,
}

/// Parses an engine address the way the docker CLI accepts it; says what is wrong otherwise.
pub fn parse_host(host: &str) -> Result<Address, EngineError> {
    let bad = |detail: &str| EngineError::BadHost {
        host: host.to_owned(),
        detail: detail.to_owned(),
    };
    let (scheme, rest) = host.split_once("://").unwrap_or(("tcp", host));
    match scheme {
        "unix" if rest.is_empty() => Ok(Address::Unix(PathBuf::from("/var/run/docker.sock"))),
        "unix" if rest.starts_with('/') => Ok(Address::Unix(PathBuf::from(rest))),
        "unix" => Err(bad(crate::tr!(
            "a unix socket path must be absolute (unix:///path)"
        ))),
        "tcp" | "http" | "https" => {
            let (host_name, port) = split_authority(rest).map_err(|d| bad(&d))?;
            Ok(Address::Tcp {
                host: host_name,
                port,
            })
        }
        "ssh" => {
            let (user, hostport) = match rest.split_once('@') {
                Some((u, h)) => (Some(u.to_owned()).filter(|u| !u.is_empty()), h),
                None => (None, rest),
            };
            let (host_name, port) = split_authority(hostport).map_err(|d| bad(&d))?;
            Ok(Address::Ssh(SshAddress {
                user,
                host: host_name,
                port,
            }))
        }
        "npipe" => Err(bad(crate::tr!("named pipes exist only on Windows"))),
        other => Err(bad(&crate::trf!(
            "unsupported scheme `{}://` (use unix://, tcp:// or ssh://)",
            other
        ))),
    }
}

/// `host[:port][/]` -> host and port; an empty host, port 0 or one above 65535 is refused.
fn split_authority(text: &str) -> Result<(String, Option<u16>), String> {
    let authority = text.strip_suffix('/').unwrap_or(text);
    if authority.contains('/') {
        return Err(crate::tr!("an engine address takes no path").to_owned());
    }
    let (host, port) = if let Some(rest) = authority.strip_prefix('[') {
        let (h, after) = rest
            .split_once(']')
            .ok_or_else(|| crate::tr!("an IPv6 address needs its closing `]`").to_owned())?;
        (h, after.strip_prefix(':'))
    } else {
        match authority.rsplit_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    if host.is_empty() {
        return Err(crate::tr!("it names no host").to_owned());
    }
    let port = match port {
        None => None,
        Some(p) => match p.parse::<u32>() {
            Ok(0) => {
                return Err(crate::tr!("port 0 is not a port an engine listens on").to_owned());
            }
            Ok(n) if n <= u32::from(u16::MAX) => Some(n as u16),
            Ok(n) => return Err(crate::trf!("port {} is above 65535", n)),
            Err(_) => return Err(crate::trf!("`{}` is not a port number", p)),
        },
    };
    Ok((host.to_owned(), port))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_with(store: &Path) -> Environment {
        Environment {
            store: ContextStore::at(store),
            ..Default::default()
        }
    }

    #[test]
    fn a_bad_address_is_explained_in_the_learners_language() {
        let err = crate::i18n::with_lang(crate::i18n::Lang::Sv, || {
            parse_host("tcp://engine:99999").expect_err("port too high")
        });
        let EngineError::BadHost { detail, .. } = err else {
            panic!("a bad host")
        };
        assert_eq!(detail, "port 99999 är större än 65535");
        let how = crate::i18n::with_lang(crate::i18n::Lang::Nb, || HowChosen::Default.to_string());
        assert_eq!(how, "standardsocketen");
    }

    #[test]
    fn addresses_the_docker_cli_refuses_are_refused_with_what_is_wrong() {
        for (host, says) in [
            ("tcp://", "no host"),
            ("tcp://:0", "no host"),
            ("tcp://localhost:0", "port 0"),
            ("tcp://localhost:99999", "above 65535"),
            ("ftp://example", "unsupported scheme"),
            ("unix://relative.sock", "absolute"),
        ] {
            let err = parse_host(host).expect_err(host);
            assert!(err.to_string().contains(says), "{host}: {err}");
        }
    }

    #[test]
    fn addresses_the_docker_cli_accepts_are_parsed() {
        assert_eq!(
            parse_host("tcp://10.0.0.2:2376").ok(),
            Some(Address::Tcp {
                host: "10.0.0.2".into(),
                port: Some(2376)
            })
        );
        assert_eq!(
            parse_host("ssh://me@lab:2222").ok(),
            Some(Address::Ssh(SshAddress {
                user: Some("me".into()),
                host: "lab".into(),
                port: Some(2222)
            }))
        );
        assert_eq!(
            parse_host("localhost:2375").ok(),
            Some(Address::Tcp {
                host: "localhost".into(),
                port: Some(2375)
            })
        );
    }

    #[test]
    fn docker_host_wins_over_the_current_context_and_says_so() {
        let dir = crate::engine::context::tests::store_with("colima", "unix:///colima.sock");
        let mut env = env_with(dir.path());
        env.docker_host = Some("unix:///other.sock".into());
        let r = Endpoint::resolve_in(&env, None, None).expect("resolves");
        assert_eq!(r.endpoint.address(), "unix:///other.sock");
        assert_eq!(r.how_chosen, HowChosen::HostVariable);
        assert_eq!(r.warnings.len(), 1, "{:?}", r.warnings);
        assert!(r.warnings[0].contains("colima"));
    }

    #[test]
    fn the_current_context_is_used_when_nothing_else_chooses() {
        let dir = crate::engine::context::tests::store_with("colima", "unix:///colima.sock");
        let r = Endpoint::resolve_in(&env_with(dir.path()), None, None).expect("resolves");
        assert_eq!(r.endpoint.address(), "unix:///colima.sock");
        assert_eq!(r.how_chosen.to_string(), "context `colima`");
        assert!(r.warnings.is_empty());
    }

    #[test]
    fn a_host_option_that_differs_from_plain_docker_is_warned_about() {
        let dir = crate::engine::context::tests::store_with("colima", "unix:///colima.sock");
        let r = Endpoint::resolve_in(&env_with(dir.path()), Some("tcp://lab:2375"), None)
            .expect("resolves");
        assert_eq!(r.how_chosen, HowChosen::HostOption);
        assert!(r.warnings[0].contains("your `docker` commands go to unix:///colima.sock"));
    }

    #[test]
    fn host_and_context_options_together_are_refused() {
        let dir = crate::engine::context::tests::store_with("colima", "unix:///colima.sock");
        let err = Endpoint::resolve_in(&env_with(dir.path()), Some("tcp://a:1"), Some("colima"))
            .expect_err("both");
        assert!(err.to_string().contains("cannot be given together"));
    }

    #[test]
    fn tls_variables_turn_tls_on_for_the_default_context() {
        let dir = crate::engine::context::tests::store_with("x", "unix:///x.sock");
        let mut env = env_with(dir.path());
        env.docker_host = Some("tcp://lab:2376".into());
        env.tls_verify = true;
        let r = Endpoint::resolve_in(&env, None, None).expect("resolves");
        assert_eq!(r.endpoint.tls_verify, Some(true));
        assert_eq!(r.endpoint.cert_path.as_deref(), Some(dir.path()));
    }
}
