//! Grading cost, in-process: one realistic step (five checks on a running web server: exists
//! and running, image and published port, an HTTP answer, a line in its logs, an exec) graded by
//! docktor's `grade_step`, against the same assertions made by a shell script
//! (`fixtures/grade-step.sh`: `docker ps`, `docker inspect`, `docker port`, `docker logs`,
//! `docker exec`, `wget`), then both again with 10 and with 500 unrelated containers on the
//! engine (created, never started).
//!
//! `cargo bench --bench grading` (`-- step` or `-- scale` for one part; `DT_BENCH_QUICK=1` for
//! fewer repetitions). Prints numbers; never fails on a timing.

mod common;

use std::path::Path;
use std::time::Duration;

use anyhow::{Context, Result, bail};

use common::{Cleanup, Stats};
use docktor::engine::Engine;
use docktor::grade::grade_step;
use docktor::lesson::Step;

fn main() -> Result<()> {
    let prefix = common::run_prefix();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    // Declared before anything is created, so it removes this run's containers however the
    // run ends (including the 500 idle ones).
    let _cleanup = Cleanup::new(&prefix);
    runtime.block_on(common::until_interrupted(run(&prefix)))
}

async fn run(prefix: &str) -> Result<()> {
    let docker = common::docker()?;
    common::print_machine(&docker).await;
    common::require_image(&docker).await?;
    let swept = common::sweep_stale(&docker).await?;
    if swept > 0 {
        println!("(removed {swept} container(s) left by earlier benchmark runs)");
    }
    let engine = Engine::connect()
        .await
        .context("the benchmarks need a running Docker engine")?;
    let workspace = std::env::temp_dir().join(format!("{prefix}workspace"));
    std::fs::create_dir_all(&workspace)?;

    let name = format!("{prefix}web");
    common::create_server(&docker, &name, true).await?;
    let steps = common::bench_steps(&name)?;
    let (Some(step), Some(no_exec)) = (steps.first(), steps.get(1)) else {
        bail!("the benchmark lesson needs two steps");
    };
    let one_check = single_check_step(&name)?;
    for s in [step, no_exec, &one_check] {
        wait_until_passing(&engine, &workspace, s).await?;
    }
    for exec in [true, false] {
        shell_grade(&name, exec)
            .await
            .context("the shell grader does not pass on the benchmark container")?;
    }
    println!(
        "step: {} checks on container {name} (exists+status, image+port, HTTP, logs, exec), graded by docktor and by {}",
        step.checks.len(),
        common::SHELL_GRADER
    );
    println!(
        "engine holds {} container(s) before the benchmark",
        common::container_count(&docker).await?
    );

    if common::selected("step") {
        println!("\n## (1) grading one step, in-process");
        measure(&engine, &workspace, step, &name, true, "").await?;
        time_grade(
            "docktor: same assertions as one [[container]] check",
            &engine,
            &workspace,
            &one_check,
        )
        .await?;
        println!("-- the same step without its exec check (4 checks)");
        measure(&engine, &workspace, no_exec, &name, false, ", no exec").await?;
    }

    if common::selected("breakdown") {
        println!("\n## where one grading's time goes: each check alone, and the engine calls");
        breakdown(&engine, &workspace, step, &name).await?;
    }

    if common::selected("scale") {
        println!("\n## (2) the same grading with unrelated containers on the engine");
        let mut made = 0;
        let mut at = Vec::new();
        for total in [10, 500] {
            common::create_idle(&docker, prefix, made, total - made).await?;
            made = total;
            let on_engine = common::container_count(&docker).await?;
            println!("-- {total} idle containers of this run ({on_engine} on the engine)");
            let tag = format!(", {total} idle");
            let (docktor, shell) = measure(&engine, &workspace, step, &name, true, &tag).await?;
            let label = format!("docktor grade_step, no exec{tag}");
            let lean = time_grade(&label, &engine, &workspace, no_exec).await?;
            at.push((docktor, shell, lean));
        }
        println!("\n## growth from 10 to 500 idle containers (1.0x = flat)");
        if let [ten, five_hundred] = at.as_slice() {
            common::print_ratio("docktor: 500 vs 10", &five_hundred.0, &ten.0);
            common::print_ratio("docktor, no exec: 500 vs 10", &five_hundred.2, &ten.2);
            common::print_ratio("shell script: 500 vs 10", &five_hundred.1, &ten.1);
        }
    }
    let _ = std::fs::remove_dir_all(&workspace);
    Ok(())
}

/// Times each check of the step on its own, then the engine calls they are made of.
async fn breakdown(engine: &Engine, workspace: &Path, step: &Step, name: &str) -> Result<()> {
    let iters = common::iterations(50);
    for check in &step.checks {
        let alone = Step {
            checks: vec![check.clone()],
            ..step.clone()
        };
        let label = format!("  check alone: {}", what_it_asserts(check));
        time_grade(&label, engine, workspace, &alone).await?;
    }
    let file_text = format!(
        "+++\nid = \"bench-file\"\ntitle = \"file\"\nformat_version = 1\n+++\n\n## File\n\n```toml check\n[[container]]\nname = \"{name}\"\nfile = {{ path = \"/www/index.html\", contains = \"{}\" }}\n```\n",
        common::PAGE_TEXT
    );
    let file_step = docktor::lesson::parse_lesson("file-check.md", &file_text, Vec::new())
        .map_err(|d| anyhow::anyhow!("{d:?}"))?
        .steps
        .into_iter()
        .next()
        .context("no step")?;
    time_grade(
        "  check alone: file (the exec's question, by the archive API)",
        engine,
        workspace,
        &file_step,
    )
    .await?;
    let id = engine
        .container(name)
        .await?
        .context("the benchmark container is gone")?
        .id;
    common::time_async("  Engine::container (inspect)", 3, iters, async || {
        Ok(engine.container(name).await?)
    })
    .await?;
    common::time_async("  Engine::image (inspect busybox)", 3, iters, async || {
        Ok(engine.image("busybox").await?)
    })
    .await?;
    common::time_async("  Engine::logs", 3, iters, async || {
        Ok(engine.logs(&id).await?)
    })
    .await?;
    let cat = vec!["cat".to_owned(), "/www/index.html".to_owned()];
    common::time_async(
        "  Engine::exec (cat /www/index.html)",
        3,
        iters,
        async || Ok(engine.exec(&id, &cat).await?),
    )
    .await?;
    let true_cmd = vec!["true".to_owned()];
    common::time_async("  Engine::exec (true)", 3, iters, async || {
        Ok(engine.exec(&id, &true_cmd).await?)
    })
    .await?;
    // The same exec straight through bollard, phase by phase: what the engine itself costs.
    let docker = common::docker()?;
    let mut phases = [const { Vec::new() }; 3];
    let mut still_running = 0;
    for _ in 0..iters {
        let t = std::time::Instant::now();
        let opts = bollard::exec::CreateExecOptions {
            attach_stdout: Some(true),
            attach_stderr: Some(true),
            cmd: Some(cat.clone()),
            ..Default::default()
        };
        let created = docker.create_exec(&id, opts).await?;
        let t_created = t.elapsed();
        if let bollard::exec::StartExecResults::Attached { mut output, .. } =
            docker.start_exec(&created.id, None).await?
        {
            while futures_util::StreamExt::next(&mut output).await.is_some() {}
        }
        let t_ended = t.elapsed();
        let inspected = docker.inspect_exec(&created.id).await?;
        if inspected.running == Some(true) || inspected.exit_code.is_none() {
            still_running += 1;
        }
        phases[0].push(t_created);
        phases[1].push(t_ended - t_created);
        phases[2].push(t.elapsed() - t_ended);
    }
    Stats::of(&phases[0]).print("  raw API exec: create");
    Stats::of(&phases[1]).print("  raw API exec: start, output to its end");
    Stats::of(&phases[2]).print("  raw API exec: inspect for the exit code");
    println!(
        "  raw API exec: exit code not yet recorded when the output ended in {still_running} of {iters}"
    );
    Ok(())
}

/// "status", "image, ports", "http", ... : the fields a container check sets.
fn what_it_asserts(check: &docktor::check::Check) -> String {
    let docktor::check::Check::Container(c) = check else {
        return check.subject();
    };
    let fields = [
        ("status", c.status.is_some()),
        ("image", c.image.is_some()),
        ("ports", c.ports.is_some()),
        ("http", c.http.is_some()),
        ("logs", c.logs_contain.is_some()),
        ("exec", c.exec.is_some()),
    ];
    let set: Vec<&str> = fields.iter().filter(|f| f.1).map(|f| f.0).collect();
    set.join(", ")
}

/// Times docktor and the shell script on the same step; prints both and the ratio.
async fn measure(
    engine: &Engine,
    workspace: &Path,
    step: &Step,
    name: &str,
    exec: bool,
    tag: &str,
) -> Result<(Stats, Stats)> {
    let docktor = time_grade(&format!("docktor grade_step{tag}"), engine, workspace, step).await?;
    let shell = common::time_async(
        &format!("shell script (bash + docker CLI){tag}"),
        3,
        common::iterations(30),
        async || shell_grade(name, exec).await,
    )
    .await?;
    common::print_ratio(&format!("ratio shell / docktor{tag}"), &shell, &docktor);
    Ok((docktor, shell))
}

async fn time_grade(label: &str, engine: &Engine, workspace: &Path, step: &Step) -> Result<Stats> {
    common::time_async(label, 5, common::iterations(100), async || {
        let report = grade_step(engine, workspace, step, true).await;
        if !report.passed() {
            bail!("the step stopped passing:\n{}", common::describe(&report));
        }
        Ok(report)
    })
    .await
}

/// Runs the shell-script grader as a process (without its exec when `exec` is false); an
/// error when it does not pass.
async fn shell_grade(name: &str, exec: bool) -> Result<()> {
    let mut bash = tokio::process::Command::new("bash");
    bash.arg(common::SHELL_GRADER).arg(name);
    if !exec {
        bash.arg("no-exec");
    }
    let out = bash.output().await.context("cannot run bash")?;
    if !out.status.success() {
        bail!(
            "the shell grader says:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Grades until the step passes (the server needs a moment to listen), waiting out checks a
/// colleague has not finished yet. Anything else that fails is a broken setup, reported.
async fn wait_until_passing(engine: &Engine, workspace: &Path, step: &Step) -> Result<()> {
    let give_up = tokio::time::Instant::now() + Duration::from_secs(60);
    loop {
        let report = grade_step(engine, workspace, step, true).await;
        if report.passed() {
            return Ok(());
        }
        if tokio::time::Instant::now() >= give_up {
            bail!(
                "the benchmark step does not pass on its container:\n{}",
                common::describe(&report)
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// The same assertions written as a single container check (how a terser author would).
fn single_check_step(name: &str) -> Result<Step> {
    let text = format!(
        "+++\nid = \"bench-one\"\ntitle = \"one check\"\nformat_version = 1\n+++\n\n## One check\n\n```toml check\n[[container]]\nname = \"{name}\"\nstatus = \"running\"\nimage = \"busybox\"\nports = [\"80\"]\nhttp = {{ port = 80, body_contains = \"{page}\" }}\nlogs_contain = \"{ready}\"\nexec = {{ command = [\"cat\", \"/www/index.html\"], output_contains = \"{page}\" }}\n```\n",
        page = common::PAGE_TEXT,
        ready = common::READY_TEXT,
    );
    let lesson = docktor::lesson::parse_lesson("single-check.md", &text, Vec::new())
        .map_err(|d| anyhow::anyhow!("{d:?}"))?;
    lesson.steps.into_iter().next().context("no step")
}
