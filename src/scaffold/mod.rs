//! Starting points for authors: `new` starts a State record from the commented
//! templates in templates/new/; `new-edition` ([`edition`]) starts the next edition.

pub(crate) mod edition;

use std::fs;
use std::path::{Path, PathBuf};

use crate::cli::NewArgs;
use crate::load::{is_slug, slugify};
use crate::validate::records::{InvalidIso3, declared_region, iso3_shape};

/// Why `new` could not start a record.
#[derive(Debug, thiserror::Error)]
enum NewError {
    #[error("the name is empty")]
    EmptyName,
    #[error(transparent)]
    Iso3(#[from] InvalidIso3),
    #[error("invalid slug `{0}`: use lowercase ASCII letters, digits and `-`")]
    Slug(String),
    #[error("cannot make a file name from `{0}`; give one with --slug")]
    NoSlug(String),
    #[error("{0} already exists; `new` never overwrites a record")]
    Exists(PathBuf),
    #[error("the content has {0} error(s) (above); fix them first, then run `new` again")]
    Content(usize),
    #[error("{message}{}", .help.as_ref().map(|h| format!("\n  help: {h}")).unwrap_or_default())]
    Region {
        message: String,
        help: Option<String>,
    },
    #[error("{file} already has iso3 {iso3}")]
    Iso3Taken { file: String, iso3: String },
    #[error("cannot {what} {}: {source}", .path.display())]
    Io {
        what: &'static str,
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("template {}: {message}", .path.display())]
    Template { path: PathBuf, message: String },
}

/// The validated content, or (its errors printed) how many errors it has.
fn validated(content: &Path) -> Result<crate::model::Archive, usize> {
    crate::load_archive(content)
        .map(|(archive, _)| archive)
        .map_err(|diags| {
            for d in &diags {
                eprintln!("{d}");
            }
            diags
                .iter()
                .filter(|d| d.severity == crate::diagnostic::Severity::Error)
                .count()
        })
}

/// Writes states/<slug>.yaml and states/<slug>.md; refuses to overwrite anything.
pub(crate) fn new_command(args: &NewArgs) -> bool {
    match create(args) {
        Ok((record, narrative)) => {
            eprintln!("wrote {}\nwrote {}", record.display(), narrative.display());
            eprintln!(
                "Fill them in (every field is explained in the record), then run `snp-overview check`."
            );
            true
        }
        Err(err) => {
            eprintln!("error: {err}");
            false
        }
    }
}

fn create(args: &NewArgs) -> Result<(PathBuf, PathBuf), NewError> {
    let name = args.name.trim();
    if name.is_empty() {
        return Err(NewError::EmptyName);
    }
    let iso3 = args.iso3.trim();
    iso3_shape(iso3)?;
    let slug = match &args.slug {
        Some(slug) if is_slug(slug) => slug.clone(),
        Some(slug) => return Err(NewError::Slug(slug.clone())),
        None => slugify(name),
    };
    if slug.is_empty() {
        return Err(NewError::NoSlug(name.to_string()));
    }
    let files = |folder: &Path| {
        let states = folder.join("states");
        (
            states.join(format!("{slug}.yaml")),
            states.join(format!("{slug}.md")),
        )
    };
    let refuse_existing = |(record, narrative): &(PathBuf, PathBuf)| {
        for path in [record, narrative] {
            if path.exists() {
                return Err(NewError::Exists(path.clone()));
            }
        }
        Ok(())
    };
    // One edition: nothing is overwritten, whatever the state of the content.
    if !args.content.join(crate::load::EDITIONS).is_dir() {
        refuse_existing(&files(&args.content))?;
    }
    // The region and the code are checked as `check` would: on the validated content.
    let mut archive = validated(&args.content).map_err(NewError::Content)?;
    let content = archive
        .editions
        .pop()
        .expect("an archive holds at least one edition");
    // With several editions, the record goes into the current one.
    let folder = edition::folder(&args.content, &content);
    let (record, narrative) = files(&folder);
    refuse_existing(&(record.clone(), narrative.clone()))?;
    let states = folder.join("states");
    declared_region(&content.edition, &args.region).map_err(|undeclared| NewError::Region {
        message: undeclared.to_string(),
        help: undeclared.help,
    })?;
    if let Some(other) = content.states.iter().find(|s| s.iso3 == iso3) {
        return Err(NewError::Iso3Taken {
            file: format!("states/{}.yaml", other.slug),
            iso3: iso3.to_string(),
        });
    }
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
    fs::create_dir_all(&states).map_err(|source| NewError::Io {
        what: "create",
        path: states.clone(),
        source,
    })?;
    write_new(&record, &yaml)?;
    write_new(&narrative, &md)?;
    Ok((record, narrative))
}

fn render(templates: &Path, name: &str, context: &tera::Context) -> Result<String, NewError> {
    let path = templates.join(name);
    let text = fs::read_to_string(&path).map_err(|source| NewError::Io {
        what: "read",
        path: path.clone(),
        source,
    })?;
    let mut tera = tera::Tera::new();
    tera.autoescape_on(Vec::<&str>::new());
    tera.add_raw_template(name, &text)
        .and_then(|()| tera.render(name, context))
        .map_err(|e| NewError::Template {
            path,
            message: e.to_string(),
        })
}

/// Creates a file that must not exist yet.
fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    use std::io::Write;
    let io = |source| NewError::Io {
        what: "write",
        path: path.to_path_buf(),
        source,
    };
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(io)?;
    file.write_all(text.as_bytes()).map_err(io)
}
