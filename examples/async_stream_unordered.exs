# name: AsyncStreamUnordered
# description: Task.async_stream with ordered: false hands each result to the consumer as soon as its task is done, fastest first
#
# Three shops are asked for a price at once (max_concurrency: 3); they answer after 300,
# 100 and 200 ms. With ordered: false, Enum.each sees each answer the moment it arrives;
# the default (ordered: true) would hold south and east back until north answered.

quote_price = fn {shop, ms} ->
  Process.sleep(ms)
  {shop, div(ms, 10) + 5}
end

[{"north", 300}, {"south", 100}, {"east", 200}]
|> Task.async_stream(quote_price, max_concurrency: 3, ordered: false)
|> Enum.each(fn {:ok, {shop, price}} -> IO.puts("#{shop} quotes #{price}") end)

# expect:
#   100ms main log south quotes 15
#   100ms main.async_stream.task#2 exit :normal
#   200ms main log east quotes 25
#   200ms main.async_stream.task#3 exit :normal
#   300ms main log north quotes 35
#   300ms main exit :normal
#   300ms main.async_stream exit :normal
#   300ms main.async_stream.task exit :normal
