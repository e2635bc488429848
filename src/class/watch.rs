//! `docktor class --watch`: grade once, then re-grade a learner whenever their engine reports
//! an event (debounced), and hand every new report to the caller to redraw. An engine that
//! goes away is re-tried every few seconds, and its row says it is unreachable meanwhile.

use std::collections::BTreeSet;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::grade::{grade_class, grade_learner};
use super::report::{ClassReport, LearnerReport};
use super::roster::{Learner, Roster};
use crate::engine::Engine;
use crate::lesson::LessonPack;

/// How long to wait after an event for more before re-grading (a `docker run` is several).
pub const DEBOUNCE: Duration = Duration::from_millis(300);
/// How long to wait before listening again to an engine whose events stopped.
pub const RETRY: Duration = Duration::from_secs(5);

/// Grades the class, then keeps it current until `stop` completes; `draw` gets every report.
pub async fn watch(
    roster: &Roster,
    pack: &LessonPack,
    stop: impl Future<Output = ()>,
    mut draw: impl FnMut(&ClassReport),
) -> ClassReport {
    // Listen first, so that nothing done while the class is graded the first time is missed.
    let (event_tx, mut events) = mpsc::unbounded_channel();
    let listeners: Vec<JoinHandle<()>> = roster
        .learners
        .iter()
        .enumerate()
        .map(|(i, l)| tokio::spawn(listen(i, l.clone(), event_tx.clone())))
        .collect();
    let mut report = grade_class(roster, pack).await;
    draw(&report);
    let pack = Arc::new(pack.clone());
    let (done_tx, mut done) = mpsc::unbounded_channel();
    let mut dirty = BTreeSet::new();
    let mut grading = BTreeSet::new();
    let settle = tokio::time::sleep(Duration::from_secs(86_400));
    tokio::pin!(settle, stop);
    loop {
        tokio::select! {
            () = &mut stop => break,
            Some(i) = events.recv() => {
                dirty.insert(i);
                settle.as_mut().reset(Instant::now() + DEBOUNCE);
            }
            () = &mut settle, if !dirty.is_empty() => {
                start_grading(roster, &pack, &mut dirty, &mut grading, &done_tx);
                settle.as_mut().reset(Instant::now() + Duration::from_secs(86_400));
            }
            Some((i, learner)) = done.recv() => {
                grading.remove(&i);
                report.learners[i] = learner;
                report.generated_at = super::clock::now_rfc3339();
                draw(&report);
                if !dirty.is_empty() {
                    settle.as_mut().reset(Instant::now() + DEBOUNCE);
                }
            }
        }
    }
    for l in listeners {
        l.abort();
    }
    report
}

/// Re-grades each dirty learner in a task of its own, unless one is already running for
/// them (then they stay dirty, for when it is done).
fn start_grading(
    roster: &Roster,
    pack: &Arc<LessonPack>,
    dirty: &mut BTreeSet<usize>,
    grading: &mut BTreeSet<usize>,
    done: &mpsc::UnboundedSender<(usize, LearnerReport)>,
) {
    for i in std::mem::take(dirty) {
        if !grading.insert(i) {
            dirty.insert(i);
            continue;
        }
        let (learner, pack, tx) = (roster.learners[i].clone(), pack.clone(), done.clone());
        let (trusted, timeout) = (roster.trusted, roster.timeout);
        tokio::spawn(async move {
            let r = grade_learner(&learner, &pack, trusted, timeout).await;
            let _ = tx.send((i, r));
        });
    }
}

/// Sends `index` on every event of the learner's engine, and once each time the engine's
/// events stop or cannot be had (its row must then be re-graded too).
async fn listen(index: usize, learner: Learner, tx: mpsc::UnboundedSender<usize>) {
    loop {
        if let Ok(engine) = Engine::connect_endpoint(&learner.endpoint) {
            let mut stream = Box::pin(engine.events());
            while let Some(item) = stream.next().await {
                if item.is_err() || tx.send(index).is_err() {
                    break;
                }
            }
        }
        if tx.send(index).is_err() {
            return;
        }
        tokio::time::sleep(RETRY).await;
    }
}
