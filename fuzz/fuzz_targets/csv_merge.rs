//! The `csv_merge` fuzz target: the check lives in `tryggplan_core::fuzzing::csv_merge`, which the core's
//! tests also run over every committed seed (`fuzz/seeds/csv_merge/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tryggplan_core::fuzzing::csv_merge(data));
