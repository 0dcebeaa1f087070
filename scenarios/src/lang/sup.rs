//! The supervisor and GenServer steps, and their values as written in scenario files: child
//! specifications and the words `one_for_one`, `transient`, `supervisor`, ...
//!
//! Supervisors and servers (SEMANTICS.md §3–§4); child specs are [`Child`]:
//!
//! | step | Elixir |
//! |---|---|
//! | `supervisor(as: "sup", name: "MySup", strategy: one_for_one, max_restarts: 3, max_seconds: 5, children: [..])` | `{:ok, sup} = Supervisor.start_link(children, strategy: :one_for_one, ..)` |
//! | `dynamic_supervisor(as:, name:, max_children:, max_restarts:, max_seconds:)` | `{:ok, sup} = DynamicSupervisor.start_link(strategy: :one_for_one, ..)` |
//! | `task_supervisor(as:, name:, max_children:, ..)` | `{:ok, sup} = Task.Supervisor.start_link(..)` |
//! | `start_child(sup: "sup", child: worker(..), as: "r")` | `r = Supervisor.start_child(sup, spec)` (or `DynamicSupervisor.`) |
//! | `start_child(sup: "ts", do: [..], restart: transient, shutdown: 100, as: "r")` | `r = Task.Supervisor.start_child(ts, fn -> .. end, restart: :transient, shutdown: 100)` |
//! | `async_nolink(sup:, as: "t", do: [..], return:, shutdown:)` / `supervised_async(..)` | `t = Task.Supervisor.async_nolink(ts, fn -> .. end)` / `Task.Supervisor.async` |
//! | `which_children(sup:, as:)`, `count_children(..)`, `children(..)` | `Supervisor.which_children(sup)`, `.count_children`, `Task.Supervisor.children` |
//! | `terminate_child(sup:, child: ":a", as:)`, `restart_child(..)`, `delete_child(..)` | `Supervisor.terminate_child(sup, :a)`, ... (a pid for a dynamic one) |
//! | `stop(sup:, reason: ":normal", as:)` | `Supervisor.stop(sup, :normal)` (= `GenServer.stop`: a `gen_server` too) |
//! | `gen_server(as: "srv", name:, init: [..], handle_call: [("{:echo, x}", [..], "x")])` | `{:ok, srv} = GenServer.start_link(Srv, ..)` (clauses: pattern, steps, reply) |
//! | `call(server: "srv", msg: ":ping", timeout: 5000, as: "r")` | `r = GenServer.call(srv, :ping, 5000)` |
//!
//! `sup:` and `server:` are a binding (`"sup"`) or a registered name (`"MySup"`, `":srv"`).
//!
//! ```ron
//! supervisor(as: "sup", strategy: one_for_one, max_restarts: 3, max_seconds: 5, children: [
//!     worker(id: ":a", do: [receive(match: [(":crash", [raise("boom")])])]),
//!     task(id: ":b", restart: transient, shutdown: 100, do: [sleep(1000)]),
//!     supervisor(id: ":inner", strategy: one_for_all, children: [..]),
//!     dynamic_supervisor(id: ":dyn", name: "Dyn"),
//!     task_supervisor(id: ":tasks", name: "Tasks"),
//! ])
//! ```

use super::{ShutdownMode, Step, values};
use serde::{Deserialize, Serialize};

/// `:strategy` of a `Supervisor`.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Strategy {
    OneForOne,
    OneForAll,
    RestForOne,
}

/// `:restart` of a child spec.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Restart {
    Permanent,
    Transient,
    Temporary,
}

/// `:type` of a child spec.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum ChildType {
    Worker,
    Supervisor,
}

/// A child specification: what a supervisor starts, and how it treats it.
///
/// | spec | Elixir |
/// |---|---|
/// | `worker(id: ":a", do: [..])` | `%{id: :a, start: {Worker, :start_link, [fn -> .. end]}}` where `Worker.start_link(fun)` is `{:ok, spawn_link(fun)}`: `:permanent`, shutdown 5000 |
/// | `task(id: ":a", do: [..])` | `Supervisor.child_spec({Task, fn -> .. end}, id: :a)`: `Task.start_link`, `:temporary` |
/// | `supervisor(id: ":s", strategy: .., children: [..])` | `%{id: :s, start: {Supervisor, :start_link, [children, opts]}, type: :supervisor}` |
/// | `dynamic_supervisor(id: ":d", ..)` | `{DynamicSupervisor, opts}` with `id: :d` |
/// | `task_supervisor(id: ":t", ..)` | `{Task.Supervisor, opts}` with `id: :t` |
///
/// Every spec takes `restart:` (`permanent` \| `transient` \| `temporary`) and `shutdown:`
/// (milliseconds \| `infinity` \| `brutal_kill`); `worker` and `task` also `type:`
/// (`worker` \| `supervisor`). `id` is an atom (`":a"`); under a `DynamicSupervisor` it only
/// names the process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
#[allow(missing_docs)]
pub enum Child {
    Worker {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<ChildType>,
    },
    Task {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(rename = "do", default)]
        body: Vec<Step>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
        #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
        kind: Option<ChildType>,
    },
    Supervisor {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        strategy: Strategy,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
        #[serde(default)]
        children: Vec<Child>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
    },
    DynamicSupervisor {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_children: Option<u64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
    },
    TaskSupervisor {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        name: Option<String>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_children: Option<u64>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_restarts"
        )]
        max_restarts: Option<u32>,
        #[serde(
            default,
            skip_serializing_if = "Option::is_none",
            deserialize_with = "values::opt_bounded"
        )]
        max_seconds: Option<u64>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        restart: Option<Restart>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        shutdown: Option<ShutdownMode>,
    },
}

impl Child {
    /// The spec's `id:` as written, if any.
    pub fn id(&self) -> Option<&str> {
        match self {
            Child::Worker { id, .. }
            | Child::Task { id, .. }
            | Child::Supervisor { id, .. }
            | Child::DynamicSupervisor { id, .. }
            | Child::TaskSupervisor { id, .. } => id.as_deref(),
        }
    }

    /// The step-like word the spec is written with (`worker`, `task`, ...).
    pub fn word(&self) -> &'static str {
        match self {
            Child::Worker { .. } => "worker",
            Child::Task { .. } => "task",
            Child::Supervisor { .. } => "supervisor",
            Child::DynamicSupervisor { .. } => "dynamic_supervisor",
            Child::TaskSupervisor { .. } => "task_supervisor",
        }
    }
}

/// A `handle_call` clause of a `gen_server` step: the request pattern, the steps run for
/// it (they see the pattern's variables), and the reply (an expression).
pub type CallClause = (String, Vec<Step>, String);

pub(super) fn default_reason() -> String {
    ":normal".to_string()
}

pub(super) fn is_normal_reason(s: &str) -> bool {
    s == ":normal"
}
