//! Latency percentiles.

/// The value at fraction `p` of sorted microsecond samples, in milliseconds.
pub(crate) fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

pub(crate) fn latency_line(sorted: &[u32]) -> String {
    format!(
        "latency ms p50 {:.2} p99 {:.2} p99.9 {:.2} max {:.2}",
        pct(sorted, 0.5),
        pct(sorted, 0.99),
        pct(sorted, 0.999),
        pct(sorted, 1.0)
    )
}
