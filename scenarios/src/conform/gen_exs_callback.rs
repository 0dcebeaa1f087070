//! Callback modules (part of [`super`], the Elixir family): a `use GenServer` counter
//! (init, calls that reply, work, crash or stop it, casts, infos), a `use Task` job that
//! ends in one of several ways, and a `use Supervisor` module whose `init/1` starts them —
//! or the server or the job alone, linked to `main`.

use super::Gen;
use super::exs::{ASK, Text, main_ms, other_ms};

/// The `use GenServer` module (`OPTS` is replaced by its `use` options).
const COUNTER: &str = "defmodule Counter do
  use GenServerOPTS

  def start_link(n), do: GenServer.start_link(__MODULE__, n, name: __MODULE__)

  @impl true
  def init(n) do
    IO.puts(\"counter starts at #{n}\")
    {:ok, n}
  end

  @impl true
  def handle_call(:get, _from, n), do: {:reply, n, n}

  def handle_call({:work, ms}, _from, n) do
    Process.sleep(ms)
    {:reply, {:worked, n}, n + 1}
  end

  def handle_call(:crash, _from, _n), do: raise(\"counter crashed\")
  def handle_call(:stop, _from, n), do: {:stop, :normal, :stopping, n}

  @impl true
  def handle_cast({:add, k}, n), do: {:noreply, n + k}

  @impl true
  def handle_info(:tick, n) do
    IO.puts(\"tick at #{n}\")
    {:noreply, n + 1}
  end
end
";

/// The `use Task` module (`OPTS` as above).
const JOB: &str = "defmodule Job do
  use TaskOPTS

  def start_link(arg), do: Task.start_link(__MODULE__, :run, [arg])

  def run({ms, how}) do
    Process.sleep(ms)

    case how do
      :ok -> IO.puts(\"job done\")
      :raise -> raise \"job failed\"
      {:exit, reason} -> exit(reason)
    end
  end
end
";

/// The `use Supervisor` module (`CHILDREN` and `FLAGS` are replaced).
const APP: &str = "defmodule App do
  use Supervisor

  def start_link(arg), do: Supervisor.start_link(__MODULE__, arg, name: __MODULE__)

  @impl true
  def init(_arg) do
    Supervisor.init([CHILDREN], FLAGS)
  end
end
";

impl Gen<'_> {
    pub(super) fn callback_program(&mut self, t: &mut Text) {
        t.module(ASK);
        let traps = self.chance(40);
        if traps {
            t.line("Process.flag(:trap_exit, true)");
        }
        let server_opts = self.word(&["", "", ", restart: :transient", ", restart: :temporary"]);
        let job_opts = self.word(&["", "", ", restart: :transient", ", restart: :permanent"]);
        let counter = COUNTER.replace("OPTS", &server_opts);
        let job = JOB.replace("OPTS", &job_opts);
        match self.below(5) {
            0..=2 => {
                t.kind("use_supervisor");
                t.kind("use_gen_server");
                t.module(counter);
                let mut children = vec![format!("{{Counter, {}}}", self.below(10))];
                if self.chance(70) {
                    t.kind("use_task");
                    t.module(job);
                    let arg = self.job_arg();
                    children.insert(self.below(2) as usize, format!("{{Job, {arg}}}"));
                    if self.chance(30) {
                        let arg = self.job_arg();
                        children.push(format!("Supervisor.child_spec({{Job, {arg}}}, id: :job2)"));
                    }
                }
                let strategy = self.word(&[":one_for_one", ":one_for_all", ":rest_for_one"]);
                let flags = format!(
                    "strategy: {strategy}, max_restarts: {}, max_seconds: 5",
                    self.below(4)
                );
                t.periods.push(5);
                t.module(
                    APP.replace("CHILDREN", &children.join(", "))
                        .replace("FLAGS", &flags),
                );
                t.line("{:ok, _sup} = App.start_link(:ok)");
                self.server_actions(t, true);
            }
            3 => {
                t.kind("use_gen_server");
                t.module(counter);
                t.line(format!(
                    "{{:ok, _pid}} = Counter.start_link({})",
                    self.below(10)
                ));
                self.server_actions(t, false);
                t.line("Ask.show(\"stop\", fn -> GenServer.stop(Counter) end)");
            }
            _ => {
                t.kind("use_task");
                t.module(job);
                let arg = self.job_arg();
                t.line(format!("{{:ok, _job}} = Job.start_link({arg})"));
                if traps && self.chance(70) {
                    t.line(format!(
                        "receive do\n  {{:EXIT, _, reason}} -> IO.inspect(reason, label: \"job exit\")\nafter\n  {} -> IO.puts(\"no EXIT\")\nend",
                        main_ms(self.ms(1, 6))
                    ));
                } else {
                    t.line(format!("Process.sleep({})", main_ms(self.ms(1, 6))));
                }
            }
        }
    }

    /// `{ms, how}` for a job.
    fn job_arg(&mut self) -> String {
        let ms = other_ms(self.ms(1, 5));
        let how = match self.below(4) {
            0 | 1 => String::from(":ok"),
            2 => String::from(":raise"),
            _ => format!("{{:exit, {}}}", self.exs_reason()),
        };
        format!("{{{ms}, {how}}}")
    }

    /// What `main` does with the counter (and its supervisor, `App`, if `supervised`).
    fn server_actions(&mut self, t: &mut Text, supervised: bool) {
        for _ in 0..1 + self.below(5) {
            match self.below(10) {
                0 | 1 => t.line("Ask.show(\"get\", fn -> GenServer.call(Counter, :get) end)"),
                2 => t.line(format!(
                    "GenServer.cast(Counter, {{:add, {}}})",
                    self.below(5)
                )),
                3 => t.line("send(Counter, :tick)"),
                4 => {
                    let work = self.ms(1, 4);
                    let timeout = if self.chance(50) {
                        String::from(":infinity")
                    } else {
                        main_ms(self.ms(1, 5))
                    };
                    t.line(format!(
                        "Ask.show(\"work\", fn -> GenServer.call(Counter, {{:work, {}}}, {timeout}) end)",
                        other_ms(work)
                    ));
                }
                5 => {
                    t.line("Ask.show(\"crash\", fn -> GenServer.call(Counter, :crash) end)");
                    t.line(format!("Process.sleep({})", main_ms(self.grid)));
                }
                6 => {
                    t.line("Ask.show(\"stop call\", fn -> GenServer.call(Counter, :stop) end)");
                    t.line(format!("Process.sleep({})", main_ms(self.grid)));
                }
                7 if supervised => {
                    if self.chance(50) {
                        t.line("Ask.show(\"count\", fn -> Supervisor.count_children(App) end)");
                    } else {
                        t.line("Ask.show(\"children\", fn -> Supervisor.which_children(App) |> Enum.map(fn {id, p, _, _} -> {id, is_pid(p) || p} end) end)");
                    }
                }
                _ => t.line(format!("Process.sleep({})", main_ms(self.ms(1, 3)))),
            }
        }
        t.line(format!("Process.sleep({})", main_ms(self.ms(1, 4))));
    }
}
