//! A test-only fault switch: deliberate bugs in the kernel and in `model`, for proving that
//! the invariant monitors (`scenarios::checks`) catch broken semantics (a mutation
//! check). Each [`Fault`] names one wrong behaviour; a test turns it on for its own thread
//! with [`inject`] and runs programs under the standard monitors, which must then fail.
//!
//! The switch exists only with the cargo feature `faults` (which `model`'s feature of the
//! same name forwards, and which only the workspace tests enable, as a dev-dependency). Without
//! it [`active`] is a constant `false` that the compiler folds away, so a production build
//! carries no fault code and no thread-local. With it, the switch is a thread-local bitmask:
//! tests run on parallel threads and a run never leaves the thread it started on, so one
//! test's fault never leaks into another's run. Faults are off unless injected, so traces
//! (and the frozen hashes of `sim/tests/determinism.rs`) are the same with the feature on.
//!
//! The model faults are named here, in the kernel, so that one switch serves both layers; the
//! kernel itself reads only its own.
//!
//! ```
//! # #[cfg(feature = "faults")] {
//! use sim::faults::{Fault, active, inject};
//! let fault = inject(Fault::TimerLate);
//! assert!(active(Fault::TimerLate)); // every timer of a run on this thread now fires 1 ms late
//! drop(fault);
//! assert!(!active(Fault::TimerLate));
//! # }
//! ```

/// A deliberate bug.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Fault {
    /// Kernel: every timer (`receive ... after`, `sleep`, `Process.send_after`) fires 1 ms
    /// after it is due, breaking "`after n` set at `t` fires at `t + n`" (SEMANTICS §1.9,
    /// §5.11), so an `await`/`yield` times out after its deadline.
    TimerLate,
    /// Kernel: a dying process sends the DOWNs of its monitors before the exit signals to its
    /// links, so a process that both links and monitors it (every `Task.async` owner) sees
    /// `:DOWN` before `:EXIT` (SEMANTICS §1.8, last bullet).
    DownBeforeExit,
    /// Kernel: `Process.exit(pid, :kill)` to a process that traps exits delivers
    /// `{:EXIT, from, :kill}` instead of killing it with `:killed` (SEMANTICS §1.4, the
    /// untrappable row; §1.5).
    KillTrappable,
    /// Model: the restart-intensity check gives up one restart early — `length(restarts) >=
    /// max_restarts` instead of `>` (SEMANTICS §4.6), so `max_restarts: 3` allows only two.
    IntensityOffByOne,
    /// Model: the restart-intensity window is exclusive — a stamp exactly `max_seconds` old
    /// is dropped instead of kept (SEMANTICS §4.6, the inclusive boundary).
    IntensityWindowExclusive,
    /// Model: a `:transient` child that exits with `:shutdown` (or `{:shutdown, _}`) is
    /// restarted (SEMANTICS §4.2: only an abnormal exit restarts it).
    TransientRestartOnShutdown,
    /// Model: `Task.async` spawns its task without linking it to the owner (SEMANTICS §2.1,
    /// §2.3), so a task outlives an owner that crashes.
    TaskUnlinked,
}

impl Fault {
    /// Every fault, in declaration order.
    pub const ALL: [Fault; 7] = [
        Fault::TimerLate,
        Fault::DownBeforeExit,
        Fault::KillTrappable,
        Fault::IntensityOffByOne,
        Fault::IntensityWindowExclusive,
        Fault::TransientRestartOnShutdown,
        Fault::TaskUnlinked,
    ];

    #[cfg(feature = "faults")]
    #[inline(always)]
    const fn bit(self) -> u32 {
        1 << self as u32
    }
}

#[cfg(feature = "faults")]
thread_local! {
    /// The faults injected on this thread, one bit each.
    static ACTIVE: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Whether `f` is injected on this thread. Always `false` without the `faults` feature.
#[inline(always)]
pub fn active(f: Fault) -> bool {
    #[cfg(feature = "faults")]
    {
        ACTIVE.with(|a| a.get() & f.bit() != 0)
    }
    #[cfg(not(feature = "faults"))]
    {
        let _ = f;
        false
    }
}

/// Injects `f` on this thread until the guard is dropped.
#[cfg(feature = "faults")]
pub fn inject(f: Fault) -> FaultGuard {
    let was = ACTIVE.with(|a| {
        let was = a.get() & f.bit() != 0;
        a.set(a.get() | f.bit());
        was
    });
    FaultGuard {
        fault: f,
        was,
        _thread: std::marker::PhantomData,
    }
}

/// Keeps a fault injected; dropping it restores the fault's previous state (so guards nest).
#[cfg(feature = "faults")]
#[must_use = "the fault is cleared when the guard is dropped"]
#[derive(Debug)]
pub struct FaultGuard {
    fault: Fault,
    was: bool,
    /// Not `Send`: the switch is per thread, and so must be the guard that clears it.
    _thread: std::marker::PhantomData<*const ()>,
}

#[cfg(feature = "faults")]
impl Drop for FaultGuard {
    fn drop(&mut self) {
        if !self.was {
            ACTIVE.with(|a| a.set(a.get() & !self.fault.bit()));
        }
    }
}

#[cfg(all(test, feature = "faults"))]
mod tests {
    use super::*;

    #[test]
    fn a_guard_sets_its_fault_on_its_thread_only_and_clears_it() {
        assert!(Fault::ALL.iter().all(|f| !active(*f)));
        {
            let _g = inject(Fault::TimerLate);
            assert!(active(Fault::TimerLate));
            assert!(!active(Fault::KillTrappable));
            let other = std::thread::spawn(|| active(Fault::TimerLate));
            assert!(!other.join().unwrap());
            {
                let _again = inject(Fault::TimerLate);
            }
            assert!(
                active(Fault::TimerLate),
                "an inner guard keeps the outer one's fault"
            );
        }
        assert!(!active(Fault::TimerLate));
    }
}
