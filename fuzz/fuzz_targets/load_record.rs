//! Fuzzes record loading: any bytes as a State record (and as its narrative)
//! must give a record or diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snp_overview::fuzzing::validate_record;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        validate_record(text);
    }
});
