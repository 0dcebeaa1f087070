# expect:
#   0ms main log hello
#   soon main log late

IO.puts("hello")
