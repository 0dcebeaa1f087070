//! # model — Elixir semantics on the sim kernel
//!
//! `Task`, `Task.Supervisor`, `Supervisor`, `DynamicSupervisor` and a minimal `GenServer`,
//! built only from `sim`'s public API (SEMANTICS.md §2–§4).
#![warn(missing_docs)]
