#![no_main]
//! A generated program under the fuzzer's decisions: see `otpsim_fuzz::program`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    otpsim_fuzz::program::run(data);
});
