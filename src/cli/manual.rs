//! Shell completions and the manual page, generated from the clap definitions so they never
//! drift from the command line itself.

use std::io::Write;

use clap::CommandFactory;

use super::{Args, Status};
use crate::trf;

/// `docktor completions SHELL`: the completion script on standard output.
pub fn completions(shell: clap_complete::Shell) -> Status {
    let mut command = Args::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "docktor", &mut script);
    write_out(&script)
}

/// `docktor man`: the manual page in roff, with a section per subcommand.
pub fn man_page() -> Status {
    let command = Args::command();
    let mut page = Vec::new();
    let rendered = render(&command, &mut page).and_then(|()| {
        command.get_subcommands().try_for_each(|sub| {
            if sub.is_hide_set() {
                return Ok(());
            }
            let sub = sub.clone().bin_name(format!("docktor {}", sub.get_name()));
            render_section(&sub, &mut page)
        })
    });
    match rendered {
        Ok(()) => write_out(&page),
        Err(e) => {
            eprintln!("docktor: {}", trf!("cannot render the manual page: {}", e));
            Status::Io
        }
    }
}

fn render(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    man.render_extra_section(out)?;
    man.render_version_section(out)?;
    Ok(())
}

/// One subcommand as a `.SH` section of the main page: its synopsis, description, options.
fn render_section(command: &clap::Command, out: &mut Vec<u8>) -> std::io::Result<()> {
    let man = clap_mangen::Man::new(command.clone());
    writeln!(out, ".SH \"DOCKTOR {}\"", command.get_name().to_uppercase())?;
    let mut body = Vec::new();
    man.render_synopsis_section(&mut body)?;
    man.render_description_section(&mut body)?;
    man.render_options_section(&mut body)?;
    // Each part starts with its own `.SH`; inside a command's section they are subsections.
    let body = String::from_utf8_lossy(&body).replace(".SH ", ".SS ");
    out.write_all(body.as_bytes())
}

/// Writes generated text; a closed pipe (`docktor man | head`) ends quietly.
fn write_out(bytes: &[u8]) -> Status {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Ok(()) => Status::Ok,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Status::Ok,
        Err(e) => {
            eprintln!(
                "docktor: {}",
                trf!("cannot write to standard output: {}", e)
            );
            Status::Io
        }
    }
}
