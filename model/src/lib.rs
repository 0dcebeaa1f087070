//! # model — Elixir semantics on the sim kernel
//!
//! `Task`, `Task.Supervisor`, `Supervisor`, `DynamicSupervisor` and a minimal `GenServer`,
//! built only from `sim`'s public API (SEMANTICS.md §2–§4), the way Elixir builds them from
//! BEAM primitives. Target: Elixir 1.14.0 on Erlang/OTP 25.
//!
//! ## Elixir ↔ Rust
//!
//! `async` and `await` are Rust keywords, so names shift a little. Process code receives a
//! [`sim::Proc`] (`p`) and passes it to every call; a call that exits in Elixir (an `await`
//! that times out) makes the Rust process exit the same way, and `p.catch_exit(...)` is
//! `try ... catch :exit, reason -> ...`.
//!
//! | Elixir | Rust |
//! |---|---|
//! | `Task.async(fun)` | `Task::spawn_async(&p, fun).await` |
//! | `Task.await(task, t)` | `task.await_for(&p, Timeout::Ms(t)).await` |
//! | `Task.yield(task, t)` | `task.yield_for(&p, t).await` → `Option<TaskResult>` (`None` = `nil`) |
//! | `Task.yield_many(tasks, t)` | `task::yield_many(&p, &tasks, t).await` |
//! | `Task.await_many(tasks, t)` | `task::await_many(&p, &tasks, t).await` |
//! | `Task.shutdown(task, t)` | `task.shutdown(&p, Shutdown::Timeout(t)).await` |
//! | `Task.shutdown(task, :brutal_kill)` | `task.shutdown(&p, Shutdown::BrutalKill).await` |
//! | `Task.ignore(task)` | `task.ignore(&p).await` |
//! | `Task.completed(v)` | `Task::completed(&p, v).await` |
//! | `Task.async_stream(inputs, fun, opts) \|> Enum.to_list()` (`\|> Enum.take(n)`: `take: Some(n)`) | `task_stream::async_stream(&p, inputs, fun, StreamOpts { .. }).await` → `Vec<TaskResult>` |
//! | `Enumerable.reduce(stream, {:cont, acc}, reducer)` of a stream | `task_stream::stream_reduce(&p, inputs, &opts, spawn, async \|r\| { ..; Step::Cont }).await` |
//! | `Task.Supervisor.async_stream(sup, inputs, fun, opts)` (`_nolink`) | `task_supervisor::async_stream(&p, &sup, inputs, fun, opts, LinkType::Link, None).await` (`LinkType::NoLink`) |
//! | `Task.start(fun)` / `Task.start_link(fun)` | `task::start(&p, fun).await` / `task::start_link(&p, fun).await` |
//! | `try do ... catch :exit, r -> ... end` | `p.catch_exit(async { ... }).await` → `Result<T, Term>` |
//! | `try do ... rescue e -> ... end` | `p.rescue(async { ... }).await` |
//! | `raise "boom"` | `p.raise(Term::runtime_error("boom")).await` |
//! | `exit(reason)` | `p.exit(reason).await` |
//! | `:infinity` | `Timeout::Infinity` |
//!
//! A task function is `FnOnce(Proc) -> impl Future<Output = Term>`: it gets its own process
//! handle and returns the task's result.
#![warn(missing_docs)]

pub mod child_spec;
pub mod dynamic_supervisor;
pub mod events;
pub mod gen_server;
pub mod names;
pub mod proc_lib;
pub mod supervisor;
pub mod task;
pub mod task_stream;
pub mod task_supervisor;
pub mod terms;
pub mod validate;

pub use task::{Shutdown, Task, TaskResult};
pub use task_stream::{OnTimeout, Step, StreamInput, StreamOpts, async_stream, stream_reduce};
