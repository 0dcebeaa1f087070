#![no_main]
//! A catalogue or bug-zoo program under the fuzzer's decisions: see `otpsim_fuzz::schedule`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    otpsim_fuzz::schedule::schedule(data);
});
