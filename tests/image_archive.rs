//! Offline image packs on the real engine: `images --save` writes a test image built FROM
//! busybox (with a tag of its own, never busybox itself) into one archive; after the image is
//! removed, `images --load` brings it back with the same id. A cut-short, damaged or foreign
//! file gives a clear message and exit code 10, and loads nothing.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::{Cleanup, docker, docker_ok, ensure_busybox, unique_name};

/// A pack whose one lesson needs the test image, and a DOCKTOR_HOME, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(image: &str) -> Self {
        let dir = std::env::temp_dir().join(unique_name("docktor-image-archive"));
        let lesson = dir.join("pack").join("01-offline");
        std::fs::create_dir_all(&lesson).expect("pack folder");
        std::fs::create_dir_all(dir.join("home")).expect("home");
        std::fs::write(
            lesson.join("lesson.md"),
            format!("+++\nid = \"01-offline\"\ntitle = \"Offline\"\nformat_version = 1\nimages = [\"{image}\"]\n+++\n\n## Look\n\n```toml check\n[[image]]\nreference = \"{image}\"\n```\n"),
        )
        .expect("lesson");
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn docktor(&self, args: &[&str]) -> Output {
        let pack = self.path("pack");
        support::docktor_command()
            .arg("--lessons")
            .arg(&pack)
            .args(args)
            .env("DOCKTOR_HOME", self.path("home"))
            .env("NO_COLOR", "1")
            .stdin(std::process::Stdio::null())
            .output()
            .expect("run docktor")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn text(out: &Output) -> String {
    format!(
        "exit {:?}\nstdout:\n{}\nstderr:\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Builds a small image FROM busybox with a tag no other test uses; gives its id.
fn build_test_image(tag: &str, dir: &Path) -> String {
    let context = dir.join("context");
    std::fs::create_dir_all(&context).expect("context");
    std::fs::write(
        context.join("Dockerfile"),
        format!("FROM busybox:latest\nRUN echo {tag} > /made-by-the-test.txt\nLABEL docktor.test=image-archive\n"),
    )
    .expect("Dockerfile");
    docker_ok(&["build", "-q", "-t", tag, context.to_str().expect("utf-8")]);
    docker_ok(&["image", "inspect", "--format", "{{.Id}}", tag])
}

fn present(tag: &str) -> bool {
    docker(&["image", "inspect", tag]).status.success()
}

fn path_arg(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

#[test]
fn a_saved_image_comes_back_after_removal_and_bad_files_load_nothing() {
    ensure_busybox();
    let tag = format!("{}:1.0", unique_name("docktor-archive-test"));
    let _cleanup = Cleanup::new().images(&[&tag]);
    let scratch = Scratch::new(&tag);
    let id = build_test_image(&tag, &scratch.0);
    let archive = scratch.path("images.tar");

    let out = scratch.docktor(&["images", "--save", path_arg(&archive)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&tag) && text(&out).contains("saved"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("MB in all"),
        "progress is shown: {}",
        text(&out)
    );
    let listing = Command::new("tar")
        .arg("-tf")
        .arg(&archive)
        .output()
        .expect("tar");
    let names = String::from_utf8_lossy(&listing.stdout).into_owned();
    assert_eq!(names.lines().next(), Some("docktor-images.json"), "{names}");
    assert!(
        names.lines().any(|l| l == "manifest.json"),
        "the engine's own archive follows: {names}"
    );
    let manifest = Command::new("tar")
        .arg("-xOf")
        .arg(&archive)
        .arg("docktor-images.json")
        .output()
        .expect("tar");
    let manifest: serde_json::Value =
        serde_json::from_slice(&manifest.stdout).expect("manifest is JSON");
    assert_eq!(manifest["format"], "docktor-images");
    assert_eq!(manifest["images"][0]["reference"], tag.as_str());
    assert_eq!(manifest["images"][0]["id"], id.as_str());
    assert!(manifest["images"][0]["size_bytes"].as_u64().unwrap_or(0) > 0);
    assert_eq!(manifest["docktor_version"], env!("CARGO_PKG_VERSION"));

    let bad = bad_copies(&scratch, &archive);
    docker_ok(&["image", "rm", &tag]);
    assert!(!present(&tag));
    for (file, says) in &bad {
        let out = scratch.docktor(&["images", "--load", path_arg(file)]);
        assert_eq!(
            out.status.code(),
            Some(10),
            "{}: {}",
            file.display(),
            text(&out)
        );
        assert!(
            text(&out).contains(says),
            "{} should say {says}: {}",
            file.display(),
            text(&out)
        );
        assert!(!present(&tag), "{} loaded something", file.display());
    }

    let out = scratch.docktor(&["images", "--load", path_arg(&archive)]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&tag) && text(&out).contains("loaded"),
        "{}",
        text(&out)
    );
    assert!(
        text(&out).contains("checked"),
        "the file is checked first: {}",
        text(&out)
    );
    assert!(text(&out).contains("MB in all"), "progress: {}", text(&out));
    assert_eq!(
        docker_ok(&["image", "inspect", "--format", "{{.Id}}", &tag]),
        id
    );
    assert!(present("busybox:latest"), "busybox is untouched");
}

/// A cut-short copy, a copy with one byte changed, a foreign tar and a file that is no tar.
fn bad_copies(scratch: &Scratch, archive: &Path) -> Vec<(PathBuf, &'static str)> {
    let bytes = std::fs::read(archive).expect("read archive");
    let truncated = scratch.path("truncated.tar");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let damaged = scratch.path("damaged.tar");
    let mut flipped = bytes.clone();
    let middle = flipped.len() * 3 / 4;
    flipped[middle] ^= 0x55;
    std::fs::write(&damaged, &flipped).expect("write");
    let foreign_dir = scratch.path("foreign");
    std::fs::create_dir_all(&foreign_dir).expect("dir");
    std::fs::write(foreign_dir.join("notes.txt"), "holiday photos").expect("write");
    let foreign = scratch.path("foreign.tar");
    let made = Command::new("tar")
        .arg("-cf")
        .arg(&foreign)
        .arg("-C")
        .arg(&foreign_dir)
        .arg("notes.txt")
        .status()
        .expect("tar");
    assert!(made.success());
    let not_tar = scratch.path("not-a-tar.tar");
    std::fs::write(&not_tar, "this is not an archive at all\n").expect("write");
    vec![
        (truncated, "cut short"),
        (damaged, "damaged"),
        (foreign, "not a docktor image archive"),
        (not_tar, "not a docktor image archive"),
    ]
}

#[test]
fn saving_an_image_the_engine_lacks_says_to_prepare_and_writes_nothing() {
    ensure_busybox();
    let tag = format!("{}:absent", unique_name("docktor-archive-missing"));
    let scratch = Scratch::new(&tag);
    let archive = scratch.path("images.tar");
    let out = scratch.docktor(&["images", "--save", path_arg(&archive)]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("docktor images --prepare"),
        "{}",
        text(&out)
    );
    assert!(!archive.exists());
    assert!(!scratch.path("images.tar.partial").exists());
}

#[test]
fn loading_a_missing_file_is_a_clear_io_error() {
    let scratch = Scratch::new("busybox:latest");
    let out = scratch.docktor(&["images", "--load", path_arg(&scratch.path("nope.tar"))]);
    assert_eq!(out.status.code(), Some(5), "{}", text(&out));
    assert!(text(&out).contains("nope.tar"), "{}", text(&out));
}
