//! Trust for lesson packs loaded with `--lessons`: their setup and solution commands run on
//! the learner's machine, so they run only once the user has said yes (a prompt, or `--trust`).
//! A yes is remembered for that pack's exact content; an edited pack asks again.

use std::collections::BTreeMap;
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

use crate::lesson::{LessonPack, PackOrigin};

/// A stable fingerprint of a pack's lessons and files (FNV-1a, 64 bits).
pub fn fingerprint(pack: &LessonPack) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    };
    for lesson in &pack.lessons {
        feed(lesson.source.as_bytes());
        for step in &lesson.steps {
            for script in step
                .setup
                .iter()
                .chain(&step.solution)
                .chain(&step.commands)
            {
                feed(script.text.as_bytes());
            }
        }
        for file in &lesson.files {
            feed(file.path.as_bytes());
            feed(&file.contents);
        }
    }
    format!("{hash:016x}")
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

/// Asks on the terminal whether to trust the pack, after showing every command it would run.
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
        "The lessons in {} run these commands on your machine:",
        dir.display()
    );
    for lesson in &pack.lessons {
        for step in &lesson.steps {
            for script in step.setup.iter().chain(&step.solution) {
                let _ = writeln!(
                    err,
                    "  [{} / {}] {}",
                    lesson.meta.id,
                    step.id,
                    script.text.replace('\n', "\n      ")
                );
            }
        }
    }
    let _ = write!(err, "Trust this pack and run its commands? [y/N] ");
    let _ = err.flush();
    let mut answer = String::new();
    let _ = std::io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes")
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

    #[test]
    fn a_folder_pack_is_trusted_once_remembered_and_not_after_an_edit() {
        let dir = std::env::temp_dir().join(format!("docktor-trust-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("mkdir");
        let store = dir.join("trusted.toml");
        let mut pack = load_embedded();
        pack.origin = PackOrigin::Dir(dir.clone());
        assert!(!is_trusted(&pack, false, &store));
        assert!(is_trusted(&pack, true, &store));
        remember(&pack, &store).expect("remember");
        assert!(is_trusted(&pack, false, &store));
        if let Some(step) = pack.lessons.first_mut().and_then(|l| l.steps.first_mut()) {
            step.solution.push(crate::lesson::Script {
                text: "echo changed".into(),
                line: 1,
            });
            assert!(
                !is_trusted(&pack, false, &store),
                "an edited pack must be asked about again"
            );
        }
    }
}
