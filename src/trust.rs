//! Trust for lesson packs loaded with `--lessons`: their setup and solution commands run on
//! the learner's machine, so they run only once the user has said yes (a prompt, or `--trust`).
//! A yes is remembered for that pack's exact content; an edited pack asks again.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::lesson::{LessonPack, PackOrigin, Resources};
use crate::trf;

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
            let text =
                |script: &crate::lesson::Script| script.text.trim_end().replace('\n', "\n      ");
            for script in &step.setup {
                lines.push(trf!("[{} / {}] setup runs: {}", id, step.id, text(script)));
            }
            for script in &step.solution {
                lines.push(trf!(
                    "[{} / {}] solution runs: {}",
                    id,
                    step.id,
                    text(script)
                ));
            }
            for action in step.checks.iter().flat_map(|c| c.actions()) {
                lines.push(trf!("[{} / {}] a check would {}", id, step.id, action));
            }
        }
        lines.extend(resource_lines(id, &lesson.meta.resources));
    }
    lines
}

/// What reset may remove for a lesson, one line per kind it declares.
fn resource_lines(id: &str, r: &Resources) -> Vec<String> {
    let mut lines = Vec::new();
    let mut say = |names: &[String], line: fn(&str, String) -> String| {
        if !names.is_empty() {
            lines.push(line(id, names.join(", ")));
        }
    };
    say(&r.containers, |id, names| {
        trf!(
            "[{}] reset may remove containers: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
    say(&r.images, |id, names| {
        trf!(
            "[{}] reset may remove images: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
    say(&r.volumes, |id, names| {
        trf!(
            "[{}] reset may remove volumes: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
    say(&r.networks, |id, names| {
        trf!(
            "[{}] reset may remove networks: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
    say(&r.compose_projects, |id, names| {
        trf!(
            "[{}] reset may remove compose projects: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
    say(&r.labels, |id, names| {
        trf!(
            "[{}] reset may remove objects labelled: {} (only those made after you started the lesson)",
            id,
            names
        )
    });
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
    fn what_a_pack_would_do_speaks_swedish() {
        let pack = load_embedded();
        let lines = crate::i18n::with_lang(crate::i18n::Lang::Sv, || what_it_would_do(&pack));
        assert!(
            lines.iter().any(|l| l.contains("] förberedelsen kör: ")),
            "{lines:#?}"
        );
        assert!(
            lines
                .iter()
                .any(|l| l.contains("] reset kan ta bort dessa behållare: ")),
            "{lines:#?}"
        );
        let english = what_it_would_do(&pack);
        assert!(english.iter().any(|l| l.contains("] setup runs: ")));
    }

    #[test]
    fn the_bundled_pack_is_always_trusted() {
        assert!(is_trusted(
            &load_embedded(),
            false,
            Path::new("/nonexistent/trust.toml")
        ));
    }
}
