# expect:
#   0ms main log a	b

IO.puts("a\tb")
