//! The Tera function `world_map(...)`: draws the map from the overview's rows in
//! a template. This is the only place that knows the rows' field names (`iso3`,
//! `status`, `latest_vote.vote`, `link.href`, `link.text.text`); the words come
//! from the template, already translated.
//!
//! ```text
//! {{ world_map(rows=overview.rows, view="status", root=root, id="map-status",
//!     name=..., statuses=[...3], votes=[...5], other=..., territory=...) }}
//! ```

use tera::{Kwargs, State, TeraResult, Value};

use super::Vote;
use super::map::{MapLabels, MapState, Status, View, map};

fn error(message: String) -> tera::Error {
    tera::Error::message(format!("world_map(): {message}"))
}

fn field<'v>(row: &'v Value, path: &'v str) -> TeraResult<&'v str> {
    row.get_from_path(path)
        .and_then(Value::as_str)
        .ok_or_else(|| error(format!("a row has no `{path}`")))
}

fn status(word: &str) -> TeraResult<Status> {
    match word {
        "not_signed" => Ok(Status::NotSigned),
        "signed" => Ok(Status::Signed),
        "withdrawn" => Ok(Status::FormerParty),
        other => Err(error(format!("unknown status `{other}`"))),
    }
}

fn vote(row: &Value) -> TeraResult<Option<Vote>> {
    match row
        .get_from_path("latest_vote.vote")
        .and_then(Value::as_str)
    {
        None => Ok(None),
        Some("in_favour") => Ok(Some(Vote::InFavour)),
        Some("abstaining") => Ok(Some(Vote::Abstaining)),
        Some("against") => Ok(Some(Vote::Against)),
        Some("absent") => Ok(Some(Vote::Absent)),
        Some(other) => Err(error(format!("unknown vote `{other}`"))),
    }
}

fn words<const N: usize>(kwargs: &Kwargs, key: &str) -> TeraResult<[String; N]> {
    let list: Vec<String> = kwargs.must_get(key)?;
    list.try_into()
        .map_err(|l: Vec<String>| error(format!("`{key}` needs {N} words, not {}", l.len())))
}

/// The Tera function: the map and its legend as safe HTML (text is escaped by the module).
pub fn world_map(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let rows: Vec<Value> = kwargs.must_get("rows")?;
    let root: &str = kwargs.get("root")?.unwrap_or("");
    let view = match kwargs.must_get::<&str>("view")? {
        "status" => View::Status,
        "vote" => View::Vote,
        other => return Err(error(format!("unknown view `{other}`"))),
    };
    let statuses: [String; 3] = words(&kwargs, "statuses")?;
    let votes: [String; 5] = words(&kwargs, "votes")?;
    let mut hrefs = Vec::with_capacity(rows.len());
    for row in &rows {
        hrefs.push(format!("{root}{}", field(row, "link.href")?));
    }
    let mut states = Vec::with_capacity(rows.len());
    for (row, href) in rows.iter().zip(&hrefs) {
        states.push(MapState {
            iso3: field(row, "iso3")?,
            status: status(field(row, "status")?)?,
            vote: vote(row)?,
            href,
            title: field(row, "link.text.text")?,
        });
    }
    let labels = MapLabels {
        id: kwargs.must_get("id")?,
        name: kwargs.must_get("name")?,
        statuses: statuses.each_ref().map(String::as_str),
        votes: votes.each_ref().map(String::as_str),
        other: kwargs.must_get("other")?,
        territory: kwargs.must_get("territory")?,
    };
    let drawn = map(&states, view, &labels);
    Ok(Value::safe_string(&format!(
        "{}{}",
        drawn.svg, drawn.legend
    )))
}

#[cfg(test)]
mod tests {
    use tera::{Context, Tera};

    fn render(rows: &str, view: &str) -> Result<String, String> {
        let mut tera = Tera::new();
        tera.register_function("world_map", super::world_map);
        let call = format!(
            r#"{{{{ world_map(rows=rows, view="{view}", root="../", id="m", name="Map", statuses=["a", "b", "c"], votes=["v", "w", "x", "y", "z"], other="o", territory="t") }}}}"#
        );
        tera.add_raw_template("t.html", &call)
            .map_err(|e| e.to_string())?;
        let rows: serde_json::Value = serde_json::from_str(rows).map_err(|e| e.to_string())?;
        let mut ctx = Context::new();
        ctx.insert("rows", &rows);
        tera.render("t.html", &ctx).map_err(|e| format!("{e:?}"))
    }

    const ROWS: &str = r#"[
        {"iso3": "BHR", "status": "not_signed", "latest_vote": {"year": 2024, "vote": "against"},
         "link": {"href": "states/bahrain.html", "text": {"text": "Bahrain & co", "fallback": null}}},
        {"iso3": "USA", "status": "signed", "latest_vote": null,
         "link": {"href": "states/usa.html", "text": {"text": "United States", "fallback": null}}}
    ]"#;

    #[test]
    fn draws_the_rows_unescaped_with_links_under_root() {
        let html = render(ROWS, "vote").expect("renders");
        assert!(html.starts_with("<svg"), "{}", &html[..40]);
        assert!(
            html.contains(r#"<a href="../states/bahrain.html"><title>Bahrain &amp; co</title>"#)
        );
        assert!(html.contains(r#"fill="url(#m-against)""#));
        assert!(html.contains(r#"fill="url(#m-no-information)""#));
        assert!(html.ends_with("</li></ul>"), "the legend follows the map");
    }

    #[test]
    fn a_bad_row_or_view_is_an_error_not_a_panic() {
        let bad_status = ROWS.replace("\"signed\"", "\"maybe\"");
        assert!(
            render(&bad_status, "status")
                .unwrap_err()
                .contains("unknown status `maybe`")
        );
        assert!(render(ROWS, "colour").unwrap_err().contains("unknown view"));
        assert!(
            render(r#"[{"iso3": "BHR"}]"#, "status")
                .unwrap_err()
                .contains("no `link.href`")
        );
    }
}
