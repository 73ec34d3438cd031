//! The `backup_reader` fuzz target: the check lives in `tryggplan_core::fuzzing::backup_reader`, which the core's
//! tests also run over every committed seed (`fuzz/seeds/backup_reader/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tryggplan_core::fuzzing::backup_reader(data));
