//! JSON output for scripts: every document carries [`SCHEMA_VERSION`], and its shape is
//! documented in `docs/json.md`. Fields are only ever added; a removal or a change of meaning
//! would raise the version.

use serde::Serialize;

use super::CliError;
use super::output::say;
use crate::trf;

/// The version of every JSON document docktor prints.
pub const SCHEMA_VERSION: u32 = 1;

/// A document with `schema_version` first and the command's own fields after it.
#[derive(Serialize)]
pub struct Document<T: Serialize> {
    pub schema_version: u32,
    #[serde(flatten)]
    pub body: T,
}

/// Prints `body` as one pretty JSON document with its `schema_version`.
pub fn print<T: Serialize>(body: T) -> Result<(), CliError> {
    let document = Document {
        schema_version: SCHEMA_VERSION,
        body,
    };
    let text = serde_json::to_string_pretty(&document)
        .map_err(|e| CliError::Io(trf!("cannot write JSON: {}", e)))?;
    say!("{text}");
    Ok(())
}
