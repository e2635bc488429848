//! The sentences of each kind of check, as a participant reads them.

use super::*;
use crate::check::CheckBlock;

fn only(toml_text: &str) -> String {
    let block: CheckBlock = toml::from_str(toml_text).expect("check block");
    let checks = block.into_checks();
    assert_eq!(checks.len(), 1);
    objective(&checks[0])
}

#[test]
fn a_web_container_reads_as_running_and_answering_on_its_host_port() {
    let words = only(
        r#"[[container]]
name = "ports-web"
status = "running"
ports = ["18080:80"]
http = { port = 80, body_contains = "Hello" }"#,
    );
    assert_eq!(
        words,
        "container `ports-web` is running, publishes its port 80 on port 18080 of your machine and answers on http://localhost:18080/ with a page containing `Hello`"
    );
}

#[test]
fn an_absent_container_reads_as_none_existing() {
    let words = only("[[container]]\nname = \"old\"\nexists = false");
    assert_eq!(words, "no container `old` exists");
}

#[test]
fn a_value_with_backticks_stays_one_code_span() {
    assert_eq!(code("a`b"), "``a`b``");
    assert_eq!(code("`x"), "`` `x ``");
    assert_eq!(code("plain"), "`plain`");
    assert_eq!(code("one\ntwo\n"), "`one⏎two`");
}

#[test]
fn images_volumes_networks_and_compose_read_as_sentences() {
    assert_eq!(
        only("[[image]]\nreference = \"app:1\"\nlayers_max = 3\nuser = \"app\""),
        "image `app:1` has at most 3 layer(s) and runs as user `app`"
    );
    assert_eq!(
        only("[[volume]]\nname = \"data\"\nused_by = [\"db\"]"),
        "volume `data` is mounted by container(s) `db`"
    );
    assert_eq!(
        only("[[network]]\nname = \"net\"\nexists = false"),
        "no network `net` exists"
    );
    assert_eq!(
        only("[[compose]]\nproject = \"p\"\nservice = \"web\"\nrunning = 1\nports = [\"8080:80\"]"),
        "service `web` of the compose project `p` has exactly 1 container running and publishes its port 80 on port 8080 of your machine"
    );
}

#[test]
fn files_and_dockerfiles_name_the_lesson_folder_and_the_rules() {
    assert_eq!(
        only("[[file]]\npath = \"notes.txt\"\ncontains = \"hi\""),
        "the file `notes.txt` (in the lesson folder) contains `hi`"
    );
    let words = only("[[dockerfile]]\nrules = [\"exec-form-cmd\"]\ncontains = [\"USER app\"]");
    assert!(
        words.starts_with("your `Dockerfile` (in the lesson folder) follows the rule"),
        "{words}"
    );
    assert!(
        words.ends_with("has instructions containing `USER app`"),
        "{words}"
    );
}

#[test]
fn an_http_check_without_a_fixed_host_port_says_where_it_asks() {
    let words =
        only("[[container]]\nname = \"w\"\nhttp = { port = 80, path = \"/health\", status = 204 }");
    assert_eq!(
        words,
        "container `w` answers HTTP requests for `/health` on the port of your machine that its port 80 is published on with status 204"
    );
}

#[test]
fn counts_say_how_many_of_which() {
    let words = only("[[count]]\nimage = \"busybox\"\nstatus = \"exited\"\nmax = 0");
    assert_eq!(
        words,
        "no containers in the state `exited` and made from image `busybox` exist"
    );
}
