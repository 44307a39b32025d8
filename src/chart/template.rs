//! The Tera functions that draw the charts in the templates: `world_map(...)`
//! from the overview's rows, `vote_strip(...)` from a State's votes and
//! `bar_chart(...)` from rows of label and value. This is the only place that
//! knows the field names they read (`iso3`, `status`, `latest_vote.vote`,
//! `link.href`, `link.text.text`; `year`, `vote`; `label`, `value`,
//! `value_text`, `href`, `highlight`); the words come from the template,
//! already translated.
//!
//! ```text
//! {{ world_map(rows=overview.rows, view="status", root=root, id="map-status",
//!     name=..., statuses=[...3], votes=[...5], other=..., territory=...) }}
//! {{ vote_strip(votes=state.votes, id="vs", name=..., letters=[...5], words=[...5], cells=?) }}
//! {{ vote_cells(id=..., letters=[...5]) }}
//! {{ bar_chart(rows=[{label, value, value_text, href, highlight}...], root=root, id=..., name=...) }}
//! ```

use tera::{Kwargs, State, TeraResult, Value};

use super::Vote;
use super::bars::{Bar, bars};
use super::map::{MapLabels, MapState, Status, View, map};
use super::strip::{StripLabels, shared_cells, vote_strip as strip};

fn error(message: String) -> tera::Error {
    tera::Error::message(format!("world_map(): {message}"))
}

fn strip_error(message: String) -> tera::Error {
    tera::Error::message(format!("vote_strip(): {message}"))
}

fn bars_error(message: String) -> tera::Error {
    tera::Error::message(format!("bar_chart(): {message}"))
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
    vote_at(row, "latest_vote.vote")
}

/// The vote word at `path` of a row; none (or null) is no information.
fn vote_at(row: &Value, path: &str) -> TeraResult<Option<Vote>> {
    match row.get_from_path(path).and_then(Value::as_str) {
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

/// The Tera function `vote_strip`: a State's votes (`votes`: its rows, each with
/// `year` and `vote`, a vote word or none) as a strip from 1996 to the latest
/// year of the rows (a State page lists a row for every resolution of the
/// edition, so that is the latest resolution), followed by its legend.
pub fn vote_strip(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let rows: Vec<Value> = kwargs.must_get("votes")?;
    let mut votes = Vec::with_capacity(rows.len());
    let mut last_year = None;
    for row in &rows {
        let year = row
            .get_from_path("year")
            .and_then(Value::as_i64)
            .and_then(|y| i16::try_from(y).ok())
            .ok_or_else(|| strip_error("a row has no `year`".into()))?;
        last_year = last_year.max(Some(year));
        if let Some(vote) = vote_at(row, "vote").map_err(|e| strip_error(e.to_string()))? {
            votes.push((year, vote));
        }
    }
    let Some(last_year) = last_year else {
        return Ok(Value::safe_string(""));
    };
    let letters: [String; 5] = words(&kwargs, "letters")?;
    let names: [String; 5] = words(&kwargs, "words")?;
    let labels = StripLabels {
        id: kwargs.must_get("id")?,
        name: kwargs.must_get("name")?,
        letters: letters.each_ref().map(String::as_str),
        words: names.each_ref().map(String::as_str),
        // The templates pass "" for none.
        cells: kwargs.get::<&str>("cells")?.filter(|c| !c.is_empty()),
    };
    Ok(Value::safe_string(&strip(&votes, last_year, &labels)))
}

/// The Tera function `vote_cells(id=..., letters=[5 letters])`: the five cells of
/// the vote strips drawn once for a page that holds many strips (the standalone
/// file), each strip then called with `cells=` the same `id`.
pub fn vote_cells(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let letters: [String; 5] = words(&kwargs, "letters")?;
    let id: &str = kwargs.must_get("id")?;
    Ok(Value::safe_string(&shared_cells(
        id,
        &letters.each_ref().map(String::as_str),
    )))
}

/// The Tera function `bar_chart`: rows of `label`, `value` (a whole number),
/// `value_text` (as the page writes it; else the number), optional `href`
/// (under `root`) and `highlight`, as horizontal bars. `label_key`,
/// `value_key` and `text_key` read the first three at other paths of the rows
/// (e.g. `label_key="as_of.text"` for the list of editions).
pub fn bar_chart(kwargs: Kwargs, _: &State) -> TeraResult<Value> {
    let rows: Vec<Value> = kwargs.must_get("rows")?;
    let root: &str = kwargs.get("root")?.unwrap_or("");
    let label_key: &str = kwargs.get("label_key")?.unwrap_or("label");
    let value_key: &str = kwargs.get("value_key")?.unwrap_or("value");
    let text_key: &str = kwargs.get("text_key")?.unwrap_or("value_text");
    let mut owned = Vec::with_capacity(rows.len());
    for row in &rows {
        let label = row
            .get_from_path(label_key)
            .and_then(Value::as_str)
            .ok_or_else(|| bars_error(format!("a row has no `{label_key}`")))?;
        let value = row
            .get_from_path(value_key)
            .and_then(Value::as_u64)
            .and_then(|v| u32::try_from(v).ok())
            .ok_or_else(|| bars_error(format!("the row `{label}` has no whole `{value_key}`")))?;
        let value_text = row
            .get_from_path(text_key)
            .and_then(Value::as_str)
            .map_or_else(|| value.to_string(), str::to_string);
        let href = row
            .get_from_path("href")
            .and_then(Value::as_str)
            .map(|h| format!("{root}{h}"));
        let highlight = row
            .get_from_path("highlight")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        owned.push((label, value, value_text, href, highlight));
    }
    let rows: Vec<Bar<'_>> = owned
        .iter()
        .map(|(label, value, value_text, href, highlight)| Bar {
            label,
            value: *value,
            value_text,
            href: href.as_deref(),
            highlight: *highlight,
        })
        .collect();
    let name: &str = kwargs.must_get("name")?;
    let id: &str = kwargs.must_get("id")?;
    Ok(Value::safe_string(&bars(&rows, name, id)))
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

    fn render_call(call: &str, data: &str) -> Result<String, String> {
        let mut tera = Tera::new();
        tera.register_function("vote_strip", super::vote_strip);
        tera.register_function("bar_chart", super::bar_chart);
        tera.register_function("vote_cells", super::vote_cells);
        tera.add_raw_template("t.html", call)
            .map_err(|e| e.to_string())?;
        let data: serde_json::Value = serde_json::from_str(data).map_err(|e| e.to_string())?;
        let mut ctx = Context::new();
        ctx.insert("data", &data);
        tera.render("t.html", &ctx).map_err(|e| format!("{e:?}"))
    }

    const STRIP: &str = r#"{{ vote_strip(votes=data, id="s", name="Votes", letters=["Y", "A", "N", "-", "?"], words=["yes", "abst", "no", "absent", "none"]) }}"#;

    #[test]
    fn the_strip_runs_from_1996_to_the_latest_row_and_keeps_gaps_as_no_information() {
        let html = render_call(
            STRIP,
            r#"[{"year": 2000, "vote": "against"}, {"year": 1999, "vote": null}, {"year": 1998, "vote": "in_favour"}]"#,
        )
        .expect("renders");
        assert_eq!(
            html.matches(r##"<use href="#s-c"##).count(),
            5 + 5,
            "1996 to 2000, and the legend"
        );
        assert_eq!(
            html.matches(r##"<use href="#s-c4" x="##).count(),
            3,
            "no information"
        );
        assert_eq!(
            html.matches(r##"<use href="#s-c2" x="##).count(),
            1,
            "against"
        );
        assert!(html.contains(">2000</text>") && html.ends_with("</li></ul>"));
    }

    #[test]
    fn strips_can_share_the_cells_drawn_once_for_the_page() {
        let call = r#"{{ vote_cells(id="all", letters=["Y", "A", "N", "-", "?"]) }}{{ vote_strip(votes=data, id="s", cells="all", name="Votes", letters=["Y", "A", "N", "-", "?"], words=["yes", "abst", "no", "absent", "none"]) }}"#;
        let html = render_call(call, r#"[{"year": 1996, "vote": "in_favour"}]"#).expect("renders");
        assert_eq!(html.matches("<g id=").count(), 5, "the cells once");
        assert!(html.contains(r##"<use href="#all-c0" x="0"/>"##));
        assert!(!html.contains("#s-c"));
    }

    #[test]
    fn no_votes_draws_no_strip_and_a_bad_vote_is_an_error() {
        assert_eq!(render_call(STRIP, "[]").expect("renders"), "");
        let err = render_call(STRIP, r#"[{"year": 2000, "vote": "maybe"}]"#).unwrap_err();
        assert!(
            err.contains("vote_strip()") && err.contains("unknown vote `maybe`"),
            "{err}"
        );
        let err = render_call(STRIP, r#"[{"vote": "against"}]"#).unwrap_err();
        assert!(err.contains("no `year`"), "{err}");
    }

    #[test]
    fn bar_chart_links_under_root_and_highlights() {
        let call = r#"{{ bar_chart(rows=data, root="../", id="b", name="By region") }}"#;
        let html = render_call(
            call,
            r#"[{"label": "Africa", "value": 4, "href": "regions/africa.html"},
                {"label": "Europe", "value": 1234, "value_text": "1,234", "href": "regions/europe.html", "highlight": true}]"#,
        )
        .expect("renders");
        assert!(html.contains(r#"<a href="../regions/africa.html""#));
        assert!(
            !html.contains("europe.html"),
            "the page's own row is no link"
        );
        assert!(html.contains(">4</text>") && html.contains(">1,234</text>"));
        let keyed = r#"{{ bar_chart(rows=data, label_key="as_of.text", value_key="n", id="e", name="Editions") }}"#;
        let html = render_call(
            keyed,
            r#"[{"as_of": {"text": "20 February 2026"}, "n": 36}]"#,
        )
        .expect("renders");
        assert!(html.contains(">20 February 2026</text>") && html.contains(">36</text>"));
        let err = render_call(call, r#"[{"label": "Africa", "value": -1}]"#).unwrap_err();
        assert!(
            err.contains("bar_chart()") && err.contains("whole `value`"),
            "{err}"
        );
    }
}
