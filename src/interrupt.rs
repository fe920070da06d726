//! Ctrl-C (SIGINT), SIGTERM and SIGHUP while files or refs are being written:
//! the process still dies of the signal, but never inside a critical section, so
//! every file is either as it was or wholly rewritten, and no temporary or git
//! lock file is left behind.
//!
//! [`install`] starts a thread that waits for the signals; [`critical`] marks a
//! stretch of work that must not be cut in half. When a signal arrives, the
//! thread waits until no critical section is running (new ones wait too), prints
//! what state the work was left in ([`set_status`]) and then dies of the signal
//! the usual way, so that shells and `make` see "killed by SIGINT".

use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, Once, RwLock, RwLockReadGuard};

/// Readers are critical sections; the signal thread takes it for writing, which
/// waits for running sections and (std's lock prefers writers) holds off new ones.
static SECTIONS: RwLock<()> = RwLock::new(());

/// What to tell the user if the process is interrupted now.
static STATUS: Mutex<Option<String>> = Mutex::new(None);

static INSTALL: Once = Once::new();

/// Set once a signal has arrived (before the signal thread waits for the sections).
static PENDING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// How deep this thread is in critical sections: only the outermost takes
    /// the lock (taking a read lock twice while the signal thread waits to
    /// write would deadlock).
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// While alive, the process is not killed by SIGINT, SIGTERM or SIGHUP (the
/// signal takes effect when the last guard is dropped).
pub struct Guard {
    held: Option<RwLockReadGuard<'static, ()>>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        DEPTH.with(|d| d.set(d.get() - 1));
        if let Some(held) = self.held.take() {
            drop(held);
            // A signal came during the section: let the signal thread end the
            // process, rather than racing on and exiting 0 as if never asked.
            if PENDING.load(Ordering::SeqCst) {
                loop {
                    std::thread::park();
                }
            }
        }
    }
}

/// Enters a critical section; sections may nest (a caller can cover a write
/// and the bookkeeping after it, the write having its own section).
pub fn critical() -> Guard {
    let outer = DEPTH.with(|d| {
        d.set(d.get() + 1);
        d.get() == 1
    });
    Guard {
        held: outer.then(|| SECTIONS.read().unwrap_or_else(|e| e.into_inner())),
    }
}

/// Sets the line printed to stderr (after `sempatch: interrupted: `) if a
/// signal ends the process; `None` prints nothing but the word.
pub fn set_status(status: Option<String>) {
    *STATUS.lock().unwrap_or_else(|e| e.into_inner()) = status;
}

/// Installs the handler (once per process; later calls do nothing). Without it,
/// the signals kill the process at once, as usual.
pub fn install() {
    INSTALL.call_once(|| {
        let mut signals = match signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            Ok(s) => s,
            // Running unprotected is better than not running: the writes are
            // still atomic renames, only a temporary file could be left.
            Err(e) => {
                eprintln!("sempatch: cannot handle interrupts: {e}");
                return;
            }
        };
        let spawned = std::thread::Builder::new()
            .name("sempatch-signals".into())
            .spawn(move || {
                if let Some(sig) = signals.forever().next() {
                    PENDING.store(true, Ordering::SeqCst);
                    let _all = SECTIONS.write().unwrap_or_else(|e| e.into_inner());
                    let status = STATUS.lock().unwrap_or_else(|e| e.into_inner()).clone();
                    match status {
                        Some(s) => eprintln!("\nsempatch: interrupted: {s}"),
                        None => eprintln!("\nsempatch: interrupted"),
                    }
                    // Die of the signal itself, so the parent sees why we stopped.
                    let _ = signal_hook::low_level::emulate_default_handler(sig);
                    std::process::exit(128 + sig);
                }
            });
        if let Err(e) = spawned {
            eprintln!("sempatch: cannot handle interrupts: {e}");
        }
    });
}
