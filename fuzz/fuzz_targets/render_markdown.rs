//! Fuzzes Markdown rendering: any text renders to sanitised HTML without a panic,
//! and nothing it renders contains a script.
#![no_main]

use libfuzzer_sys::fuzz_target;
use snp_overview::fuzzing::render_markdown;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let html = render_markdown(text);
        assert!(!html.to_ascii_lowercase().contains("<script"), "script in output");
    }
});
