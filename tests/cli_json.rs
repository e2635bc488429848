//! JSON output: every document parses, carries `schema_version`, and uses only keys that
//! docs/json.md shows. Runs the real binary; `doctor` and `images` ask the live engine.

mod cli_support;
mod support;

use std::path::Path;

use cli_support::{Scratch, text};
use serde_json::Value;
use support::ensure_busybox;

/// The example tagged ```` ```json docktor-NAME ```` in docs/json.md.
pub fn documented(name: &str) -> Value {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/json.md"))
        .expect("read docs/json.md");
    let fence = format!("```json docktor-{name}\n");
    let start = doc
        .find(&fence)
        .unwrap_or_else(|| panic!("docs/json.md has no `{fence}`"))
        + fence.len();
    let len = doc[start..].find("```").expect("a closing fence");
    serde_json::from_str(&doc[start..start + len])
        .unwrap_or_else(|e| panic!("the `{name}` example in docs/json.md is not JSON: {e}"))
}

/// Every key of `real` appears in `documented`, at the same place (array elements are
/// compared with all documented elements merged).
pub fn assert_documented(documented: &Value, real: &Value, at: &str) {
    match (documented, real) {
        (Value::Object(doc), Value::Object(real)) => {
            for (key, value) in real {
                let Some(doc_value) = doc.get(key) else {
                    panic!("`{at}.{key}` is printed but not in docs/json.md");
                };
                assert_documented(doc_value, value, &format!("{at}.{key}"));
            }
        }
        (Value::Array(doc), Value::Array(real)) => {
            let mut merged = serde_json::Map::new();
            for element in doc {
                if let Value::Object(o) = element {
                    merged.extend(o.clone());
                }
            }
            for element in real {
                if element.is_object() {
                    assert_documented(&Value::Object(merged.clone()), element, &format!("{at}[]"));
                }
            }
        }
        _ => {}
    }
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", text(out)))
}

#[test]
fn list_json_carries_schema_version_and_documented_keys() {
    let scratch = Scratch::new("json-list");
    let out = scratch.docktor(&["list", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json = json_of(&out);
    assert_eq!(json["schema_version"], 1);
    assert!(json["lessons"].as_array().is_some_and(|l| !l.is_empty()));
    assert_documented(&documented("list"), &json, "list");
}

#[test]
fn check_json_carries_schema_version_on_every_step() {
    ensure_busybox();
    let scratch = Scratch::new("json-check");
    let out = scratch.docktor(&["check", "1", "--all-steps", "--json"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a fresh learner passes nothing: {}",
        text(&out)
    );
    let json = json_of(&out);
    let steps = json.as_array().expect("an array of steps");
    assert!(steps.len() > 1);
    for step in steps {
        assert_eq!(step["schema_version"], 1, "{step}");
    }
    assert_documented(&documented("check"), &json, "check");
}

#[test]
fn doctor_json_parses_and_agrees_with_the_exit_code() {
    let scratch = Scratch::new("json-doctor");
    let out = scratch.docktor(&["doctor", "--json"]);
    let json = json_of(&out);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["exit_code"], out.status.code().expect("an exit code"));
    assert_eq!(json["ok"], out.status.code() == Some(0));
    let engine = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["topic"] == "engine")
        .expect("an engine finding");
    assert_eq!(engine["ok"], true, "{engine}");
    assert_documented(&documented("doctor"), &json, "doctor");
}

#[test]
fn doctor_json_without_an_engine_still_parses_and_exits_3() {
    let scratch = Scratch::new("json-doctor-none");
    let out = scratch
        .command(&["doctor", "--json"])
        .env("DOCKER_HOST", "unix:///nonexistent/docker.sock")
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let json = json_of(&out);
    assert_eq!(json["ok"], false);
    assert_eq!(json["exit_code"], 3);
}

#[test]
fn images_json_lists_each_image_with_its_state() {
    ensure_busybox();
    let scratch = Scratch::new("json-images");
    let out = scratch.docktor(&["images", "--json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let json = json_of(&out);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["missing"], 0);
    let busybox = json["images"]
        .as_array()
        .expect("images")
        .iter()
        .find(|i| i["reference"] == "busybox:latest")
        .expect("busybox is listed");
    assert_eq!(busybox["state"], "present");
    assert_documented(&documented("images"), &json, "images");
}

#[test]
fn images_prepare_json_says_what_it_does_on_stderr_and_keeps_stdout_json() {
    ensure_busybox();
    let scratch = Scratch::new("json-images-prepare");
    let image = support::unique_name("dt-json-missing");
    scratch.lesson(
        "01-i",
        &format!("+++\nid = \"i\"\ntitle = \"I\"\nformat_version = 1\nimages = [\"{image}:1\"]\n+++\n## S\n```toml check\n[[file]]\npath = \"x\"\n```\n"),
    );
    let out = scratch.docktor_on_pack(&["images", "--prepare", "--json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json = json_of(&out);
    assert_eq!(json["missing"], 1);
    assert_eq!(json["images"][0]["state"], "missing");
    assert!(json["images"][0]["error"].is_string(), "{json}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!("{image}:1")) && stderr.contains("getting it"),
        "{stderr}"
    );
    assert_documented(&documented("images"), &json, "images");
}

#[test]
fn every_documented_example_parses_and_carries_schema_version() {
    for name in ["list", "check", "verify", "doctor", "images"] {
        let example = documented(name);
        let version = match &example {
            Value::Array(steps) => steps[0]["schema_version"].clone(),
            other => other["schema_version"].clone(),
        };
        assert_eq!(version, 1, "the `{name}` example");
    }
}

#[test]
fn images_prepare_says_what_it_is_doing_before_the_image_is_done() {
    ensure_busybox();
    let scratch = Scratch::new("images-prepare-lines");
    let image = support::unique_name("dt-prepare-missing");
    scratch.lesson(
        "01-i",
        &format!("+++\nid = \"i\"\ntitle = \"I\"\nformat_version = 1\nimages = [\"{image}:1\"]\n+++\n## S\n```toml check\n[[file]]\npath = \"x\"\n```\n"),
    );
    let out = scratch.docktor_on_pack(&["images", "--prepare"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let doing = lines.iter().position(|l| l.contains("getting it: pulling"));
    let done = lines.iter().position(|l| l.contains("missing:"));
    assert!(
        matches!((doing, done), (Some(a), Some(b)) if a < b),
        "first what it does, then how it ended:\n{stdout}"
    );
}
