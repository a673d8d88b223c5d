//! What the benchmark ran on: CPU, cores, memory, the disk under the desk, the kernel, and the
//! process's peak memory.

use serde::Serialize;
use std::path::Path;

#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    /// Device, file system and whether the kernel calls it rotational, for the desk's folder.
    pub disk: String,
    pub kernel: String,
}

impl Machine {
    pub fn describe(desk: &Path) -> Machine {
        let cpuinfo = read("/proc/cpuinfo");
        let cpu = cpuinfo
            .lines()
            .find_map(|l| l.strip_prefix("model name"))
            .and_then(|l| l.split_once(':'))
            .map_or_else(|| "unknown".into(), |(_, v)| v.trim().to_string());
        let memory_gib =
            kib_field(&read("/proc/meminfo"), "MemTotal:").unwrap_or(0) as f64 / (1024.0 * 1024.0);
        Machine {
            cpu,
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
            memory_gib: (memory_gib * 10.0).round() / 10.0,
            disk: disk(desk),
            kernel: read("/proc/sys/kernel/osrelease").trim().to_string(),
        }
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn kib_field(text: &str, name: &str) -> Option<u64> {
    text.lines()
        .find_map(|l| l.strip_prefix(name))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
}

/// The mount holding `path` (the longest mount point that prefixes it), from mountinfo.
fn disk(path: &Path) -> String {
    let dir = path
        .parent()
        .and_then(|d| d.canonicalize().ok())
        .unwrap_or_else(|| Path::new("/").to_path_buf());
    let mounts = read("/proc/self/mountinfo");
    let best = mounts
        .lines()
        .filter_map(|line| {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let mount_point = *fields.get(4)?;
            let dash = fields.iter().position(|f| *f == "-")?;
            let (fstype, source) = (*fields.get(dash + 1)?, *fields.get(dash + 2)?);
            dir.starts_with(mount_point)
                .then_some((mount_point.len(), fstype, source))
        })
        .max_by_key(|(len, _, _)| *len);
    match best {
        Some((_, fstype, source)) => {
            let name = source.trim_start_matches("/dev/");
            let rotational = read(&format!("/sys/class/block/{name}/queue/rotational"));
            let kind = match rotational.trim() {
                "0" => ", non-rotational",
                "1" => ", reported rotational",
                _ => "",
            };
            format!("{source} ({fstype}{kind})")
        }
        None => "unknown".into(),
    }
}

/// The process's peak resident memory so far, in MiB (VmHWM).
pub fn peak_rss_mib() -> f64 {
    kib_field(&read("/proc/self/status"), "VmHWM:").unwrap_or(0) as f64 / 1024.0
}

/// The 1-, 5- and 15-minute load averages: how busy the machine was besides the benchmark.
pub fn load_average() -> String {
    read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// CPU time (user + system) this process has used so far, in seconds.
pub fn cpu_seconds() -> f64 {
    let stat = read("/proc/self/stat");
    // Fields after the command name (which may contain spaces) ends with ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime, in USER_HZ (100 per second on Linux).
    (ticks(11) + ticks(12)) / 100.0
}
