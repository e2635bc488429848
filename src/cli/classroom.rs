//! The classroom commands: `docktor class`, `docktor submit`, `docktor progress export/import`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use super::output::say;
use super::{Args, CliError, Status};
use crate::class::{self, ClassReport, Roster, Scope, Submission};
use crate::engine::Engine;
use crate::lesson::{LessonPack, load_dir};
use crate::{paths, progress, trust};
use crate::{tr, trf};

/// How `docktor class` shows the report.
#[derive(Debug, Clone, Default)]
pub struct ClassFaces {
    pub json: bool,
    pub csv: bool,
    pub html: Option<PathBuf>,
    pub watch: bool,
    pub from: Option<PathBuf>,
}

/// `docktor class [ROSTER] [--from DIR]`.
pub async fn class(
    pack: LessonPack,
    roster: Option<&Path>,
    faces: &ClassFaces,
) -> Result<Status, CliError> {
    let mut roster = roster
        .map(|p| Roster::load(p).map_err(|e| CliError::Usage(e.to_string())))
        .transpose()?;
    let pack = match roster.as_ref().and_then(|r| r.pack.as_deref()) {
        Some(dir) => load_dir(dir),
        None => pack,
    };
    if pack.lessons.is_empty() {
        return Err(CliError::Usage(
            tr!("the class's pack has no lessons; check `pack` in the roster (or --lessons)")
                .into(),
        ));
    }
    if let Some(r) = &mut roster {
        r.resolve_lessons(&pack).map_err(CliError::Usage)?;
    }
    let report = match (&faces.from, &roster) {
        (Some(dir), _) => {
            let name = roster.as_ref().map_or_else(
                || {
                    dir.file_name()
                        .map_or("class".into(), |n| n.to_string_lossy().into_owned())
                },
                |r| r.class.clone(),
            );
            class::read_dir(dir, &name, &pack).map_err(CliError::Usage)?
        }
        (None, Some(roster)) if faces.watch => {
            return watch(roster, &pack, faces.html.as_deref()).await;
        }
        (None, Some(roster)) => class::grade_class(roster, &pack).await,
        (None, None) => {
            return Err(CliError::Usage(
                tr!("give a roster (`docktor class class.toml`) or a folder of submitted files (`--from DIR`); see docs/classroom.md").into(),
            ));
        }
    };
    show(&report, faces)?;
    let all_graded = report.learners.iter().all(|l| l.reachable);
    Ok(if all_graded {
        Status::Ok
    } else {
        Status::Failed
    })
}

fn show(report: &ClassReport, faces: &ClassFaces) -> Result<(), CliError> {
    if let Some(file) = &faces.html {
        std::fs::write(file, class::html::render(report))
            .map_err(|e| CliError::Io(trf!("cannot write {}: {}", file.display(), e)))?;
    }
    if faces.json {
        say!("{}", class::to_json(report));
    } else if faces.csv {
        print!("{}", class::csv::render(report));
    } else {
        print!("{}", class::table::render(report));
        if let Some(file) = &faces.html {
            say!("{}", trf!("report written to {}", file.display()));
        }
    }
    Ok(())
}

/// The live table; with `--html FILE`, the page is rewritten on every change too.
async fn watch(
    roster: &Roster,
    pack: &LessonPack,
    html: Option<&Path>,
) -> Result<Status, CliError> {
    let terminal = std::io::stdout().is_terminal();
    let stop = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    class::watch::watch(roster, pack, stop, |report| {
        if let Some(file) = html
            && let Err(e) = std::fs::write(file, class::html::render(report))
        {
            eprintln!(
                "docktor: {}",
                trf!("cannot write {}: {}", file.display(), e)
            );
        }
        let table = class::table::render(report);
        if terminal {
            print!(
                "\x1b[H\x1b[2J{table}\n{}\n",
                tr!("watching the engines' events; Ctrl-C to stop")
            );
        } else {
            println!("{table}");
        }
        let _ = std::io::Write::flush(&mut std::io::stdout());
    })
    .await;
    Ok(Status::Ok)
}

/// `docktor submit [--out FILE] [--name NAME]`.
pub async fn submit(
    args: &Args,
    pack: &LessonPack,
    out: Option<&Path>,
    name: Option<&str>,
) -> Result<Status, CliError> {
    let engine = Engine::connect().await?;
    let recorded = progress::read_strict(&paths::progress_file()).unwrap_or_else(|e| {
        eprintln!(
            "docktor: {}",
            trf!("{}; submitting without your earlier progress", e)
        );
        None
    });
    let workspaces = args.workspace.clone().unwrap_or_else(paths::workspaces_dir);
    let scope = Scope {
        pack,
        trusted: trust::is_trusted(pack, args.trust, &paths::trust_file()),
        workspaces: Some(&workspaces),
        assigned: None,
        progress: recorded.as_ref(),
    };
    let (engine_id, lessons) = class::grade_engine(&engine, scope).await?;
    let learner = class::LearnerReport {
        name: name.unwrap_or_default().trim().to_owned(),
        source: engine.host().to_owned(),
        self_reported: true,
        reachable: true,
        problem: None,
        engine_id: Some(engine_id).filter(|id| !id.is_empty()),
        graded_at: class::now_rfc3339(),
        has_progress: recorded.is_some(),
        lessons,
    };
    let (passed, total) = learner.totals();
    let submission = Submission::new(pack, learner);
    let file = out.map_or_else(|| default_file(name), Path::to_path_buf);
    let text =
        serde_json::to_string_pretty(&submission).map_err(|e| CliError::Io(e.to_string()))?;
    std::fs::write(&file, text + "\n")
        .map_err(|e| CliError::Io(trf!("cannot write {}: {}", file.display(), e)))?;
    say!(
        "{}",
        trf!(
            "{}/{} steps passed; report written to {}",
            passed,
            total,
            file.display()
        )
    );
    if name.is_none() {
        say!(
            "{}",
            tr!(
                "your teacher takes your name from the file's name: rename it (alice.json), or run again with --name"
            )
        );
    }
    Ok(Status::Ok)
}

/// `NAME.json` with only letters, digits, `-`, `_` and `.`, or `submission.json` without a name.
fn default_file(name: Option<&str>) -> PathBuf {
    let safe: String = name
        .unwrap_or_default()
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.');
    if safe.is_empty() {
        PathBuf::from("submission.json")
    } else {
        PathBuf::from(format!("{safe}.json"))
    }
}

/// `docktor progress export FILE`.
pub fn progress_export(file: &Path) -> Result<Status, CliError> {
    let here = progress::read_strict(&paths::progress_file())
        .map_err(CliError::Usage)?
        .unwrap_or_default();
    progress::export(file, &here)
        .map_err(|e| CliError::Io(trf!("cannot write {}: {}", file.display(), e)))?;
    let steps: usize = here.lessons.values().map(|l| l.passed.len()).sum();
    say!(
        "{}",
        trf!(
            "exported {} passed step(s) in {} lesson(s) to {}",
            steps,
            here.lessons.len(),
            file.display()
        )
    );
    Ok(Status::Ok)
}

/// `docktor progress import FILE`: merges, never taking back a result here.
pub fn progress_import(file: &Path) -> Result<Status, CliError> {
    let theirs = progress::read_strict(file)
        .map_err(CliError::Usage)?
        .ok_or_else(|| CliError::Usage(trf!("no file {}", file.display())))?;
    let path = paths::progress_file();
    let mut here = progress::read_strict(&path)
        .map_err(|e| {
            CliError::Usage(trf!(
                "{}; move it aside (or start docktor once) before importing",
                e
            ))
        })?
        .unwrap_or_default();
    let merged = here.merge_import(&theirs);
    progress::save(&path, &here)
        .map_err(|e| CliError::Io(trf!("cannot save progress to {}: {}", path.display(), e)))?;
    say!(
        "{}",
        trf!(
            "imported {}: {} step(s) newly passed, {} lesson(s) moved on; nothing already here was changed back",
            file.display(),
            merged.newly_passed.len(),
            merged.moved_on.len()
        )
    );
    Ok(Status::Ok)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_submission_file_is_named_after_the_learner_and_never_leaves_the_folder() {
        assert_eq!(
            default_file(Some("Chloé Martin")),
            PathBuf::from("Chloé_Martin.json")
        );
        assert_eq!(
            default_file(Some("../../etc/x")),
            PathBuf::from("_.._etc_x.json")
        );
        assert_eq!(default_file(Some("  ")), PathBuf::from("submission.json"));
        assert_eq!(default_file(None), PathBuf::from("submission.json"));
    }
}
