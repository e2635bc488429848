//! The class report's own words follow the language; the learners' names, lesson ids, counts
//! and the machine columns do not.

use super::report::ClassReport;
use crate::i18n::{Lang, with_lang};

/// Two learners: Ana stuck on step 2 with a failing check, Bo's engine unreachable.
fn report() -> ClassReport {
    serde_json::from_value(serde_json::json!({
        "schema_version": 1, "docktor_version": "0.0.0", "generated_at": "2026-12-01T12:00:00Z",
        "class": "Klas 3B", "pack": { "origin": "bundled", "fingerprint": "abc123" },
        "trusted": false, "self_reported": false,
        "lessons": [{ "id": "01-run", "title": "Je eerste container", "steps": [
            { "id": "a", "title": "Een" }, { "id": "b", "title": "Twee" } ] }],
        "learners": [
            { "name": "Ana", "source": "unix:///a.sock", "self_reported": false, "reachable": true,
              "graded_at": "2026-12-01T12:00:00Z", "has_progress": true,
              "lessons": [{ "id": "01-run", "assigned": true, "passed": 1, "total": 2,
                "current_step": 2, "steps": [
                  { "id": "a", "passed": true, "passed_before": false, "checks": [] },
                  { "id": "b", "passed": false, "passed_before": false, "checks": [
                    { "subject": "container `web`", "outcome": "fail",
                      "message": "container `web` is exited (code 1); verwacht running" } ] } ] }] },
            { "name": "Bo", "source": "tcp://bo:2375", "self_reported": false, "reachable": false,
              "problem": "geen engine", "graded_at": "2026-12-01T12:00:00Z",
              "has_progress": false, "lessons": [] }
        ]
    }))
    .expect("a report")
}

#[test]
fn a_class_report_in_dutch_has_dutch_headings_states_and_lang_and_keeps_its_facts() {
    let (table, html, csv) = with_lang(Lang::Nl, || {
        let r = report();
        (
            super::table::render(&r),
            super::html::render(&r),
            super::csv::render(&r),
        )
    });
    assert!(
        table.contains("Klas 3B · 2 deelnemer(s) · beoordeeld 2026-12-01T12:00:00Z"),
        "{table}"
    );
    assert!(
        table.starts_with("Klas 3B") && table.contains("deelnemer"),
        "{table}"
    );
    assert!(table.contains("geslaagd  bij"), "{table}");
    assert!(table.contains("01-run stap 2"), "{table}");
    assert!(table.contains("onbereikbaar: geen engine"), "{table}");
    assert!(html.contains("<html lang=\"nl\">"), "{html}");
    for words in [
        "Deelnemers per stap",
        "Waar de klas vastzit",
        "Elke deelnemer",
        "nu geslaagd",
        "nog niet bereikt",
        "01-run stap 2: Twee",
        "1 deelnemer(s) (Ana)",
        "alleen-lezen beoordeling",
    ] {
        assert!(html.contains(words), "`{words}` missing:\n{html}");
    }
    assert!(html.contains("container `web` is exited (code 1); verwacht running"));
    assert!(
        csv.starts_with("learner,source,self_reported,reachable,steps_passed"),
        "CSV columns are machine names in every language: {csv}"
    );
}
