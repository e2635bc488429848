//! Other engines, for real: a Podman service (as Fedora classrooms have), the same reached over
//! ssh (`ssh HOST docker system dial-stdio`, a throwaway sshd on loopback), and through a docker
//! context over TLS (socat with openssl certificates in front of its socket). Each runs part of
//! the course with `verify`, and a `check` that must fail and then pass.
//!
//! Everything here is private: its own Podman storage, socket, sshd, certificates and docker
//! config folder, all in one temp folder, bound to loopback, stopped by guards. The host's Docker
//! engine is never touched, so these tests need no engine lock. They run one at a time.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use support::{TempDir, docker_ok, ensure_busybox};

/// One private engine at a time: Podman's network setup is shared by the whole machine.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Waits until `ready` holds, panicking with `what` after `limit`.
fn wait_for(what: &str, limit: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(
            start.elapsed() < limit,
            "{what} did not come up in {limit:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A background server, killed (and waited for) when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A Podman service on its own socket with its own storage, holding busybox from the host's
/// Docker engine. Dropping it removes its containers, stops it and deletes its folder.
struct Podman {
    dir: TempDir,
    server: Option<Server>,
}

impl Podman {
    fn start(with_busybox: bool) -> Self {
        let dir = TempDir::new("pm");
        // Rootful Podman raises ulimits above what this machine's sandbox allows.
        dir.write(
            "containers.conf",
            "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=8192:8192\"]\n",
        );
        let mut podman = Self { dir, server: None };
        let socket = podman.socket();
        let child = podman
            .command()
            .args(["system", "service", "--time=0"])
            .arg(format!("unix://{}", socket.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("podman is installed (Debian: apt-get install podman; .ci/run does)");
        podman.server = Some(Server(child));
        wait_for("the podman service", Duration::from_secs(30), || {
            Command::new("docker")
                .args(["-H", &podman.host(), "version"])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        });
        if with_busybox {
            ensure_busybox();
            let mut save = Command::new("docker")
                .args(["save", "busybox:latest"])
                .stdout(Stdio::piped())
                .spawn()
                .expect("docker save");
            let load = Command::new("docker")
                .args(["-H", &podman.host(), "load"])
                .stdin(save.stdout.take().expect("pipe"))
                .output()
                .expect("docker load");
            let saved = save.wait().expect("docker save ends");
            assert!(saved.success(), "docker save busybox:latest failed");
            assert!(load.status.success(), "{}", text(&load));
        }
        podman
    }

    /// The podman CLI on this service's storage.
    fn command(&self) -> Command {
        let mut c = Command::new("podman");
        c.env("CONTAINERS_CONF", self.dir.path.join("containers.conf"))
            .arg("--root")
            .arg(self.dir.path.join("root"))
            .arg("--runroot")
            .arg(self.dir.path.join("run"))
            .args(["--storage-driver", "vfs"]);
        c
    }

    fn socket(&self) -> PathBuf {
        self.dir.path.join("podman.sock")
    }

    fn host(&self) -> String {
        format!("unix://{}", self.socket().display())
    }

    /// Stops the service now, as an engine that goes away would.
    fn stop_service(&mut self) {
        self.server = None;
    }
}

impl Drop for Podman {
    fn drop(&mut self) {
        let _ = self
            .command()
            .args(["rm", "--all", "--force", "--time", "0"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        self.server = None;
        let _ = self
            .command()
            .args(["system", "reset", "--force"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        kill_processes_under(&self.dir.path);
    }
}

/// Ends what this Podman left running: conmon keeps each `docker exec` session's monitor for
/// minutes after the exec ends. Only processes whose command line names our folder.
fn kill_processes_under(dir: &Path) {
    let needle = dir.to_string_lossy().into_owned();
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .filter(|n| n.chars().all(|c| c.is_ascii_digit()))
        else {
            continue;
        };
        let cmdline = std::fs::read(entry.path().join("cmdline")).unwrap_or_default();
        if String::from_utf8_lossy(&cmdline).contains(&needle) {
            let _ = Command::new("kill").args(["-9", pid]).status();
        }
    }
}

/// docktor with its own home, progress and workspaces in `home`.
fn docktor(home: &Path, args: &[&str]) -> Command {
    let mut c = support::docktor_command();
    c.args(args)
        .env("DOCKTOR_HOME", home)
        .env("DOCKER_CONFIG", home.join("docker-config"))
        .env_remove("DOCKER_HOST")
        .env_remove("DOCKER_CONTEXT")
        .env_remove("DOCKER_TLS_VERIFY")
        .env_remove("DOCKER_CERT_PATH")
        .stdin(Stdio::null());
    c
}

fn run(mut c: Command) -> Output {
    c.output().expect("run docktor")
}

/// Step 1 of lesson 01 on `engine`: its check fails, the learner's command makes it pass.
/// `docker_env` is given to the learner's `docker` and to docktor alike.
fn check_fails_then_passes(home: &Path, engine_args: &[&str], docker_env: &[(&str, String)]) {
    let check = |extra: &[&str]| {
        let mut args = engine_args.to_vec();
        args.extend_from_slice(extra);
        let mut c = docktor(home, &args);
        for (k, v) in docker_env.iter().filter(|(k, _)| *k == "PATH") {
            c.env(k, v);
        }
        run(c)
    };
    let before = check(&["check", "01-run:1"]);
    assert_eq!(before.status.code(), Some(1), "{}", text(&before));
    let mut learner = Command::new("docker");
    learner.args([
        "run",
        "--name",
        "run-hello",
        "busybox:latest",
        "echo",
        "hello, docker",
    ]);
    for (k, v) in docker_env {
        learner.env(k, v);
    }
    let typed = learner.output().expect("docker run");
    assert!(typed.status.success(), "{}", text(&typed));
    let after = check(&["check", "01-run:1"]);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after));
    assert!(text(&after).contains("pass"), "{}", text(&after));
}

#[test]
fn a_podman_service_runs_lessons_and_grades_checks() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let podman = Podman::start(true);
    let home = TempDir::new("pm-home");
    let host = podman.host();
    let doctor = run(docktor(&home.path, &["-H", &host, "doctor"]));
    assert!(text(&doctor).contains("Podman 4"), "{}", text(&doctor));
    assert!(
        text(&doctor).contains("chosen by --host"),
        "{}",
        text(&doctor)
    );
    // Not 02-lifecycle: Podman's compat `docker stop` kills at once (doctor names it).
    // Chosen by -H only: the solutions' `docker` commands must be sent to the same engine.
    let verified = run(docktor(
        &home.path,
        &["-H", &host, "verify", "01-run", "06-volumes"],
    ));
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    check_fails_then_passes(&home.path, &["-H", &host], &[("DOCKER_HOST", host.clone())]);
    // Podman calls a stopped container `stopped`: it is read as Docker's `exited`.
    let ps = docker_ok(&["-H", &host, "ps", "-a", "--filter", "name=^run-hello$"]);
    assert!(ps.contains("run-hello"), "{ps}");
    let reset = run(docktor(&home.path, &["-H", &host, "reset", "01-run"]));
    assert_eq!(reset.status.code(), Some(0), "{}", text(&reset));
    assert!(text(&reset).contains("run-hello"), "{}", text(&reset));
    // Podman's own names for images (`localhost/...`, `docker.io/library/...`): reset still
    // finds the lesson's `images-box:1.0` in `localhost/images-box:1.0`.
    // Reset removes only what was made since the lesson started: start it first.
    let started = run(docktor(&home.path, &["-H", &host, "check", "04-images"]));
    assert_ne!(started.status.code(), Some(3), "{}", text(&started));
    std::thread::sleep(std::time::Duration::from_millis(1100));
    // Built, not tagged: Podman records no tag time, so a `docker tag` of an old image made
    // during the lesson cannot be told from the learner's own and is kept.
    let context = TempDir::new("pm-build");
    std::fs::write(
        context.path.join("Dockerfile"),
        "FROM busybox:latest\nLABEL docktor.test=podman-reset\n",
    )
    .expect("Dockerfile");
    let context_dir = context.path.display().to_string();
    docker_ok(&[
        "-H",
        &host,
        "build",
        "-q",
        "-t",
        "localhost/images-box:1.0",
        &context_dir,
    ]);
    let listed = docker_ok(&[
        "-H",
        &host,
        "images",
        "--format",
        "{{.Repository}}:{{.Tag}}",
    ]);
    assert!(listed.contains("localhost/images-box:1.0"), "{listed}");
    let reset = run(docktor(&home.path, &["-H", &host, "reset", "04-images"]));
    assert_eq!(reset.status.code(), Some(0), "{}", text(&reset));
    assert!(
        text(&reset).contains("removed image images-box:1.0"),
        "{}",
        text(&reset)
    );
    let listed = docker_ok(&[
        "-H",
        &host,
        "images",
        "--format",
        "{{.Repository}}:{{.Tag}}",
    ]);
    assert!(!listed.contains("images-box"), "{listed}");
}

#[test]
fn an_empty_podman_gets_busybox_built_offline_when_the_pull_fails_in_the_stream() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let podman = Podman::start(false);
    let home = TempDir::new("pm-home");
    let out = run(docktor(
        &home.path,
        &["-H", &podman.host(), "images", "--prepare"],
    ));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("built"), "{}", text(&out));
    let again = run(docktor(&home.path, &["-H", &podman.host(), "images"]));
    assert!(text(&again).contains("present"), "{}", text(&again));
}

#[test]
fn an_engine_lost_during_verify_is_exit_8() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut podman = Podman::start(true);
    let home = TempDir::new("pm-home");
    let mut verify = docktor(
        &home.path,
        &["-H", &podman.host(), "verify", "02-lifecycle"],
    );
    let child = verify
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let pid = child.id();
    std::thread::sleep(Duration::from_secs(3));
    podman.stop_service();
    let out = child.wait_with_output().expect("verify ends");
    assert_eq!(out.status.code(), Some(8), "{}", text(&out));
    let scratch = std::env::temp_dir().join(format!("docktor-verify-{pid}"));
    assert!(!scratch.exists(), "{} was left behind", scratch.display());
}

/// A throwaway sshd on a loopback port whose logins get `DOCKER_HOST` of the Podman service,
/// and an `ssh` on PATH that uses this folder's client config (the user's own config, for the
/// test), so `ssh://docktor-lab` works exactly as a learner's alias would.
struct Sshd {
    dir: TempDir,
    _server: Server,
    port: u16,
}

impl Sshd {
    fn start(docker_host: &str) -> Self {
        let dir = TempDir::new("sshd");
        let d = dir.path.clone();
        for key in ["hostkey", "userkey", "otherkey"] {
            let made = Command::new("ssh-keygen")
                .args(["-q", "-t", "ed25519", "-N", ""])
                .arg("-f")
                .arg(d.join(key))
                .status()
                .expect("ssh-keygen (openssh-client)");
            assert!(made.success());
        }
        std::fs::copy(d.join("userkey.pub"), d.join("authorized_keys")).expect("keys");
        let (port, no_docker_port) = (free_port(), free_port());
        // On the second port, logins find no `docker` at all.
        let config = format!(
            "Port {port}\nPort {no_docker_port}\nListenAddress 127.0.0.1\nHostKey {d}/hostkey\nAuthorizedKeysFile {d}/authorized_keys\nPasswordAuthentication no\nKbdInteractiveAuthentication no\nPermitRootLogin prohibit-password\nUsePAM no\nStrictModes no\nPidFile {d}/sshd.pid\nMatch LocalPort {port}\n  SetEnv DOCKER_HOST={docker_host}\nMatch LocalPort {no_docker_port}\n  SetEnv PATH=/nonexistent\n",
            d = d.display()
        );
        dir.write("sshd_config", &config);
        std::fs::create_dir_all("/run/sshd").expect("sshd privilege separation folder");
        let child = Command::new("/usr/sbin/sshd")
            .args(["-D", "-e", "-f"])
            .arg(d.join("sshd_config"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("sshd (Debian: openssh-server; .ci/run installs it)");
        let host_key = std::fs::read_to_string(d.join("hostkey.pub")).expect("host key");
        let host_key: Vec<&str> = host_key.split_whitespace().take(2).collect();
        dir.write(
            "known_hosts",
            &format!(
                "[127.0.0.1]:{port} {k}\n[127.0.0.1]:{no_docker_port} {k}\n",
                k = host_key.join(" ")
            ),
        );
        let client = |alias: &str, key: &str, known: &str| {
            let port = if alias == "docktor-nodocker" {
                no_docker_port
            } else {
                port
            };
            format!(
                "Host {alias}\n  HostName 127.0.0.1\n  Port {port}\n  User root\n  IdentityFile {d}/{key}\n  IdentitiesOnly yes\n  UserKnownHostsFile {d}/{known}\n  StrictHostKeyChecking yes\n",
                d = d.display()
            )
        };
        dir.write("empty_known_hosts", "");
        dir.write(
            "ssh_config",
            &[
                client("docktor-lab", "userkey", "known_hosts"),
                client("docktor-badkey", "otherkey", "known_hosts"),
                client("docktor-newhost", "userkey", "empty_known_hosts"),
                client("docktor-nodocker", "userkey", "known_hosts"),
            ]
            .concat(),
        );
        dir.write(
            "bin/ssh",
            &format!(
                "#!/bin/sh\nexec /usr/bin/ssh -F {}/ssh_config \"$@\"\n",
                d.display()
            ),
        );
        let chmod = Command::new("chmod")
            .arg("+x")
            .arg(d.join("bin/ssh"))
            .status()
            .expect("chmod");
        assert!(chmod.success());
        let sshd = Self {
            dir,
            _server: Server(child),
            port,
        };
        wait_for("sshd", Duration::from_secs(10), || {
            std::net::TcpStream::connect(("127.0.0.1", sshd.port)).is_ok()
        });
        sshd
    }

    /// PATH with this folder's `ssh` first.
    fn path(&self) -> String {
        format!(
            "{}:{}",
            self.dir.path.join("bin").display(),
            std::env::var("PATH").unwrap_or_default()
        )
    }
}

fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).expect("bind");
    listener.local_addr().expect("addr").port()
}

#[test]
fn an_ssh_engine_is_reached_with_the_users_own_ssh_and_says_what_is_wrong() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let podman = Podman::start(true);
    let sshd = Sshd::start(&podman.host());
    let home = TempDir::new("ssh-home");
    let with_path = |mut c: Command| {
        c.env("PATH", sshd.path());
        run(c)
    };
    let doctor = with_path(docktor(&home.path, &["-H", "ssh://docktor-lab", "doctor"]));
    assert!(text(&doctor).contains("Podman"), "{}", text(&doctor));
    assert!(
        text(&doctor).contains("at ssh://docktor-lab"),
        "{}",
        text(&doctor)
    );
    let mut verify = docktor(&home.path, &["verify", "01-run"]);
    verify.env("DOCKER_HOST", "ssh://docktor-lab");
    let verified = with_path(verify);
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    let mut learner_env = vec![("DOCKER_HOST", podman.host())];
    learner_env.push(("PATH", sshd.path()));
    check_fails_then_passes(&home.path, &["-H", "ssh://docktor-lab"], &learner_env);
    let refused = with_path(docktor(
        &home.path,
        &["-H", "ssh://docktor-badkey", "images"],
    ));
    assert_eq!(refused.status.code(), Some(6), "{}", text(&refused));
    assert!(
        text(&refused).contains("refused your ssh key"),
        "{}",
        text(&refused)
    );
    let unknown = with_path(docktor(
        &home.path,
        &["-H", "ssh://docktor-newhost", "images"],
    ));
    assert_eq!(unknown.status.code(), Some(7), "{}", text(&unknown));
    assert!(text(&unknown).contains("host key"), "{}", text(&unknown));
    let no_docker = with_path(docktor(
        &home.path,
        &["-H", "ssh://docktor-nodocker", "images"],
    ));
    assert_eq!(no_docker.status.code(), Some(3), "{}", text(&no_docker));
    assert!(
        text(&no_docker).contains("`docker system dial-stdio` failed there"),
        "{}",
        text(&no_docker)
    );
}

/// openssl certificates: a CA, a server certificate for 127.0.0.1, a client certificate, and
/// a second CA that signed none of them.
fn make_certificates(dir: &Path) {
    let sh = format!(
        r#"set -e
cd {d}
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=docktor-ca -keyout ca-key.pem -out ca.pem 2>/dev/null
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=other-ca -keyout other-key.pem -out other-ca.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout server-key.pem -out server.csr 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile server.ext -out server-cert.pem 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj /CN=learner -keyout key.pem -out client.csr 2>/dev/null
printf 'extendedKeyUsage=clientAuth\n' > client.ext
openssl x509 -req -in client.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 2 -extfile client.ext -out cert.pem 2>/dev/null
"#,
        d = dir.display()
    );
    let made = Command::new("sh")
        .args(["-c", &sh])
        .status()
        .expect("openssl");
    assert!(made.success(), "openssl could not make the certificates");
}

/// Writes context `name` (endpoint `host`, TLS files from `certs` with `ca` as its CA) into
/// the docker config folder `config`, as `docker context create` would.
fn write_context(config: &Path, name: &str, host: &str, certs: &Path, ca: &str) {
    let id = docktor::engine::context_id(name);
    let meta = config.join("contexts/meta").join(&id);
    std::fs::create_dir_all(&meta).expect("meta folder");
    let json = serde_json::json!({
        "Name": name, "Metadata": {},
        "Endpoints": { "docker": { "Host": host, "SkipTLSVerify": false } }
    });
    std::fs::write(meta.join("meta.json"), json.to_string()).expect("meta.json");
    let tls = config.join("contexts/tls").join(&id).join("docker");
    std::fs::create_dir_all(&tls).expect("tls folder");
    std::fs::copy(certs.join(ca), tls.join("ca.pem")).expect("ca");
    std::fs::copy(certs.join("cert.pem"), tls.join("cert.pem")).expect("cert");
    std::fs::copy(certs.join("key.pem"), tls.join("key.pem")).expect("key");
}

#[test]
fn a_tls_docker_context_is_used_as_the_docker_cli_uses_it() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let podman = Podman::start(true);
    let home = TempDir::new("tls-home");
    let certs = home.path.join("certs");
    std::fs::create_dir_all(&certs).expect("certs");
    make_certificates(&certs);
    let port = free_port();
    let listen = format!(
        "OPENSSL-LISTEN:{port},bind=127.0.0.1,reuseaddr,fork,cert={c}/server-cert.pem,key={c}/server-key.pem,cafile={c}/ca.pem,verify=1",
        c = certs.display()
    );
    let socat = Command::new("socat")
        .arg(listen)
        .arg(format!("UNIX-CONNECT:{}", podman.socket().display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("socat (Debian: socat; .ci/run installs it)");
    let _socat = Server(socat);
    wait_for("socat", Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let config = home.path.join("docker-config");
    let host = format!("tcp://127.0.0.1:{port}");
    write_context(&config, "lab-tls", &host, &certs, "ca.pem");
    write_context(&config, "wrong-ca", &host, &certs, "other-ca.pem");
    std::fs::write(
        config.join("config.json"),
        r#"{ "currentContext": "lab-tls" }"#,
    )
    .expect("config.json");
    // Nothing on the command line: the current context chooses, as for `docker`.
    let doctor = run(docktor(&home.path, &["doctor"]));
    assert!(text(&doctor).contains("Podman"), "{}", text(&doctor));
    assert!(
        text(&doctor).contains("chosen by context `lab-tls`"),
        "{}",
        text(&doctor)
    );
    let verified = run(docktor(&home.path, &["verify", "01-run"]));
    assert_eq!(verified.status.code(), Some(0), "{}", text(&verified));
    check_fails_then_passes(
        &home.path,
        &["--context", "lab-tls"],
        &[("DOCKER_CONFIG", config.display().to_string())],
    );
    let bad_ca = run(docktor(&home.path, &["-c", "wrong-ca", "images"]));
    assert_eq!(bad_ca.status.code(), Some(7), "{}", text(&bad_ca));
    assert!(text(&bad_ca).contains("TLS"), "{}", text(&bad_ca));
    assert!(
        text(&bad_ca).contains("not signed by your CA"),
        "{}",
        text(&bad_ca)
    );
    // The variables' TLS, as `docker` takes them: verified against DOCKER_CERT_PATH/ca.pem.
    let mut by_variables = docktor(&home.path, &["images"]);
    by_variables
        .env("DOCKER_HOST", &host)
        .env("DOCKER_TLS_VERIFY", "1")
        .env("DOCKER_CERT_PATH", &certs);
    let by_variables = run(by_variables);
    assert_eq!(
        by_variables.status.code(),
        Some(0),
        "{}",
        text(&by_variables)
    );
    // Plain HTTP to a TLS port is a TLS problem too, never "the engine stopped answering".
    let mut plain_http = docktor(&home.path, &["images"]);
    plain_http.env("DOCKER_HOST", &host);
    let plain_http = run(plain_http);
    assert_eq!(plain_http.status.code(), Some(7), "{}", text(&plain_http));
    assert!(text(&plain_http).contains("TLS"), "{}", text(&plain_http));
    // DOCKER_HOST overrides the context, and doctor says a plain shell would differ.
    let mut plain = docktor(&home.path, &["doctor"]);
    plain.env("DOCKER_HOST", podman.host());
    let plain = run(plain);
    assert!(
        text(&plain).contains("overrides the current context `lab-tls`"),
        "{}",
        text(&plain)
    );
}

#[test]
fn a_server_that_is_not_a_docker_engine_is_named_as_such() {
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let home = TempDir::new("nohttp");
    home.write("www/index.html", "not docker");
    let port = free_port();
    let httpd = Command::new("busybox")
        .args(["httpd", "-f", "-p", &format!("127.0.0.1:{port}"), "-h"])
        .arg(home.path.join("www"))
        .spawn()
        .expect("busybox httpd (busybox-static)");
    let _httpd = Server(httpd);
    wait_for("httpd", Duration::from_secs(10), || {
        std::net::TcpStream::connect(("127.0.0.1", port)).is_ok()
    });
    let out = run(docktor(
        &home.path,
        &[
            "-H",
            &format!("tcp://127.0.0.1:{port}"),
            "check",
            "01-run:1",
        ],
    ));
    assert_eq!(out.status.code(), Some(7), "{}", text(&out));
    assert!(text(&out).contains("not a Docker engine"), "{}", text(&out));
    assert!(
        !text(&out).contains("run-hello"),
        "nothing is graded: {}",
        text(&out)
    );
}

#[test]
fn an_empty_docker_host_means_unset_and_a_broken_one_says_what_is_wrong() {
    let home = TempDir::new("hosts");
    let mut empty = docktor(&home.path, &["doctor"]);
    empty.env("DOCKER_HOST", "");
    let empty = run(empty);
    assert!(
        text(&empty).contains("chosen by default socket"),
        "{}",
        text(&empty)
    );
    for (host, says) in [
        ("tcp://", "names no host"),
        ("tcp://:0", "names no host"),
        ("tcp://localhost:99999", "port 99999 is above 65535"),
    ] {
        let mut c = docktor(&home.path, &["check", "01-run:1"]);
        c.env("DOCKER_HOST", host);
        let out = run(c);
        assert_eq!(out.status.code(), Some(7), "{host}: {}", text(&out));
        assert!(text(&out).contains(says), "{host}: {}", text(&out));
    }
}
