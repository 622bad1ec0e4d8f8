//! `server import-orders FILE.jsonl [--skip-invalid]`: the command's voice. The rules are in
//! `app::services::order_import`; this reads the file and tells the operator what happened:
//! progress and every bad line on stderr, the summary on stdout.

use std::{
    fs::File,
    io::{BufRead, BufReader},
    path::Path,
    time::Instant,
};

use anyhow::Context;
use app::{
    services::order_import::{self, Options, Summary},
    stores::Db,
};

/// Imports `path` (`-` reads standard input). Fails, having imported nothing, when a line is
/// bad and `skip_invalid` is not set.
pub async fn run(db: &Db, path: &Path, skip_invalid: bool) -> anyhow::Result<()> {
    let input: Box<dyn BufRead> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
        Box::new(BufReader::with_capacity(1 << 16, file))
    };
    let started = Instant::now();
    let mut progress = |summary: &Summary| {
        eprintln!(
            "{} lines read, {} bad, {:.1} s",
            summary.lines,
            summary.bad.len(),
            started.elapsed().as_secs_f64()
        );
    };
    let summary = order_import::import(db, input, Options { skip_invalid }, &mut progress).await?;
    for bad in &summary.bad {
        eprintln!("line {}: {}", bad.line, bad.reason);
    }
    let seconds = started.elapsed().as_secs_f64();
    if !summary.committed {
        anyhow::bail!(
            "{} bad line{}: nothing was imported ({} good orders were not written; fix the bad \
             lines, or pass --skip-invalid to import the good ones)",
            summary.bad.len(),
            if summary.bad.len() == 1 { "" } else { "s" },
            summary.imported + summary.updated,
        );
    }
    println!(
        "imported {} new orders, updated {}, skipped {} bad lines, in {seconds:.1} s",
        summary.imported,
        summary.updated,
        summary.bad.len()
    );
    Ok(())
}
