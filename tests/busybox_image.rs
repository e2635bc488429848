//! The offline busybox that `docktor images --prepare` builds looks like Docker Hub's: its
//! directory layout, `/tmp` with mode 1777, `/etc/passwd` and `/etc/group` with root and
//! nobody, and one layer. Built under a unique tag, never as `busybox:latest`, which other
//! tests share.

mod support;

use std::path::Path;

use docktor::engine::Engine;
use support::{Cleanup, docker, docker_ok, ensure_busybox, unique_name};

fn run(tag: &str, script: &str) -> String {
    docker_ok(&["run", "--rm", tag, "sh", "-c", script])
}

#[tokio::test]
async fn the_offline_busybox_has_the_real_layout_users_and_one_layer() {
    ensure_busybox();
    let binary = docktor::images::BUSYBOX_CANDIDATES
        .iter()
        .map(Path::new)
        .find(|p| p.is_file())
        .expect("a static busybox (Debian's busybox-static) is installed");
    let tag = format!("{}:test", unique_name("docktor-busybox"));
    let box_name = unique_name("busybox-cp");
    let _cleanup = Cleanup::containers(&[&box_name]).images(&[&tag]);
    let engine = Engine::connect().await.expect("engine");
    docktor::images::build_busybox(&engine, &tag, binary)
        .await
        .expect("build the offline busybox");

    let layers = docker_ok(&["image", "inspect", "-f", "{{len .RootFS.Layers}}", &tag]);
    assert_eq!(layers, "1", "one layer, as Docker Hub's busybox has");
    let cmd = docker_ok(&["image", "inspect", "-f", "{{json .Config.Cmd}}", &tag]);
    assert_eq!(cmd, r#"["sh"]"#);

    let dirs = run(
        &tag,
        "for d in /bin /etc /home /root /tmp /usr/sbin /var/spool/mail /var/www; do test -d $d && echo $d; done",
    );
    assert_eq!(
        dirs.lines().count(),
        8,
        "every directory of the real image: {dirs}"
    );
    assert_eq!(run(&tag, "stat -c %a /tmp"), "1777");
    assert_eq!(run(&tag, "stat -c %a /root"), "700");
    let passwd = run(&tag, "cat /etc/passwd");
    assert!(
        passwd.starts_with("root:x:0:0:root:/root:/bin/sh"),
        "{passwd}"
    );
    assert!(passwd.contains("nobody:x:65534:65534:"), "{passwd}");
    let group = run(&tag, "cat /etc/group");
    assert!(
        group.starts_with("root:x:0:") && group.contains("nobody:x:65534:"),
        "{group}"
    );
    assert_eq!(
        docker_ok(&["run", "--rm", "--user", "nobody", &tag, "id"]),
        "uid=65534(nobody) gid=65534(nobody) groups=65534(nobody)"
    );
    assert!(
        run(&tag, "ls /bin | grep -c .")
            .parse::<usize>()
            .unwrap_or(0)
            > 100,
        "the applets are linked in /bin"
    );

    // What broke before: `docker cp FILE c:/tmp/` needs /tmp to exist.
    docker_ok(&["create", "--name", &box_name, &tag, "sleep", "1"]);
    let file = std::env::temp_dir().join(unique_name("busybox-cp-file"));
    std::fs::write(&file, "copied\n").expect("write");
    let copied = docker(&["cp", &file.to_string_lossy(), &format!("{box_name}:/tmp/")]);
    let _ = std::fs::remove_file(&file);
    assert!(
        copied.status.success(),
        "docker cp into /tmp: {}",
        String::from_utf8_lossy(&copied.stderr)
    );
}
