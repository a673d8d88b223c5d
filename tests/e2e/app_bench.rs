//! The app's own figures on a big desk (DESIGN §5), a benchmark rather than a test: ignored by
//! `cargo test`, run by hand on the release build and the generated million-ticket desk:
//!
//! ```text
//! BATON_E2E=1 BATON_E2E_APP=target/release/baton-app \
//! BATON_APP_BENCH_DB=target/baton-bench/desk-1000000-seed1.db BATON_APP_BENCH_PERSON="Name" \
//! xvfb-run -a dbus-run-session -- cargo test -p baton-tests --test e2e -- --ignored app_bench --nocapture
//! ```
//!
//! It prints the time from the app's process start to the sign-in screen, from the PIN to a
//! populated "My tickets" (measured in the page), and the memory (PSS) of the app and its
//! WebKit processes after 30 s idle. The person must have the PIN 1234. The app works on the
//! desk as any install would (its sweep and upkeep run), so the desk changes a little.

use anyhow::{Context, Result};
use baton_tests::e2e::{with_shared_app, Key};
use std::time::Duration;

#[test]
#[ignore = "a benchmark: run by hand (see the module's comment)"]
fn app_bench() -> Result<()> {
    let db = std::env::var("BATON_APP_BENCH_DB").context("set BATON_APP_BENCH_DB")?;
    let person = std::env::var("BATON_APP_BENCH_PERSON").context("set BATON_APP_BENCH_PERSON")?;
    with_shared_app(
        "app-bench",
        &db,
        |_| Ok(()),
        |app| {
            app.find("[data-testid=sign-in]")?;
            let app_pid = newest_pid("baton-app")?;
            let launch_ms = uptime_ms()? - process_start_ms(app_pid)?;

            app.type_into("[data-testid=sign-in-filter]", &person)?;
            app.wait_for_text("[data-testid=sign-in] [role=option]", &person)?;
            app.press_key(Key::Enter)?;
            app.find("[data-testid=pin]")?;
            // Each call to the app on the way is timed too (start and end after the PIN).
            let took = app.exec(
                "const pin = document.querySelector('[data-testid=pin]');
             pin.value = '1234';
             pin.dispatchEvent(new Event('input', { bubbles: true }));
             const calls = [];
             const ipc = window.__TAURI_INTERNALS__;
             const invoke = ipc.invoke;
             const t0 = performance.now();
             ipc.invoke = async (cmd, ...rest) => {
               const start = performance.now() - t0;
               try { return await invoke(cmd, ...rest); }
               finally { calls.push(`${cmd} ${start.toFixed(0)}–${(performance.now() - t0).toFixed(0)}`); }
             };
             pin.form.requestSubmit();
             return new Promise((done) => {
               const look = () => document.querySelector('[data-testid=queue-row]')
                 ? done({ ms: performance.now() - t0, calls }) : requestAnimationFrame(look);
               look();
             }).finally(() => { ipc.invoke = invoke; });",
                vec![],
            )?;
            let pin_ms = took["ms"].as_f64().context("no time from the page")?;
            let calls = took["calls"].as_array().context("no calls from the page")?;
            std::thread::sleep(Duration::from_secs(30));
            let mut pss = vec![("baton-app".to_string(), pss_kib(app_pid)?)];
            for child in descendants(app_pid)? {
                pss.push((process_name(child)?, pss_kib(child)?));
            }
            let total: u64 = pss.iter().map(|(_, k)| k).sum();
            println!("app on {db}, signed in as {person}:");
            println!("  process start → sign-in screen: {launch_ms} ms (target < 1500 ms)");
            println!("  PIN → My tickets populated:     {pin_ms:.0} ms (target < 300 ms)");
            let calls: Vec<&str> = calls.iter().filter_map(|c| c.as_str()).collect();
            println!("    the app's calls on the way (ms after the PIN): {}", calls.join(", "));
            println!(
                "  memory after 30 s idle (PSS):    {:.0} MiB (target < 200 MB): {}",
                total as f64 / 1024.0,
                pss.iter()
                    .map(|(n, k)| format!("{n} {:.0} MiB", *k as f64 / 1024.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            Ok(())
        },
    )
}

/// Milliseconds since boot (the clock a process's start time is kept in).
fn uptime_ms() -> Result<u64> {
    let up = std::fs::read_to_string("/proc/uptime")?;
    let secs: f64 = up.split_whitespace().next().context("uptime")?.parse()?;
    Ok((secs * 1000.0) as u64)
}

/// The newest process of that name.
fn newest_pid(name: &str) -> Result<u32> {
    let mut found = None;
    for entry in std::fs::read_dir("/proc")? {
        let Ok(pid) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if process_name(pid).is_ok_and(|n| n == name) {
            found = found.max(Some(pid));
        }
    }
    found.with_context(|| format!("no {name} process"))
}

fn process_name(pid: u32) -> Result<String> {
    Ok(std::fs::read_to_string(format!("/proc/{pid}/comm"))?
        .trim()
        .to_string())
}

/// A process's stat fields after its name (state is the first).
fn stat_fields(pid: u32) -> Result<Vec<String>> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    let after_name = &stat[stat.rfind(')').context("stat")? + 2..];
    Ok(after_name.split(' ').map(str::to_string).collect())
}

/// When the process started, in milliseconds since boot (its stat keeps clock ticks).
fn process_start_ms(pid: u32) -> Result<u64> {
    let ticks: u64 = stat_fields(pid)?.get(19).context("starttime")?.parse()?;
    // SAFETY: sysconf with a valid name only reads a constant.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as u64;
    Ok(ticks * 1000 / hz)
}

/// Every process below `pid` (the WebKit web and network processes), from their parents.
fn descendants(pid: u32) -> Result<Vec<u32>> {
    let mut parent_of = vec![];
    for entry in std::fs::read_dir("/proc")? {
        let Ok(p) = entry?.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if let Some(ppid) = stat_fields(p)
            .ok()
            .and_then(|f| f.get(1)?.parse::<u32>().ok())
        {
            parent_of.push((p, ppid));
        }
    }
    let mut found = vec![pid];
    let mut i = 0;
    while i < found.len() {
        let here = found[i];
        found.extend(
            parent_of
                .iter()
                .filter(|(_, pp)| *pp == here)
                .map(|(p, _)| *p),
        );
        i += 1;
    }
    Ok(found.split_off(1))
}

/// Proportional set size: shared pages divided among the processes sharing them.
fn pss_kib(pid: u32) -> Result<u64> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    rollup
        .lines()
        .find_map(|l| l.strip_prefix("Pss:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .context("no Pss in smaps_rollup")
}
