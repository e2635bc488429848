//! The order checks are shown in: as the author wrote them. A check block is read kind by kind
//! (all `[[container]]`, then all `[[image]]`, ...), which put the message that says what to
//! do behind checks written after it.

use super::Check;

/// Tells whether a check is of one kind.
type IsKind = fn(&Check) -> bool;

/// The `[[kind]]` header each kind of check is written under.
const HEADERS: &[(&str, IsKind)] = &[
    ("container", |c| matches!(c, Check::Container(_))),
    ("image", |c| matches!(c, Check::Image(_))),
    ("volume", |c| matches!(c, Check::Volume(_))),
    ("network", |c| matches!(c, Check::Network(_))),
    ("compose", |c| matches!(c, Check::Compose(_))),
    ("count", |c| matches!(c, Check::Count(_))),
    ("dockerfile", |c| matches!(c, Check::Dockerfile(_))),
    ("file", |c| matches!(c, Check::File(_))),
];

/// `checks` (read from the block `source`) reordered to follow the block's `[[kind]]` headers.
/// Within a kind the order is already the written one; a kind this table does not know keeps
/// its place after the known ones.
pub fn in_written_order(checks: Vec<Check>, source: &str) -> Vec<Check> {
    let mut pool: Vec<Option<Check>> = checks.into_iter().map(Some).collect();
    let mut ordered = Vec::with_capacity(pool.len());
    for header in source.lines().filter_map(array_header) {
        let Some((_, is_kind)) = HEADERS.iter().find(|(name, _)| *name == header) else {
            continue;
        };
        if let Some(slot) = pool.iter_mut().find(|c| c.as_ref().is_some_and(is_kind)) {
            ordered.extend(slot.take());
        }
    }
    ordered.extend(pool.into_iter().flatten());
    ordered
}

/// The name of a `[[name]]` line.
fn array_header(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("[[")?;
    Some(inner.split("]]").next()?.trim())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::CheckBlock;

    #[test]
    fn checks_follow_the_order_they_were_written_in() {
        let source =
            "[[file]]\npath = \"a\"\n\n[[container]]\nname = \"web\"\n\n[[file]]\npath = \"b\"\n";
        let block: CheckBlock = toml::from_str(source).expect("parses");
        let checks = in_written_order(block.into_checks(), source);
        let order: Vec<String> = checks.iter().map(|c| c.subject()).collect();
        assert!(order[0].contains('a'), "{order:?}");
        assert!(order[1].contains("web"), "{order:?}");
        assert!(order[2].contains('b'), "{order:?}");
    }
}
