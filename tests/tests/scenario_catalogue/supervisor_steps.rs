//! The supervisor and GenServer steps that the catalogue does not show on their own:
//! registered names, supervisors as children, `max_children`, `supervised_async`, a
//! GenServer made of steps, and the `:noproc` exits. The shapes were checked against
//! Elixir 1.14 / OTP 25 (`GenServer.call(:nobody, :hi)`, `Supervisor.stop(Nobody)`, a
//! `DynamicSupervisor` with `max_children: 1`, `which_children` of nested supervisors).

use scenarios::interp::{Decisions, run_program};
use scenarios::load_program;
use sim::TraceMode;

const PROGRAM: &str = r##"Program(name: "SupervisorSteps", main: [
    let("parent", "self()"),
    supervisor(as: "top", name: "Top", strategy: one_for_one, children: [
        dynamic_supervisor(id: ":dyn", name: "Dyn", max_children: 1),
        task_supervisor(id: ":tasks", name: "Tasks"),
        worker(id: ":hello", do: [send(to: "parent", msg: "{:hello, self()}"), sleep(100000)]),
    ]),
    receive(match: [("{:hello, pid}", [log("hello from #{inspect(pid)}")])]),
    start_child(sup: "Dyn", child: worker(id: ":w1", do: [sleep(100000)])),
    start_child(sup: "Dyn", child: worker(id: ":w2", do: [sleep(100000)])),
    which_children(sup: "Top"),
    supervised_async(sup: "Tasks", as: "t", do: [sleep(10)], return: "{:done, 42}"),
    await(task: "t"),
    gen_server(as: "srv", name: ":echo", init: [log("init")], handle_call: [
        ("{:echo, x}", [let("y", "{x, x}")], "y"),
    ]),
    call(server: ":echo", msg: "{:echo, 1}"),
    catch_exit(do: [call(server: ":nobody", msg: ":hi")], as: "r", catch: []),
    catch_exit(do: [stop(sup: "Nobody")], as: "r", catch: []),
    call(server: "srv", msg: ":unknown"),
])"##;

// The step program runs as the Elixir it prints to, so an observation step is a line
// the program logs (`log start_child Dyn -> ...`).
#[test]
fn names_nested_supervisors_servers_and_noproc() {
    let program = load_program(PROGRAM, "supervisor_steps.ron").unwrap();
    for seed in 0..50 {
        let run = run_program(&program, &Decisions::Seed(seed), TraceMode::Off).unwrap();
        assert_eq!(run.violation, None, "seed {seed}");
        let lines = run.lines();
        for want in [
            "0ms main log hello from #PID<main.top.hello>",
            "0ms main log start_child Dyn -> {:ok, #PID<main.top.dyn.w1>}",
            "0ms main log start_child Dyn -> {:error, :max_children}",
            "0ms main log which_children Top -> [{:hello, #PID<main.top.hello>, :worker, [Worker]}, \
             {:tasks, #PID<main.top.tasks>, :supervisor, [Task.Supervisor]}, \
             {:dyn, #PID<main.top.dyn>, :supervisor, [DynamicSupervisor]}]",
            "10ms main log await t -> {:done, 42}",
            "10ms main log call :echo -> {1, 1}",
            "10ms main catch_exit {:noproc, {GenServer, :call, [:nobody, :hi, 5000]}}",
            "10ms main catch_exit {:noproc, {GenServer, :stop, [Nobody, :normal, :infinity]}}",
            // No handle_call clause matches: the server exits like a FunctionClauseError
            // (stacktraces are empty here), and its link kills the caller (not trapping)
            // with that reason before the call's DOWN is seen.
            "10ms main exit {:function_clause, []}",
            "10ms main.srv log init",
            "10ms main.srv exit {:function_clause, []}",
            // The supervisor's parent died: it stops with the parent's reason (§4.9).
            "10ms main.top exit {:function_clause, []}",
            "10ms main.top.tasks.t exit :normal",
        ] {
            assert!(
                lines.iter().any(|l| l == want),
                "seed {seed}: missing `{want}` in\n{}",
                lines.join("\n")
            );
        }
    }
}
