//! The checks behind each rule of `DOCKERFILE_RULES`, one file per family of rules.

mod apt;
mod base;
mod copy;
mod layout;
mod runtime;

pub(super) use apt::{apt_chained, apt_clean_lists, apt_no_recommends, apt_yes};
pub(super) use base::{no_syntax_directive, tag_base_image};
pub(super) use copy::{copy_not_add, manifest_before_source};
pub(super) use layout::{merge_runs, no_cd_in_run, workdir_absolute, workdir_set};
pub(super) use runtime::{exec_form_cmd, expose_declared, non_root_user, one_cmd};

use super::reader::{Dockerfile, Instruction};

fn runs(file: &Dockerfile) -> impl Iterator<Item = (&Instruction, Vec<Vec<String>>)> {
    file.instructions
        .iter()
        .filter(|i| i.keyword == "RUN")
        .map(|i| (i, i.commands()))
}
