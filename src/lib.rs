//! docktor: an interactive Docker tutor for the terminal, graded on the live engine.
//!
//! The domain core (lessons, checks, grading, progress) knows nothing of terminals; the
//! command line (`cli`) and the terminal UI (`tui`) are two thin faces on it.

pub mod check;
pub mod class;
pub mod cli;
pub mod doctor;
pub mod engine;
pub mod grade;
pub mod handout;
pub mod i18n;
pub mod image_archive;
pub mod images;
pub mod lesson;
pub mod lint;
pub mod paths;
pub mod progress;
pub mod reset;
#[cfg(test)]
mod scratch;
pub mod shell;
pub mod trust;
pub mod tui;
pub mod verify;
pub mod workspace;
