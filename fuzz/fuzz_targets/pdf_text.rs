//! The `pdf_text` fuzz target: the check lives in `tryggplan_core::fuzzing::pdf_text`, which the core's
//! tests also run over every committed seed (`fuzz/seeds/pdf_text/`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| tryggplan_core::fuzzing::pdf_text(data));
