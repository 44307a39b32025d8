//! `new`: starts a State record from the commented templates in templates/new/.

use std::fs;
use std::path::Path;

use crate::cli::NewArgs;
use crate::diagnostic::did_you_mean;
use crate::load::{is_slug, slugify};
use crate::yaml::{self, Node};

/// Writes states/<slug>.yaml and states/<slug>.md; refuses to overwrite anything.
pub fn new_command(args: &NewArgs) -> bool {
    match create(args) {
        Ok((record, narrative)) => {
            eprintln!("wrote {}\nwrote {}", record, narrative);
            eprintln!(
                "Fill them in (every field is explained in the record), then run `snp-overview check`."
            );
            true
        }
        Err(message) => {
            eprintln!("error: {message}");
            false
        }
    }
}

fn create(args: &NewArgs) -> Result<(String, String), String> {
    let name = args.name.trim();
    if name.is_empty() {
        return Err("the name is empty".into());
    }
    let iso3 = args.iso3.trim();
    if !(iso3.len() == 3 && iso3.bytes().all(|b| b.is_ascii_uppercase())) {
        return Err(format!(
            "invalid ISO code `{iso3}`: expected three capital letters, such as XEL"
        ));
    }
    let slug = match &args.slug {
        Some(slug) if is_slug(slug) => slug.clone(),
        Some(slug) => {
            return Err(format!(
                "invalid slug `{slug}`: use lowercase ASCII letters, digits and `-`"
            ));
        }
        None => slugify(name),
    };
    if slug.is_empty() {
        return Err(format!(
            "cannot make a file name from `{name}`; give one with --slug"
        ));
    }
    let states = args.content.join("states");
    let record = states.join(format!("{slug}.yaml"));
    let narrative = states.join(format!("{slug}.md"));
    for path in [&record, &narrative] {
        if path.exists() {
            return Err(format!(
                "{} already exists; `new` never overwrites a record",
                path.display()
            ));
        }
    }
    check_region(&args.content, &args.region)?;
    check_iso3_unused(&states, iso3)?;
    let mut context = tera::Context::new();
    context.insert("name", name);
    context.insert(
        "name_yaml",
        &serde_json::to_string(name).unwrap_or_default(),
    );
    context.insert("iso3", iso3);
    context.insert("region", &args.region);
    context.insert("slug", &slug);
    let yaml = render(&args.templates, "new/state.yaml", &context)?;
    let md = render(&args.templates, "new/state.md", &context)?;
    fs::create_dir_all(&states).map_err(|e| format!("cannot create {}: {e}", states.display()))?;
    write_new(&record, &yaml)?;
    write_new(&narrative, &md)?;
    Ok((
        record.display().to_string(),
        narrative.display().to_string(),
    ))
}

fn render(templates: &Path, name: &str, context: &tera::Context) -> Result<String, String> {
    let path = templates.join(name);
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, &text)
        .and_then(|()| tera.render(name, context))
        .map_err(|e| format!("template {}: {e}", path.display()))
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    file.write_all(text.as_bytes())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// The region must be one of report.yaml's.
fn check_region(content: &Path, region: &str) -> Result<(), String> {
    let path = content.join("report.yaml");
    let text =
        fs::read_to_string(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let node = yaml::parse(&crate::load::normalise(&text)).map_err(|e| {
        format!(
            "{} does not parse: {}; fix it first",
            path.display(),
            e.message
        )
    })?;
    let regions: Vec<String> = field(&node, "regions")
        .map(|r| match r {
            Node::Map(entries) => entries.iter().filter_map(|(k, _)| k.key_text()).collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    if regions.iter().any(|r| r == region) {
        return Ok(());
    }
    let help = did_you_mean(region, regions.iter().map(String::as_str))
        .map(|h| format!("; {h}"))
        .unwrap_or_default();
    Err(format!(
        "region `{region}` is not declared in report.yaml (regions: {}){help}",
        regions.join(", ")
    ))
}

/// No other record may have the same code.
fn check_iso3_unused(states: &Path, iso3: &str) -> Result<(), String> {
    let Ok(entries) = fs::read_dir(states) else {
        return Ok(());
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let Ok(text) = fs::read_to_string(&path) else {
            continue;
        };
        let Ok(node) = yaml::parse(&crate::load::normalise(&text)) else {
            continue;
        };
        if field(&node, "iso3").is_some_and(|n| n.key_text().as_deref() == Some(iso3)) {
            return Err(format!("{} already has iso3 {iso3}", path.display()));
        }
    }
    Ok(())
}

fn field<'n>(node: &'n Node, name: &str) -> Option<&'n Node> {
    match node {
        Node::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.key_text().as_deref() == Some(name))
            .map(|(_, v)| v),
        _ => None,
    }
}
