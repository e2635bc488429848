//! The workshop commands: `docktor handout` and `docktor images --save/--load`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::output::{Style, say};
use super::{Args, CliError, Command, HandoutFormat, HandoutPaper, Status};
use crate::engine::Engine;
use crate::handout::{self, Edition, Handout, Paper, pdf};
use crate::image_archive::{self, ArchiveError, Progress};
use crate::images;
use crate::lesson::{Lesson, LessonPack};
use crate::{tr, trf};

/// `docktor handout [LESSON...] --out FILE [--solutions] [--format html|md] [--pdf FILE]`.
pub fn handout(_args: &Args, pack: &LessonPack, command: &Command) -> Result<Status, CliError> {
    let Command::Handout {
        targets,
        out,
        solutions,
        format,
        pdf: pdf_file,
        paper,
        title,
    } = command
    else {
        return Err(CliError::Usage("not a handout command".into()));
    };
    if *format == HandoutFormat::Md && pdf_file.is_some() {
        return Err(CliError::Usage(
            tr!("--pdf prints the HTML handout: drop --format md, or drop --pdf").into(),
        ));
    }
    if pack.lessons.is_empty() {
        return Err(CliError::Usage(
            tr!("there are no lessons to put in a handout").into(),
        ));
    }
    let chosen = targets
        .iter()
        .map(|key| find(pack, key))
        .collect::<Result<Vec<&Lesson>, _>>()?;
    let edition = if *solutions {
        Edition::Instructor
    } else {
        Edition::Participant
    };
    let mut doc = Handout::new(pack, chosen, edition);
    if let Some(title) = title {
        doc.title = title.clone();
    }
    doc.paper = match paper {
        None => Paper::Any,
        Some(HandoutPaper::A4) => Paper::A4,
        Some(HandoutPaper::Letter) => Paper::Letter,
    };
    let text = match format {
        HandoutFormat::Html => handout::html(&doc),
        HandoutFormat::Md => handout::markdown(&doc),
    };
    let tasks: usize = doc.lessons.iter().map(|l| l.steps.len()).sum();
    let what = match edition {
        Edition::Participant => tr!("participant handout"),
        Edition::Instructor => tr!("instructor edition (with solutions)"),
    };
    let mut scratch = None;
    let html_file = match out {
        Some(out) => out.clone(),
        None => scratch.insert(TempFolder::create()?).0.join("handout.html"),
    };
    std::fs::write(&html_file, &text)
        .map_err(|e| CliError::Io(trf!("cannot write {}: {}", html_file.display(), e)))?;
    if out.is_some() {
        say!(
            "{}",
            trf!(
                "wrote {}: {}, {} lesson(s), {} task(s), {} KB",
                html_file.display(),
                what,
                doc.lessons.len(),
                tasks,
                text.len().div_ceil(1024)
            )
        );
    }
    if let Some(pdf_file) = pdf_file {
        print_pdf(&html_file, pdf_file, out.is_some())?;
    }
    Ok(Status::Ok)
}

fn find<'a>(pack: &'a LessonPack, key: &str) -> Result<&'a Lesson, CliError> {
    pack.find(key).ok_or_else(|| {
        let ids: Vec<&str> = pack.lessons.iter().map(|l| l.meta.id.as_str()).collect();
        CliError::Usage(trf!("no lesson `{}`; lessons are: {}", key, ids.join(", ")))
    })
}

fn print_pdf(html: &Path, pdf_file: &Path, html_kept: bool) -> Result<(), CliError> {
    match pdf::render(html, pdf_file, pdf::Output::Pdf) {
        Ok(()) => {
            say!("{}", trf!("wrote {}", pdf_file.display()));
            Ok(())
        }
        Err(e @ pdf::PrintError::NoBrowser { .. }) if html_kept => {
            Err(CliError::MissingTool(e.to_string()))
        }
        Err(pdf::PrintError::NoBrowser { .. }) => Err(CliError::MissingTool(trf!(
            "no headless Chromium found (looked for {} on PATH and DOCKTOR_CHROMIUM). Install one (Debian/Ubuntu: `sudo apt install chromium`), or write the HTML with --out FILE and print it from a browser (Ctrl+P, Save as PDF)",
            pdf::BROWSERS.join(", ")
        ))),
        Err(e) => Err(CliError::Io(e.to_string())),
    }
}

/// A temporary folder removed when dropped (the HTML a `--pdf` without `--out` prints from).
struct TempFolder(PathBuf);

impl TempFolder {
    fn create() -> Result<Self, CliError> {
        let dir = std::env::temp_dir().join(format!("docktor-handout-{}", std::process::id()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| CliError::Io(trf!("cannot create {}: {}", dir.display(), e)))?;
        Ok(Self(dir))
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Progress for a long save or load: a live line on a terminal, a few lines in a log.
struct Meter {
    verb: &'static str,
    live: bool,
    last: Option<Instant>,
    shown_tenth: u64,
}

impl Meter {
    fn new(verb: &'static str) -> Self {
        Self {
            verb,
            live: std::io::stderr().is_terminal(),
            last: None,
            shown_tenth: 0,
        }
    }

    fn show(&mut self, p: Progress) {
        let tenth = (p.done * 10).checked_div(p.total).unwrap_or(10);
        let due = self
            .last
            .is_none_or(|t| t.elapsed() >= Duration::from_millis(100));
        let line = trf!(
            "{} {} of {}",
            self.verb,
            megabytes(p.done),
            megabytes(p.total)
        );
        if self.live && (due || p.done == p.total) {
            eprint!("\r{line}   ");
            self.last = Some(Instant::now());
        } else if !self.live && tenth > self.shown_tenth && p.done < p.total {
            eprintln!("{line}");
            self.shown_tenth = tenth;
        }
    }

    /// The last line; after a live line, on a line of its own.
    fn finish(verb: &str, done: u64) {
        if std::io::stderr().is_terminal() {
            eprintln!();
        }
        eprintln!("{}", trf!("{} {} in all", verb, megabytes(done)));
    }
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}

fn archive_error(e: ArchiveError) -> CliError {
    match e {
        ArchiveError::Engine(e) => CliError::Engine(e),
        e if e.is_bad_archive() => CliError::BadArchive(e.to_string()),
        ArchiveError::Io { .. } => CliError::Io(e.to_string()),
        e => CliError::Usage(e.to_string()),
    }
}

/// `docktor images --save FILE`.
pub async fn images_save(pack: &LessonPack, file: &Path) -> Result<Status, CliError> {
    let engine = Engine::connect().await?;
    let references = images::required(pack);
    let mut meter = Meter::new(tr!("saved"));
    let saved = image_archive::save(&engine, &references, file, |p| meter.show(p)).await;
    let manifest = match saved {
        Ok(m) => m,
        Err(e @ (ArchiveError::Missing(_) | ArchiveError::Nothing)) => {
            eprintln!("docktor: {e}");
            return Ok(Status::Failed);
        }
        Err(e) => return Err(archive_error(e)),
    };
    Meter::finish("saved", manifest.engine_archive_bytes);
    let style = Style::detect();
    for image in &manifest.images {
        say!(
            "{:<30} {} {} ({})",
            image.reference,
            style.pass("saved"),
            short_id(&image.id),
            megabytes(image.size_bytes)
        );
    }
    say!(
        "{}",
        trf!(
            "wrote {} ({}); on a machine with no network: docktor images --load {}",
            file.display(),
            megabytes(manifest.engine_archive_offset + manifest.engine_archive_bytes),
            file.display()
        )
    );
    Ok(Status::Ok)
}

fn short_id(id: &str) -> &str {
    let hex = id.strip_prefix("sha256:").unwrap_or(id);
    &hex[..hex.len().min(12)]
}

/// `docktor images --load FILE`: checked whole before anything is sent.
pub async fn images_load(file: &Path) -> Result<Status, CliError> {
    let manifest = image_archive::inspect(file).map_err(archive_error)?;
    say!(
        "{}",
        trf!(
            "{}: {} image(s) saved by docktor {}, checked",
            file.display(),
            manifest.images.len(),
            manifest.docktor_version
        )
    );
    let engine = Engine::connect().await?;
    let mut meter = Meter::new(tr!("loaded"));
    let lines = image_archive::load(&engine, file, &manifest, move |p| meter.show(p))
        .await
        .map_err(archive_error)?;
    Meter::finish("loaded", manifest.engine_archive_bytes);
    for line in &lines {
        eprintln!("{}", trf!("engine: {}", line));
    }
    let style = Style::detect();
    let mut missing = 0;
    for image in &manifest.images {
        if engine.has_image(&image.reference).await? {
            say!(
                "{:<30} {} {} ({})",
                image.reference,
                style.pass("loaded"),
                short_id(&image.id),
                megabytes(image.size_bytes)
            );
        } else {
            missing += 1;
            say!(
                "{:<30} {}",
                image.reference,
                style.fail(tr!("missing after the load"))
            );
        }
    }
    Ok(if missing == 0 {
        Status::Ok
    } else {
        Status::Failed
    })
}
