//! The `idnumber` fuzz target: the check lives in `tryggplan_core::fuzzing::idnumber`, which the core's
//! tests also run over every committed seed (`fuzz/seeds/idnumber/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tryggplan_core::fuzzing::idnumber(data));
