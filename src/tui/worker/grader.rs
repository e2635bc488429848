//! Grading for the tutor: one grade at a time, later requests folded into one, and bursts of
//! engine events waited out (debounced) before grading.

use std::path::PathBuf;
use std::time::Duration;

use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};
use tokio::time::Instant;

use crate::check::Verdict;
use crate::grade::{StepReport, grade_step_in};
use crate::lesson::Step;
use crate::tui::cmd::{GradeTrigger, StepRef};
use crate::tui::msg::Msg;

use super::engine::EngineSlot;

/// Quiet time after the last engine event before grading. A `docker run` sends its create,
/// attach and start events within a few milliseconds; longer would delay every live verdict.
pub const QUIET: Duration = Duration::from_millis(30);
/// Longest wait in a steady stream of events: grade at least this often.
pub const MAX_WAIT: Duration = Duration::from_millis(250);

/// One request to grade a step.
pub struct GradeJob {
    pub target: StepRef,
    pub step: Box<Step>,
    pub dir: PathBuf,
    pub trigger: GradeTrigger,
    pub generation: u64,
    pub opened_at: Option<std::time::SystemTime>,
}

/// After a live grade that does not pass, look again this much later, unless new work comes:
/// a container that has just started may not yet have printed its first line or opened its
/// port, and no further engine event would come to say so.
pub const SECOND_LOOKS: [Duration; 2] = [Duration::from_millis(300), Duration::from_millis(1200)];

/// Grades jobs from `jobs` until the tutor ends.
pub async fn serve(
    engine: EngineSlot,
    mut jobs: UnboundedReceiver<GradeJob>,
    tx: UnboundedSender<Msg>,
    trusted: bool,
    http_cache: std::sync::Arc<crate::check::HttpCache>,
) {
    let mut arrived: Option<GradeJob> = None;
    loop {
        let first = match arrived.take() {
            Some(job) => job,
            None => match jobs.recv().await {
                Some(job) => job,
                None => return,
            },
        };
        let Some(job) = settle(first, &mut jobs).await else {
            return;
        };
        let mut second_looks = SECOND_LOOKS.iter();
        loop {
            let client = engine.borrow().clone();
            let report = match client {
                Ok(engine) => {
                    let ctx = crate::check::GradeContext {
                        trusted,
                        step_opened_at: job.opened_at,
                        http_cache: Some(&http_cache),
                        ..crate::check::GradeContext::new(&engine, &job.dir)
                    };
                    grade_step_in(&ctx, &job.step).await
                }
                Err(reason) => unreachable_report(&job.step, &reason),
            };
            let passed = report.passed();
            if tx
                .send(Msg::Graded {
                    target: job.target,
                    report,
                    generation: job.generation,
                })
                .is_err()
            {
                return;
            }
            let Some(wait) = second_looks
                .next()
                .filter(|_| job.trigger.looks_again() && !passed)
            else {
                break;
            };
            match tokio::time::timeout(*wait, jobs.recv()).await {
                Ok(Some(newer)) => {
                    arrived = Some(newer);
                    break;
                }
                Ok(None) => return,
                Err(_) => {}
            }
        }
    }
}

/// The job to grade now: the newest request, after a debounce if events asked for it.
/// `None` when the channel closed.
async fn settle(mut job: GradeJob, jobs: &mut UnboundedReceiver<GradeJob>) -> Option<GradeJob> {
    let until = Instant::now() + MAX_WAIT;
    loop {
        while let Ok(newer) = jobs.try_recv() {
            job = merge(job, newer);
        }
        if !job.trigger.waits_for_quiet() || Instant::now() >= until {
            return Some(job);
        }
        let quiet = Instant::now() + QUIET;
        match tokio::time::timeout_at(quiet.min(until), jobs.recv()).await {
            Ok(Some(newer)) => job = merge(job, newer),
            Ok(None) => return None,
            Err(_) => return Some(job),
        }
    }
}

/// The newer request wins; an immediate request ends the wait.
fn merge(older: GradeJob, newer: GradeJob) -> GradeJob {
    GradeJob {
        trigger: older.trigger.merge(newer.trigger),
        ..newer
    }
}

/// Every check "could not be evaluated": no engine client could be made at all.
fn unreachable_report(step: &Step, reason: &str) -> StepReport {
    StepReport {
        verdicts: step
            .checks
            .iter()
            .map(|c| Verdict::error(c.subject(), reason))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Outcome;
    use crate::lesson::parse_lesson;
    use tokio::sync::mpsc::unbounded_channel;

    const LESSON: &str = "+++\nid = \"g\"\ntitle = \"G\"\nformat_version = 1\n+++\n## Note\n\n```toml check\n[[file]]\npath = \"note.txt\"\n```\n";

    fn job(step: usize, trigger: GradeTrigger) -> GradeJob {
        let lesson = parse_lesson("g/lesson.md", LESSON, Vec::new()).expect("parses");
        GradeJob {
            target: StepRef { lesson: 0, step },
            step: Box::new(lesson.steps[0].clone()),
            dir: PathBuf::from("."),
            trigger,
            generation: 0,
            opened_at: None,
        }
    }

    #[tokio::test(start_paused = true)]
    async fn a_burst_of_live_requests_becomes_one_grade_of_the_newest() {
        let (tx, mut rx) = unbounded_channel();
        let sender = tokio::spawn(async move {
            for step in 1..=3 {
                tokio::time::sleep(QUIET / 2).await;
                let _ = tx.send(job(step, GradeTrigger::Event));
            }
            tx
        });
        let started = Instant::now();
        let settled = settle(job(0, GradeTrigger::Event), &mut rx)
            .await
            .expect("a job");
        assert_eq!(settled.target.step, 3);
        assert!(started.elapsed() >= QUIET / 2 * 3 + QUIET);
        assert!(rx.try_recv().is_err(), "nothing left over");
        drop(sender.await);
    }

    #[test]
    fn folded_requests_wait_only_if_both_would_and_look_again_if_either_would() {
        use GradeTrigger::{Asked, Event, SettlingEvent};
        assert_eq!(Event.merge(Event), Event);
        assert_eq!(Asked.merge(Asked), Asked);
        for (a, b) in [
            (Event, Asked),
            (Asked, SettlingEvent),
            (SettlingEvent, Event),
        ] {
            assert_eq!(a.merge(b), SettlingEvent);
            assert_eq!(b.merge(a), SettlingEvent);
        }
    }

    #[tokio::test(start_paused = true)]
    async fn an_asked_for_grade_does_not_wait() {
        let (_tx, mut rx) = unbounded_channel();
        let started = Instant::now();
        settle(job(0, GradeTrigger::Asked), &mut rx)
            .await
            .expect("a job");
        assert!(started.elapsed() < QUIET);
    }

    #[tokio::test]
    async fn without_an_engine_client_every_check_says_why() {
        let (_slot, engine) = tokio::sync::watch::channel(Err("no engine here".to_owned()));
        let (jobs_tx, jobs) = unbounded_channel();
        let (tx, mut rx) = unbounded_channel();
        jobs_tx.send(job(0, GradeTrigger::Asked)).expect("send");
        drop(jobs_tx);
        serve(engine, jobs, tx, true, Default::default()).await;
        let Some(Msg::Graded { report, .. }) = rx.recv().await else {
            panic!("a grade")
        };
        assert_eq!(report.verdicts[0].outcome, Outcome::Error);
        assert_eq!(report.verdicts[0].message, "no engine here");
    }

    /// Grades `job` through `serve` with no engine client (every check fails) and counts
    /// the grades sent, letting paused time run well past every second look.
    async fn grades_sent_for(job: GradeJob) -> usize {
        let (_slot, engine) = tokio::sync::watch::channel(Err("no engine here".to_owned()));
        let (jobs_tx, jobs) = unbounded_channel();
        let (tx, mut rx) = unbounded_channel();
        jobs_tx.send(job).expect("send");
        let server = tokio::spawn(serve(engine, jobs, tx, true, Default::default()));
        tokio::time::sleep(Duration::from_secs(10)).await;
        drop(jobs_tx);
        server.await.expect("serve ends");
        let mut sent = 0;
        while let Ok(Msg::Graded { .. }) = rx.try_recv() {
            sent += 1;
        }
        sent
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_live_grade_is_looked_at_again_shortly() {
        assert_eq!(
            grades_sent_for(job(0, GradeTrigger::Event)).await,
            1 + SECOND_LOOKS.len()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_failing_grade_on_a_settling_event_is_looked_at_again_too() {
        assert_eq!(
            grades_sent_for(job(0, GradeTrigger::SettlingEvent)).await,
            1 + SECOND_LOOKS.len()
        );
    }

    #[tokio::test(start_paused = true)]
    async fn an_asked_for_grade_is_not_repeated() {
        assert_eq!(grades_sent_for(job(0, GradeTrigger::Asked)).await, 1);
    }
}
