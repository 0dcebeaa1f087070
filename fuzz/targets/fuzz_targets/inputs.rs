#![no_main]
//! Everything a user hands otpsim as text: see `otpsim_fuzz::inputs`.

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    otpsim_fuzz::inputs::inputs(data);
});
