//! Whole programs: the four tutorial examples, a GenServer, comments.

use super::{assert_round_trip, file};

/// The four ```elixir blocks of the seed tutorial (shared/seed/task-and-async-patterns.md).
const ASYNC_EXAMPLE: &str = r#"defmodule AsyncExample do
  def fetch_data do
    # Simulate a long-running operation
    :timer.sleep(2000)
    "Data fetched"
  end

  def run do
    task = Task.async(fn -> fetch_data() end)
    result = Task.await(task, 5000) # Wait up to 5000ms for the result
    IO.puts("Result: #{result}")
  end
end

AsyncExample.run()
"#;

const FIRE_AND_FORGET: &str = r#"defmodule FireAndForget do
  def perform_background_work do
    # Simulate background work
    :timer.sleep(1000)
    IO.puts("Background work completed")
  end

  def run do
    Task.start(fn -> perform_background_work() end)
    IO.puts("Task started")
  end
end

FireAndForget.run()
"#;

const ERROR_HANDLING: &str = r#"defmodule ErrorHandlingExample do
  def risky_operation do
    raise "Something went wrong"
  end

  def run do
    task = Task.async(fn -> risky_operation() end)

    try do
      Task.await(task, 5000)
    rescue
      e -> IO.puts("Caught exception: #{e}")
    end
  end
end

ErrorHandlingExample.run()
"#;

const SUPERVISED_TASK: &str = r#"defmodule SupervisedTaskExample do
  def start_link do
    Task.Supervisor.start_link(name: MyTaskSupervisor)
  end

  def run do
    Task.Supervisor.start_child(MyTaskSupervisor, fn ->
      # Simulate a task that might fail
      :timer.sleep(1000)
      raise "Task failed"
    end)
  end
end

{:ok, _} = SupervisedTaskExample.start_link()
SupervisedTaskExample.run()
"#;

#[test]
fn async_example() {
    let f = file(ASYNC_EXAMPLE);
    assert_eq!(
        f.to_string(),
        r#"defmodule AsyncExample do
  def fetch_data do
    :timer.sleep(2000)
    "Data fetched"
  end
  def run do
    task = Task.async(fn -> fetch_data() end)
    result = Task.await(task, 5000)
    IO.puts("Result: #{result}")
  end
end
AsyncExample.run()"#
    );
    assert_eq!(
        f.body[0].sexp(),
        "(call defmodule (alias AsyncExample) (list (tuple :do (block \
         (call def (var fetch_data) (list (tuple :do (block (call :timer.sleep 2000) (str \"Data fetched\"))))) \
         (call def (var run) (list (tuple :do (block \
         (= (var task) (call (alias Task).async (fn (-> () (call fetch_data))))) \
         (= (var result) (call (alias Task).await (var task) 5000)) \
         (call (alias IO).puts (str \"Result: \" (# (var result))))))))))))"
    );
    let comments: Vec<_> = f
        .comments
        .iter()
        .map(|c| (c.span.line, c.span.col, c.text.as_str()))
        .collect();
    assert_eq!(
        comments,
        [
            (3, 5, "# Simulate a long-running operation"),
            (10, 37, "# Wait up to 5000ms for the result"),
        ]
    );
}

#[test]
fn fire_and_forget() {
    let f = file(FIRE_AND_FORGET);
    assert_eq!(f.body.len(), 2);
    assert_eq!(
        f.body[1].sexp(),
        "(call (alias FireAndForget).run)",
        "`Mod.fun()` is a remote call with no arguments"
    );
    assert!(
        f.to_string()
            .contains("    Task.start(fn -> perform_background_work() end)\n")
    );
}

#[test]
fn error_handling_example() {
    let f = file(ERROR_HANDLING);
    assert!(
        f.body[0].sexp().contains(
            "(call try (list (tuple :do (call (alias Task).await (var task) 5000)) \
             (tuple :rescue (stab (-> ((var e)) (call (alias IO).puts (str \"Caught exception: \" (# (var e)))))))))"
        ),
        "{}",
        f.body[0].sexp()
    );
    assert!(f.to_string().contains(
        "    try do\n      Task.await(task, 5000)\n    rescue\n      e -> IO.puts(\"Caught exception: #{e}\")\n    end\n"
    ));
}

#[test]
fn supervised_task_example() {
    let f = file(SUPERVISED_TASK);
    assert_eq!(f.body.len(), 3);
    assert_eq!(
        f.body[1].sexp(),
        "(= (tuple :ok (var _)) (call (alias SupervisedTaskExample).start_link))"
    );
    assert!(f.body[0].sexp().contains(
        "(call (alias Task.Supervisor).start_link (list (tuple :name (alias MyTaskSupervisor))))"
    ));
    assert!(f.to_string().contains(
        "    Task.Supervisor.start_child(MyTaskSupervisor, fn ->\n      :timer.sleep(1000)\n      raise(\"Task failed\")\n    end)\n"
    ));
    assert_eq!(f.comments.len(), 1);
}

#[test]
fn the_tutorial_programs_print_back_to_the_same_trees() {
    for src in [
        ASYNC_EXAMPLE,
        FIRE_AND_FORGET,
        ERROR_HANDLING,
        SUPERVISED_TASK,
        COUNTER,
    ] {
        assert_round_trip(src);
    }
}

const COUNTER: &str = r#"defmodule Counter do
  use GenServer

  @moduledoc """
  Counts, and waits for a reset in a receive loop.
  """

  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)

  @impl true
  def init(n) when is_integer(n), do: {:ok, n}

  @impl true
  def handle_call(:get, _from, n), do: {:reply, n, n}

  def handle_call({:add, k}, _from, n) when is_integer(k) and k > 0 do
    {:reply, :ok, n + k}
  end

  def handle_call({:add, _k}, _from, n) do
    {:reply, {:error, :not_positive}, n}
  end

  @impl true
  def handle_cast(:reset, _n), do: {:noreply, 0}

  def wait_loop(count, acc \\ []) do
    receive do
      {:tick, from} when is_pid(from) ->
        send(from, {:ack, count})
        wait_loop(count + 1, [from | acc])

      :stop ->
        Enum.reverse(acc)
    after
      1_000 -> {:timeout, count}
    end
  end
end
"#;

#[test]
fn gen_server_module() {
    let f = file(COUNTER);
    let module = f.body[0].sexp();
    for fragment in [
        "(call use (alias GenServer))",
        "(@ moduledoc (str \"Counts, and waits for a reset in a receive loop.\\n\"))",
        "(@ impl true)",
        "(call def (call start_link (var n)) (list (tuple :do (call (alias GenServer).start_link __MODULE__ (var n) (list (tuple :name __MODULE__))))))",
        "(call def (when (call init (var n)) (call is_integer (var n))) (list (tuple :do (tuple :ok (var n)))))",
        "(call def (when (call handle_call (tuple :add (var k)) (var _from) (var n)) \
         (and (call is_integer (var k)) (> (var k) 0))) (list (tuple :do (tuple :reply :ok (+ (var n) (var k))))))",
        "(call def (call wait_loop (var count) (\\\\ (var acc) (list)))",
        "(stab (-> ((tuple :tick (var from))) when (call is_pid (var from)) (block \
         (call send (var from) (tuple :ack (var count))) \
         (call wait_loop (+ (var count) 1) (list (var from) | (var acc))))) \
         (-> (:stop) (call (alias Enum).reverse (var acc))))",
        "(tuple :after (stab (-> (1000) (tuple :timeout (var count)))))",
    ] {
        assert!(module.contains(fragment), "missing {fragment}\nin {module}");
    }
    assert_eq!(module.matches("(call def (").count(), 7, "{module}");
    let printed = f.to_string();
    assert!(
        printed.contains(
            "  def handle_call({:add, k}, _from, n) when is_integer(k) and k > 0 do\n    {:reply, :ok, n + k}\n  end\n"
        ),
        "{printed}"
    );
    assert!(
        printed.contains(
            "      {:tick, from} when is_pid(from) ->\n        send(from, {:ack, count})\n"
        )
    );
}

#[test]
fn comments_are_kept_wherever_they_are() {
    let src = "# top\ncase x do\n  # before a clause\n  1 -> :one # after a body\n  2 ->\n    # in a body\n    :two\nend\nf(a, # in arguments\n  b)\n";
    let f = file(src);
    assert_eq!(f.body.len(), 2);
    assert_eq!(
        f.body[0].sexp(),
        "(call case (var x) (list (tuple :do (stab (-> (1) :one) (-> (2) :two)))))"
    );
    assert_eq!(f.body[1].sexp(), "(call f (var a) (var b))");
    let found: Vec<_> = f
        .comments
        .iter()
        .map(|c| (c.span.line, c.text.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "# top"),
            (3, "# before a clause"),
            (4, "# after a body"),
            (6, "# in a body"),
            (9, "# in arguments"),
        ]
    );
}
