//! Printing the HTML handout to PDF (or a screenshot) with a headless Chromium, when one is
//! installed. Chromium gets a profile folder of its own, removed afterwards.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Browsers tried in order, on `PATH`; `DOCKTOR_CHROMIUM` names one explicitly.
pub const BROWSERS: &[&str] = &[
    "chromium",
    "chromium-browser",
    "google-chrome",
    "google-chrome-stable",
];

/// How long a print may take before the browser is stopped.
pub const PRINT_TIMEOUT: Duration = Duration::from_secs(90);

/// Why no PDF was made.
#[derive(Debug, thiserror::Error)]
pub enum PrintError {
    #[error(
        "no headless Chromium found (looked for {looked} on PATH and DOCKTOR_CHROMIUM). Install one (Debian/Ubuntu: `sudo apt install chromium`), or open {html} in a browser and print it to PDF (Ctrl+P, Save as PDF)"
    )]
    NoBrowser { looked: String, html: String },
    #[error("{browser} could not print {html}: {detail}")]
    Failed {
        browser: String,
        html: String,
        detail: String,
    },
    #[error("cannot prepare the browser's profile folder {path}: {error}")]
    Profile { path: String, error: std::io::Error },
}

/// What the browser makes of the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    Pdf,
    /// A PNG of the first screenful at this width and height.
    Screenshot {
        width: u32,
        height: u32,
    },
}

/// The headless browser to print with, if one is installed.
pub fn find_browser() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("DOCKTOR_CHROMIUM").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(given);
        return path.is_file().then_some(path);
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| BROWSERS.iter().map(move |b| dir.join(b)))
        .find(|p| p.is_file())
}

/// A folder removed when dropped, for the browser's profile and home.
struct ProfileDir(PathBuf);

impl Drop for ProfileDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Renders `html` (a file) to `out` as a PDF or a screenshot.
pub fn render(html: &Path, out: &Path, what: Output) -> Result<(), PrintError> {
    let html_shown = html.display().to_string();
    let browser = find_browser().ok_or_else(|| PrintError::NoBrowser {
        looked: BROWSERS.join(", "),
        html: html_shown.clone(),
    })?;
    let fail = |detail: String| PrintError::Failed {
        browser: browser.display().to_string(),
        html: html_shown.clone(),
        detail,
    };
    let html = std::path::absolute(html).map_err(|e| fail(e.to_string()))?;
    let out = std::path::absolute(out).map_err(|e| fail(e.to_string()))?;
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let profile = ProfileDir(std::env::temp_dir().join(format!(
        "docktor-chromium-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )));
    std::fs::create_dir_all(&profile.0).map_err(|error| PrintError::Profile {
        path: profile.0.display().to_string(),
        error,
    })?;
    let _ = std::fs::remove_file(&out);
    let mut command = Command::new(&browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
        ])
        .args(["--disable-extensions", "--hide-scrollbars", "--mute-audio"])
        .arg(format!("--user-data-dir={}", profile.0.display()))
        .env("HOME", &profile.0)
        .env("TMPDIR", &profile.0)
        .env("XDG_CONFIG_HOME", profile.0.join("config"))
        .env("XDG_CACHE_HOME", profile.0.join("cache"));
    match what {
        Output::Pdf => command
            .arg("--no-pdf-header-footer")
            .arg("--print-to-pdf-no-header")
            .arg(format!("--print-to-pdf={}", out.display())),
        Output::Screenshot { width, height } => command
            .arg(format!("--window-size={width},{height}"))
            .arg(format!("--screenshot={}", out.display())),
    };
    command
        .arg(format!("file://{}", html.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null());
    let log = profile.0.join("browser.log");
    let output = run_bounded(command, &log).map_err(fail)?;
    let made = std::fs::metadata(&out)
        .map(|m| m.len() > 0)
        .unwrap_or(false);
    if !made {
        return Err(fail(format!(
            "it wrote nothing ({}): {}",
            output.0,
            last_lines(&output.1, 5)
        )));
    }
    Ok(())
}

fn last_lines(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(n)..].join(" | ")
}

/// Runs the browser, stopping it after [`PRINT_TIMEOUT`]; gives its exit status and stderr.
/// Its messages go to a file: a helper process it leaves running must not hold a pipe open.
fn run_bounded(mut command: Command, log: &Path) -> Result<(String, String), String> {
    let file =
        std::fs::File::create(log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let mut child = command
        .stderr(file)
        .spawn()
        .map_err(|e| format!("cannot start it: {e}"))?;
    let deadline = Instant::now() + PRINT_TIMEOUT;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "it took more than {} s and was stopped",
                    PRINT_TIMEOUT.as_secs()
                ));
            }
            Err(e) => return Err(e.to_string()),
        }
    };
    let text = std::fs::read_to_string(log).unwrap_or_default();
    Ok((status.to_string(), text))
}
