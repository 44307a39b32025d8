//! Property tests: any text either loads or gives an error with a place; nothing panics.

use proptest::prelude::*;
use snp_overview::{fuzzing, yaml};

/// Text that looks like YAML: keys, indentation, flow collections, anchors, quotes.
fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("key: ".to_string()),
        Just("- ".to_string()),
        Just("\n".to_string()),
        Just("  ".to_string()),
        Just("{".to_string()),
        Just("}".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just(", ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("---\n".to_string()),
        Just("? ".to_string()),
        Just("!tag ".to_string()),
        Just("|\n".to_string()),
        Just("2019: in_favour".to_string()),
        Just("source: monitor-2019".to_string()),
        "[a-z0-9_ :#-]{0,8}",
    ];
    prop::collection::vec(token, 0..40).prop_map(|t| t.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn any_yaml_loads_or_fails_with_a_place(text in yamlish()) {
        if let Err(err) = yaml::parse(&text) {
            prop_assert!(err.place.is_some(), "no place for {:?}: {}", text, err.message);
        }
    }

    #[test]
    fn any_string_loads_or_fails_with_a_place(text in any::<String>()) {
        if let Err(err) = yaml::parse(&text) {
            prop_assert!(err.place.is_some(), "no place for {:?}: {}", text, err.message);
        }
    }

    #[test]
    fn any_record_validates_without_panicking(text in yamlish()) {
        let diags = fuzzing::validate_record(&text);
        for d in diags.iter().filter(|d| d.file == "states/x.yaml" && d.message.starts_with("invalid YAML")) {
            prop_assert!(d.line.is_some(), "YAML error without a line: {}", d);
        }
    }

    #[test]
    fn any_markdown_renders_safely(text in "(\\PC|\\n|<script>|\\[\\^[a-z]{1,5}\\]|<b onclick=x>|#){0,60}") {
        let html = fuzzing::render_markdown(&text).to_lowercase();
        for tag in html.split('<').skip(1).map(|t| t.split('>').next().unwrap_or_default()) {
            prop_assert!(!tag.starts_with("script"), "script tag in {}", html);
            prop_assert!(!tag.contains("onclick"), "event handler in {}", html);
        }
    }
}
