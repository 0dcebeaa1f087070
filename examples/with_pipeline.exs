# name: WithSignup
# description: `with` chains steps that return {:ok, _} or {:error, _}: the first error short-circuits to the else clause
#
# A signup checks its input, reserves the user name with a registry process, and then
# sends a welcome message; each step can fail in its own way.

defmodule Names do
  def start, do: spawn(fn -> loop(["root"]) end)

  def reserve(pid, name) do
    send(pid, {:reserve, name, self()})

    receive do
      {:names, reply} -> reply
    end
  end

  defp loop(taken) do
    receive do
      {:reserve, name, from} ->
        if name in taken do
          send(from, {:names, {:error, :taken}})
          loop(taken)
        else
          send(from, {:names, :ok})
          loop([name | taken])
        end
    end
  end
end

defmodule Signup do
  def run(names, params) do
    with {:ok, name} <- Map.fetch(params, :name),
         {:ok, age} when age >= 18 <- {:ok, Map.get(params, :age, 0)},
         :ok <- Names.reserve(names, name) do
      {:ok, "welcome, #{name} (#{age})"}
    else
      :error -> {:error, :name_missing}
      {:ok, _young} -> {:error, :too_young}
      {:error, :taken} -> {:error, :name_taken}
    end
  end
end

names = Names.start()

for params <- [%{name: "ada", age: 36}, %{age: 40}, %{name: "bo", age: 12}, %{name: "root", age: 50}] do
  IO.inspect(Signup.run(names, params))
end

# expect:
#   0ms main log {:ok, "welcome, ada (36)"}
#   0ms main log {:error, :name_missing}
#   0ms main log {:error, :too_young}
#   0ms main log {:error, :name_taken}
#   0ms main exit :normal
#   0ms main.names cut off (the script ended)
