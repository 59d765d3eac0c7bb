//! The `ibid` binary: parse arguments, run the library, print, map to an exit code.

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

/// mimalloc: extraction and parsing make many small, short-lived allocations (about 35 per
/// citation) from several threads, where it is faster than the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match ibid::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match ibid::commands::run(cli) {
        Ok(out) => {
            for line in &out.stderr {
                eprintln!("{line}");
            }
            let mut stdout = std::io::stdout().lock();
            match stdout
                .write_all(out.stdout.as_bytes())
                .and_then(|_| stdout.flush())
            {
                Ok(()) => ExitCode::from(out.exit as u8),
                // a closed pipe (`ibid check … | head`) is not a failure
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write output: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
