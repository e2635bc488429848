//! Trust for lesson packs loaded with `--lessons`: their setup and solution commands run on
//! the learner's machine, so they run only once the user has said yes (a prompt, or `--trust`).
//! A yes is remembered for that pack's exact content; an edited pack asks again.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::lesson::{LessonPack, PackOrigin};

/// The fingerprint trust is given to: SHA-256 over every file of the pack (see
/// [`LessonPack::fingerprint`]), so any edit, front matter and checks included, asks again.
pub fn fingerprint(pack: &LessonPack) -> String {
    pack.fingerprint.clone()
}

/// True when the pack's commands may run: bundled, `--trust`, or trusted before as it is now.
pub fn is_trusted(pack: &LessonPack, flag: bool, store: &Path) -> bool {
    match &pack.origin {
        PackOrigin::Embedded => true,
        PackOrigin::Dir(dir) => flag || load(store).get(&key(dir)) == Some(&fingerprint(pack)),
    }
}

/// Remembers that the user trusts this pack as it is now.
pub fn remember(pack: &LessonPack, store: &Path) -> std::io::Result<()> {
    let PackOrigin::Dir(dir) = &pack.origin else {
        return Ok(());
    };
    let mut trusted = load(store);
    trusted.insert(key(dir), fingerprint(pack));
    if let Some(parent) = store.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let text = toml::to_string(&trusted).map_err(std::io::Error::other)?;
    std::fs::write(store, text)
}

/// Everything a pack would make happen once trusted, one line each: every setup and
/// solution command, every check that runs a command or sends a request, and every resource
/// pattern reset may remove. This is what the trust prompt shows.
pub fn what_it_would_do(pack: &LessonPack) -> Vec<String> {
    let mut lines = Vec::new();
    for lesson in &pack.lessons {
        let id = &lesson.meta.id;
        for step in &lesson.steps {
            for (role, script) in step
                .setup
                .iter()
                .map(|s| ("setup", s))
                .chain(step.solution.iter().map(|s| ("solution", s)))
            {
                lines.push(format!(
                    "[{id} / {}] {role} runs: {}",
                    step.id,
                    script.text.trim_end().replace('\n', "\n      ")
                ));
            }
            for action in step.checks.iter().flat_map(|c| c.actions()) {
                lines.push(format!("[{id} / {}] a check would {action}", step.id));
            }
        }
        let r = &lesson.meta.resources;
        for (kind, names) in [
            ("containers", &r.containers),
            ("images", &r.images),
            ("volumes", &r.volumes),
            ("networks", &r.networks),
            ("compose projects", &r.compose_projects),
            ("objects labelled", &r.labels),
        ] {
            if !names.is_empty() {
                lines.push(format!(
                    "[{id}] reset may remove {kind}: {} (only those made after you started the lesson)",
                    names.join(", ")
                ));
            }
        }
    }
    lines
}

/// Asks on the terminal whether to trust the pack, after showing all it would do.
/// Returns `false` without asking when there is no terminal to ask on.
pub fn ask(pack: &LessonPack) -> bool {
    if !std::io::stdin().is_terminal() {
        return false;
    }
    let PackOrigin::Dir(dir) = &pack.origin else {
        return true;
    };
    let mut err = std::io::stderr();
    let _ = writeln!(
        err,
        "{}",
        crate::trf!(
            "The lessons in {} would do this on your machine:",
            dir.display()
        )
    );
    for line in what_it_would_do(pack) {
        let _ = writeln!(err, "  {line}");
    }
    let _ = write!(
        err,
        "{} ",
        crate::tr!("Trust this pack and let it do all of that? [y/N]")
    );
    let _ = err.flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    // `y` in every language; the Swedish, Dutch and Norwegian `j`/`ja` are yes too.
    matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "j" | "ja"
    )
}

fn key(dir: &Path) -> String {
    std::fs::canonicalize(dir)
        .unwrap_or_else(|_| dir.to_path_buf())
        .display()
        .to_string()
}

fn load(store: &Path) -> BTreeMap<String, String> {
    std::fs::read_to_string(store)
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lesson::load_embedded;

    #[test]
    fn the_bundled_pack_is_always_trusted() {
        assert!(is_trusted(
            &load_embedded(),
            false,
            Path::new("/nonexistent/trust.toml")
        ));
    }
}
