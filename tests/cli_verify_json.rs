//! `docktor verify --json` on a small pack. verify looks at the whole engine, so run this file
//! under the shared lock: `flock -o /work/locks/engine.lock cargo test --test cli_verify_json`.

mod cli_support;
mod support;

use cli_support::{Scratch, text};
use support::{Cleanup, ensure_busybox, unique_name};

#[test]
fn verify_json_reports_each_lesson_and_step_with_schema_version() {
    ensure_busybox();
    let scratch = Scratch::new("json-verify");
    let name = unique_name("dt-json-verify");
    let _cleanup = Cleanup::containers(&[&name]);
    scratch.lesson(
        "01-box",
        &format!(
            "+++\nid = \"box\"\ntitle = \"Box\"\nformat_version = 1\nimages = [\"busybox:latest\"]\n[resources]\ncontainers = [\"{name}\"]\n+++\n\n## Start it\nRun it.\n\n```toml check\n[[container]]\nname = \"{name}\"\nstatus = \"running\"\n```\n\n```sh solution\ndocker run -d --name {name} busybox sleep 300\n```\n"
        ),
    );
    let out = scratch.docktor_on_pack(&["verify", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("stdout is one JSON document ({e}): {}", text(&out)));
    assert_eq!(json["schema_version"], 1);
    assert_eq!(
        (json["passed"].as_u64(), json["failed"].as_u64()),
        (Some(1), Some(0))
    );
    let lesson = &json["lessons"][0];
    assert_eq!(lesson["id"], "box");
    assert_eq!(lesson["passed"], true);
    assert_eq!(lesson["steps"][0]["number"], 1);
    assert_eq!(lesson["steps"][0]["passed"], true);
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("verify box"),
        "progress on stderr"
    );
}

#[test]
fn a_failing_solution_is_reported_with_its_exit_code_in_words() {
    let scratch = Scratch::new("verify-125");
    scratch.lesson(
        "01-bad",
        "+++\nid = \"bad\"\ntitle = \"Bad\"\nformat_version = 1\n+++\n\n## Fail\nNo.\n\n```toml check\n[[file]]\npath = \"never\"\n```\n\n```sh solution\nexit 125\n```\n",
    );
    let out = scratch.docktor_on_pack(&["verify"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("exited with code 125"), "{said}");
    assert!(!said.contains("Some("), "no Rust debug text: {said}");
}
