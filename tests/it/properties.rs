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
            for name in attribute_names(tag) {
                prop_assert!(!name.starts_with("on"), "event handler in {}", html);
            }
        }
    }
}

/// The attribute names of a tag's inside (`a href="x" class=y` -> href, class).
fn attribute_names(tag: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = tag.chars().skip_while(|c| !c.is_whitespace()).peekable();
    let mut name = String::new();
    while let Some(c) = chars.next() {
        match c {
            '=' => {
                names.push(std::mem::take(&mut name));
                let quote = chars.next_if(|q| *q == '"' || *q == '\'');
                match quote {
                    Some(q) => while chars.next().is_some_and(|c| c != q) {},
                    None => while chars.next_if(|c| !c.is_whitespace()).is_some() {},
                }
            }
            c if c.is_whitespace() || c == '/' => {
                if !name.is_empty() {
                    names.push(std::mem::take(&mut name));
                }
            }
            c => name.push(c),
        }
    }
    if !name.is_empty() {
        names.push(name);
    }
    names
}

/// Inputs that once crashed a fuzz target (fuzz/), kept so they never crash again.
#[test]
fn fuzz_regressions_do_not_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz-regressions");
    let mut count = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        fuzzing::validate_record(&text);
        fuzzing::render_markdown(&text);
        count += 1;
    }
    assert!(count > 0, "the regression inputs are there");
}
