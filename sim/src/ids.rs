//! Typed identifiers. All are per-run counters (no global state): the first process of every
//! run is `#PID<0.0.0>`, whatever ran before on the thread.

use std::fmt;

/// A process identifier; indexes the kernel's process table.
#[derive(Copy, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct Pid(pub(crate) u32);

impl Pid {
    /// The index of this process in its run (0 for the first process spawned).
    pub fn index(self) -> u32 {
        self.0
    }
}

impl fmt::Display for Pid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#PID<0.{}.0>", self.0)
    }
}

/// A reference (`make_ref()`, a monitor, an alias, a timer). It remembers the process that
/// made it, which is where a message sent to it as an alias goes (SEMANTICS §1.7).
#[derive(Copy, Clone, Debug)]
pub struct Ref {
    pub(crate) id: u64,
    pub(crate) owner: Pid,
}

impl Ref {
    /// The per-run serial number of this reference.
    pub fn id(self) -> u64 {
        self.id
    }
    /// The process that created this reference.
    pub fn owner(self) -> Pid {
        self.owner
    }
}

// Identity is the serial number alone; the owner is derived data.
impl PartialEq for Ref {
    fn eq(&self, other: &Self) -> bool {
        self.id == other.id
    }
}
impl Eq for Ref {}
impl PartialOrd for Ref {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ref {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.id.cmp(&other.id)
    }
}
impl std::hash::Hash for Ref {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.id.hash(state)
    }
}

impl fmt::Display for Ref {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#Reference<0.0.0.{}>", self.id)
    }
}
