//! Tests of markdown rendering: what each construct becomes on screen.

use ratatui::style::Modifier;

use super::*;

fn text(source: &str, width: u16) -> Vec<String> {
    render(source, width, Theme { color: true })
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

#[test]
fn paragraphs_wrap_to_the_width_with_a_blank_line_between() {
    let lines = text("one two three four five\n\nsix", 12);
    assert_eq!(lines, vec!["one two", "three four", "five", "", "six"]);
}

#[test]
fn headings_and_emphasis_keep_their_styles() {
    let lines = render(
        "## Ports\n\nsome **bold** and *slanted*",
        40,
        Theme { color: true },
    );
    assert!(
        lines[0].spans[0]
            .style
            .add_modifier
            .contains(Modifier::BOLD)
    );
    let bold = lines[2].spans.iter().find(|s| s.content == "bold");
    assert!(bold.is_some_and(|s| s.style.add_modifier.contains(Modifier::BOLD)));
    let slanted = lines[2].spans.iter().find(|s| s.content == "slanted");
    assert!(slanted.is_some_and(|s| s.style.add_modifier.contains(Modifier::ITALIC)));
}

#[test]
fn list_items_get_bullets_and_hanging_indents() {
    let lines = text("- first item wraps here\n- second\n  - nested", 16);
    assert_eq!(
        lines,
        vec!["• first item", "  wraps here", "• second", "  ◦ nested"]
    );
}

#[test]
fn ordered_lists_count_from_their_start() {
    let lines = text("3. three\n4. four", 20);
    assert_eq!(lines, vec!["3. three", "4. four"]);
}

#[test]
fn block_quotes_carry_a_bar_on_every_line() {
    let lines = text("> quoted words that wrap", 14);
    assert_eq!(lines, vec!["│ quoted words", "│ that wrap"]);
}

#[test]
fn runnable_blocks_are_labelled_and_other_code_is_set_apart() {
    let lines = text("```sh\ndocker ps -a\n```\n\n```\nplain\n```", 40);
    assert_eq!(
        lines,
        vec![
            strings::runnable_label().to_owned(),
            "┃ docker ps -a".to_owned(),
            String::new(),
            "│ plain".to_owned(),
        ]
    );
}

#[test]
fn links_show_their_address_unless_it_is_the_text() {
    let lines = text(
        "see [the docs](https://docs.docker.com) or <https://x.io>",
        80,
    );
    assert_eq!(
        lines,
        vec!["see the docs <https://docs.docker.com> or https://x.io"]
    );
}

#[test]
fn tables_line_up_their_columns() {
    let lines = text(
        "| flag | meaning |\n|---|---|\n| -d | detach |\n| -p | publish a port |",
        60,
    );
    assert_eq!(
        lines,
        vec![
            "flag │ meaning",
            "─────┼───────────────",
            "-d   │ detach",
            "-p   │ publish a port",
        ]
    );
}

#[test]
fn a_table_too_wide_wraps_its_cells() {
    let lines = text(
        "| a | b |\n|---|---|\n| one two three | four five six |",
        15,
    );
    assert!(lines.iter().all(|l| width_of(l) <= 15), "{lines:#?}");
    assert!(lines.iter().any(|l| l.contains("three")), "{lines:#?}");
}

#[test]
fn inline_code_keeps_backticks_without_colour() {
    let lines: Vec<String> = render("run `docker ps`", 40, Theme { color: false })
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect();
    assert_eq!(lines, vec!["run `docker ps`"]);
}

#[test]
fn long_code_lines_are_cut_not_lost_and_hang_under_their_start() {
    let lines = text("```\nabcdefghijklmnopqrstuvwxyz\n```", 12);
    assert_eq!(lines, vec!["│ abcdefghij", "│   klmnopqr", "│   stuvwxyz"]);
}
