//! Embeds every file under `lessons/` in the binary, so the bundled course needs no files on disk.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("lessons");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut files = Vec::new();
    if root.is_dir() {
        collect(&root, &mut files);
    }
    files.sort();
    let mut out =
        String::from("/// Every bundled lesson file: (path relative to `lessons/`, contents).\n");
    out.push_str("pub static FILES: &[(&str, &[u8])] = &[\n");
    for path in &files {
        let rel = path.strip_prefix(&root).expect("under lessons/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            out,
            "    ({rel:?}, include_bytes!({:?})),",
            path.display().to_string()
        )
        .expect("write");
    }
    out.push_str("];\n");
    let dest =
        PathBuf::from(std::env::var("OUT_DIR").expect("OUT_DIR")).join("embedded_lessons.rs");
    std::fs::write(dest, out).expect("write embedded_lessons.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).expect("read lessons dir");
    for entry in entries {
        let path = entry.expect("dir entry").path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
