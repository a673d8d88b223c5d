//! The app's own figures on a big desk (DESIGN §5), a benchmark rather than a test: ignored by
//! `cargo test`, run by hand on the release build and the generated million-ticket desk:
//!
//! ```text
//! baton --db target/baton-bench/desk-1000000-seed1.db person pin "Name" --pin 1234
//! BATON_E2E=1 BATON_E2E_APP=$PWD/target/release/baton-app \
//! BATON_APP_BENCH_DB=$PWD/target/baton-bench/desk-1000000-seed1.db BATON_APP_BENCH_PERSON="Name" \
//! xvfb-run -a dbus-run-session -- cargo test -p baton-tests --test e2e -- --ignored app_bench --nocapture
//! ```
//!
//! It prints the time from the app's process start to the sign-in screen, from the PIN to a
//! populated "My tickets" (measured in the page) with where it went (the app's calls, the
//! page's busy stretches, each call alone), and the memory (PSS) of the app and its WebKit
//! processes after 30 s idle, by kind. The person must have the PIN 1234. The app works on the
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
            // When the signed-in frame (the rail) appears and when the rows do, as the page's
            // DOM changes, and each call to the app meanwhile (the IPC fetches
            // `ipc://localhost/<command>`).
            let took = app.exec(
                "const pin = document.querySelector('[data-testid=pin]');
             pin.value = '1234';
             pin.dispatchEvent(new Event('input', { bubbles: true }));
             return new Promise((done) => {
               let frame = null;
               const t0 = performance.now();
               const calls = [];
               const fetch = window.fetch;
               // The page's own busy stretches: a heartbeat's gaps of 20 ms or more.
               const busy = [];
               let beat = performance.now();
               const channel = new MessageChannel();
               channel.port1.onmessage = () => {
                 const now = performance.now();
                 if (now - beat >= 20) busy.push(`${(beat - t0).toFixed(0)}–${(now - t0).toFixed(0)}`);
                 beat = now;
                 if (frame === null || !document.querySelector('[data-testid=queue-row]')) setTimeout(() => channel.port2.postMessage(0));
               };
               channel.port2.postMessage(0);
               window.fetch = async (url, ...rest) => {
                 const start = performance.now() - t0;
                 try { return await fetch(url, ...rest); }
                 finally {
                   const end = performance.now() - t0;
                   calls.push(`${String(url).split('/').pop()} ${start.toFixed(0)}–${end.toFixed(0)}`);
                 }
               };
               const seen = new MutationObserver(() => {
                 if (frame === null && document.querySelector('[data-testid=rail]')) {
                   frame = performance.now() - t0;
                 }
                 if (document.querySelector('[data-testid=queue-row]')) {
                   seen.disconnect();
                   window.fetch = fetch;
                   done({ frame, rows: performance.now() - t0, calls, busy });
                 }
               });
               seen.observe(document.body, { childList: true, subtree: true });
               pin.form.requestSubmit();
             });",
                vec![],
            )?;
            let pin_ms = took["rows"].as_f64().context("no time from the page")?;
            let frame_ms = took["frame"]
                .as_f64()
                .context("no frame time from the page")?;
            let on_the_way = took["calls"].as_array().context("no calls from the page")?;
            let busy = took["busy"]
                .as_array()
                .context("no busy stretches from the page")?;
            std::thread::sleep(Duration::from_secs(30));
            let mut pss = vec![("baton-app".to_string(), pss_kib(app_pid)?)];
            for child in descendants(app_pid)? {
                pss.push((process_name(child)?, pss_kib(child)?));
            }
            let total: u64 = pss.iter().map(|(_, k)| k[0]).sum();
            // Then the calls that screen waits on, each alone (the median of five): what the
            // app's side costs, against what the page does with it.
            let calls = app.exec(
                "const [name] = arguments;
             return (async () => {
             const ipc = window.__TAURI_INTERNALS__;
             const me = (await ipc.invoke('people', {})).find((p) => p.name === name);
             const calls = [
               ['sign_in', { input: { person_id: me.id, pin: '1234' } }],
               ['counts', {}],
               ['queue', { input: { kind: 'mine', page: { limit: 100 } } }],
               ['to_confirm', {}],
               ['alerts', {}],
               ['policy', {}],
             ];
             const out = [];
             for (const [cmd, args] of calls) {
               const times = [];
               for (let i = 0; i < 5; i++) {
                 const t = performance.now();
                 await ipc.invoke(cmd, args);
                 times.push(performance.now() - t);
               }
               times.sort((a, b) => a - b);
               out.push(`${cmd} ${times[2].toFixed(1)} ms`);
             }
             return out;
             })();",
                vec![serde_json::json!(person)],
            )?;
            let calls = calls.as_array().context("no calls from the page")?;
            println!("app on {db}, signed in as {person}:");
            println!("  process start → sign-in screen: {launch_ms} ms (target < 1500 ms)");
            println!("  PIN → My tickets populated:     {pin_ms:.0} ms (target < 300 ms)");
            println!("    the signed-in frame shown at:  {frame_ms:.0} ms");
            println!(
                "    calls on the way (ms after the PIN): {}",
                listed(on_the_way)
            );
            println!("    the page busy (ms after the PIN): {}", listed(busy));
            println!("    its calls alone: {}", listed(calls));
            println!(
                "  memory after 30 s idle (PSS):    {:.0} MiB (target < 200 MB)",
                total as f64 / 1024.0
            );
            // What the app logged of slow calls (its stderr is the driver's).
            let log = std::fs::read_to_string(app.scratch_dir().join("tauri-driver.log"))?;
            for line in log.lines().filter(|l| l.contains("waiting for the desk")) {
                println!("    logged: {line}");
            }
            let mib = |k: u64| k as f64 / 1024.0;
            for (name, [all, anon, file, shmem]) in &pss {
                println!(
                    "    {name}: {:.0} MiB (anonymous {:.0}, files {:.0}, shared memory {:.0})",
                    mib(*all),
                    mib(*anon),
                    mib(*file),
                    mib(*shmem)
                );
            }
            Ok(())
        },
    )
}

/// The page's strings, one line.
fn listed(values: &[serde_json::Value]) -> String {
    let texts: Vec<&str> = values.iter().filter_map(|v| v.as_str()).collect();
    texts.join(", ")
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

/// Proportional set size (shared pages divided among the processes sharing them): in all, then
/// of anonymous memory (heaps), of files (code and data mapped in) and of shared memory.
fn pss_kib(pid: u32) -> Result<[u64; 4]> {
    let rollup = std::fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))?;
    let field = |key: &str| {
        rollup
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .with_context(|| format!("no {key} in smaps_rollup"))
    };
    Ok([
        field("Pss:")?,
        field("Pss_Anon:")?,
        field("Pss_File:")?,
        field("Pss_Shmem:")?,
    ])
}
