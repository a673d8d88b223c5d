//! The deadline timer: sweep, raise notifications, then sleep until the engine's next mark, a
//! ticket change, or at most a minute (so a wall-clock jump or a resume from sleep is noticed).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

/// Calls `tick` (which returns how long to nap) forever, waking early when `wake` is notified.
pub async fn run<F, Fut>(wake: Arc<Notify>, mut tick: F)
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Duration>,
{
    loop {
        let nap = tick().await;
        tokio::select! {
            _ = tokio::time::sleep(nap) => {}
            _ = wake.notified() => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(start_paused = true)]
    async fn naps_between_ticks_and_wakes_early_on_a_change() {
        let ticks = Arc::new(AtomicU32::new(0));
        let wake = Arc::new(Notify::new());
        let counter = ticks.clone();
        let task = tokio::spawn(run(wake.clone(), move || {
            let counter = counter.clone();
            async move {
                counter.fetch_add(1, Ordering::SeqCst);
                Duration::from_secs(60)
            }
        }));
        tokio::task::yield_now().await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1, "sweeps at start-up");
        tokio::time::sleep(Duration::from_secs(59)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 1);
        tokio::time::sleep(Duration::from_secs(2)).await;
        assert_eq!(ticks.load(Ordering::SeqCst), 2, "wakes after its nap");
        wake.notify_one();
        tokio::task::yield_now().await;
        tokio::task::yield_now().await;
        assert_eq!(
            ticks.load(Ordering::SeqCst),
            3,
            "a ticket change wakes it at once"
        );
        task.abort();
    }
}
