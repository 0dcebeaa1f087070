# name: TaskSupervisorStreamNolink
# description: Task.Supervisor.async_stream_nolink runs each job as a child of a Task.Supervisor, not linked to the caller: a crash is just an {:exit, reason} element, without trapping exits
#
# The jobs are Mailer.deliver(address, subject) (the MFA form: the element comes first).
# One address makes its job raise at 100 ms; the caller does not trap exits and carries
# on.

defmodule Mailer do
  def deliver("bounce@example.com", _subject) do
    Process.sleep(100)
    raise "mailbox full"
  end

  def deliver(address, subject) do
    Process.sleep(100)
    "#{subject} sent to #{address}"
  end
end

{:ok, sup} = Task.Supervisor.start_link()

addresses = ["ann@example.com", "bounce@example.com", "bob@example.com"]

sup
|> Task.Supervisor.async_stream_nolink(addresses, Mailer, :deliver, ["Newsletter"], max_concurrency: 2)
|> Enum.each(fn
  {:ok, text} -> IO.puts(text)
  {:exit, {%RuntimeError{message: message}, _}} -> IO.puts("a delivery failed: #{message}")
end)

IO.puts("children left: #{length(Task.Supervisor.children(sup))}")

# expect:
#   0ms main.sup started #PID<main.sup.async_stream_nolink>
#   0ms main.sup started #PID<main.sup.async_stream_nolink#2>
#   100ms main log Newsletter sent to ann@example.com
#   100ms main log a delivery failed: mailbox full
#   100ms main.sup started #PID<main.sup.async_stream_nolink#3>
#   100ms main.sup.async_stream_nolink exit :normal
#   100ms main.sup.async_stream_nolink#2 exit {%RuntimeError{message: "mailbox full"}, []}
#   200ms main log Newsletter sent to bob@example.com
#   200ms main log children left: 0
#   200ms main exit :normal
#   200ms main.async_stream_nolink exit :normal
#   200ms main.sup exit :normal
#   200ms main.sup.async_stream_nolink#3 exit :normal
