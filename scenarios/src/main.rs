//! `otpsim`: see `otpsim --help`, and the `scenarios` crate docs.

fn main() {
    std::process::exit(scenarios::cli::main_with(std::env::args_os()));
}
