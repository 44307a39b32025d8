//! Decoding report.yaml, sources.yaml and states/<slug>.yaml into the model.

use std::collections::BTreeMap;

use super::decode::{
    Decoder, Fields, boolean, cited_inline, count, count32, date, facts, inline, join, key,
    lang_list, list, partial_date, source_key, sourced, string, text, word, year,
};
use crate::diagnostic::did_you_mean;
use crate::load::is_slug;
use crate::model::{
    Activity, Change, Convention, Edition, Facts, Lang, Measure, Meeting, Membership,
    NotifiedWithdrawal, Outreach, PartialDate, Production, Region, Resolution, Source, SourceScope,
    Sourced, State, Status, Stockpile, Vocabulary, Vote,
};
use crate::yaml::{Node, Step, Target};

/// report.yaml.
pub(crate) fn edition(cx: &mut Decoder, node: &Node) -> Option<Edition> {
    let mut f = Fields::new(cx, node, &[], "the edition (report.yaml)")?;
    let languages = f.req(cx, "languages", languages);
    cx.langs = languages.clone().unwrap_or_default();
    let as_of = f.req(cx, "as_of", date);
    cx.as_of = as_of;
    let title = f.req(cx, "title", text);
    let convention = f.req(cx, "convention", convention);
    let meeting = f.opt(cx, "meeting", text);
    let publisher = f.opt(cx, "publisher", text);
    let contact = f.opt(cx, "contact", string);
    let license = f.opt(cx, "license", string);
    let base_url = f.opt(cx, "base_url", base_url);
    let stale_after_years = f.opt(cx, "stale_after_years", count32);
    let regions = f.req(cx, "regions", regions);
    let resolutions = f.opt(cx, "resolutions", resolutions).unwrap_or_default();
    let activities = f
        .opt(cx, "activities", |cx, n, p| list(cx, n, p, activity))
        .unwrap_or_default();
    let changes = f
        .opt(cx, "changes", |cx, n, p| list(cx, n, p, change))
        .unwrap_or_default();
    let notified_withdrawals = f
        .opt(cx, "notified_withdrawals", |cx, n, p| {
            list(cx, n, p, notified_withdrawal)
        })
        .unwrap_or_default();
    f.finish(cx);
    Some(Edition {
        title: title?,
        convention: convention?,
        as_of: as_of?,
        meeting,
        publisher,
        contact,
        license,
        base_url,
        languages: languages?,
        stale_after_years,
        regions: regions?,
        resolutions: resolutions?,
        activities,
        changes,
        notified_withdrawals,
    })
}

/// A `changes` entry: a State that left the list or joined it.
fn change(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Change> {
    let mut f = Fields::new(cx, node, path, "a change")?;
    let iso3 = f.req(cx, "iso3", iso3);
    let name = f.opt(cx, "name", text);
    let change = f.req(cx, "change", word);
    let on = f.req(cx, "date", date);
    if let Some(d) = on {
        cx.not_after(&PartialDate::Day(d), &key(path, "date"));
    }
    let in_force_on = f.opt(cx, "in_force_on", date);
    let note = f.opt(cx, "note", inline);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "change", path);
    f.finish(cx);
    Some(Change {
        iso3: iso3?,
        name,
        change: change?,
        date: on?,
        in_force_on,
        note,
        source,
    })
}

/// A `notified_withdrawals` entry.
fn notified_withdrawal(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<NotifiedWithdrawal> {
    let mut f = Fields::new(cx, node, path, "a notified withdrawal")?;
    let iso3 = f.req(cx, "iso3", iso3);
    let name = f.req(cx, "name", text);
    let kind = f.req(cx, "kind", word);
    let notified_on = f.req(cx, "notified_on", date);
    if let Some(d) = notified_on {
        cx.not_after(&PartialDate::Day(d), &key(path, "notified_on"));
    }
    let note = f.opt(cx, "note", inline);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "notified withdrawal", path);
    f.finish(cx);
    Some(NotifiedWithdrawal {
        iso3: iso3?,
        name: name?,
        kind: kind?,
        notified_on: notified_on?,
        note,
        source,
    })
}

fn languages(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Vec<Lang>> {
    let langs = list(cx, node, path, |cx, n, p| {
        let code = string(cx, n, p)?;
        if !Lang::is_valid(&code) {
            cx.error(
                p,
                format!("invalid language `{code}`: expected a code such as en, fr, es or ar"),
            );
            return None;
        }
        Some(Lang(code))
    })?;
    if langs.is_empty() {
        cx.error(
            path,
            "`languages` must list at least one language; the first is the default",
        );
        return None;
    }
    for (i, lang) in langs.iter().enumerate() {
        if langs[..i].contains(lang) {
            cx.error(
                &join(path, Step::Index(i)),
                format!("language `{lang}` is listed twice"),
            );
        }
    }
    Some(langs)
}

fn convention(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Convention> {
    let mut f = Fields::new(cx, node, path, "the convention")?;
    let name = f.req(cx, "name", text);
    let short_name = f.req(cx, "short_name", text);
    let states_parties = f.req(cx, "states_parties", count32);
    let source = f.opt(cx, "source", source_key);
    let derived = f.opt(cx, "derived", boolean).unwrap_or(false);
    let note = f.opt(cx, "note", inline);
    f.finish(cx);
    Some(Convention {
        name: name?,
        short_name: short_name?,
        states_parties: states_parties?,
        source,
        derived,
        note,
    })
}

fn base_url(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<String> {
    let url = string(cx, node, path)?;
    if !(url.starts_with("https://") || url.starts_with("http://"))
        || url.contains(char::is_whitespace)
    {
        cx.error(
            path,
            format!("invalid base_url `{url}`: expected an absolute http(s) address"),
        );
        return None;
    }
    Some(if url.ends_with('/') {
        url
    } else {
        format!("{url}/")
    })
}

fn regions(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Vec<Region>> {
    let Node::Map(entries) = node else {
        cx.error(
            path,
            format!(
                "expected a mapping of region slug to name, found {}",
                node.kind()
            ),
        );
        return None;
    };
    let mut regions = Vec::new();
    for (k, v) in entries {
        let slug = k.key_text().unwrap_or_default();
        let p = key(path, &slug);
        if !is_slug(&slug) {
            cx.error_help(
                &p,
                Target::Key,
                format!(
                    "invalid region slug `{slug}`: use lowercase ASCII letters, digits and `-`"
                ),
                None,
            );
            continue;
        }
        if let Some(name) = text(cx, v, &p) {
            regions.push(Region { slug, name });
        }
    }
    if regions.is_empty() {
        cx.error(path, "`regions` must declare at least one region");
    }
    Some(regions)
}

fn resolutions(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
) -> Option<Option<BTreeMap<i16, Resolution>>> {
    let items = list(cx, node, path, resolution)?;
    let mut by_year = BTreeMap::new();
    for (i, r) in items.into_iter().enumerate() {
        if by_year.contains_key(&r.year) {
            let p = key(&join(path, Step::Index(i)), "year");
            cx.error(&p, format!("a resolution for {} is already listed", r.year));
        }
        by_year.insert(r.year, r);
    }
    Some(Some(by_year))
}

fn resolution(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Resolution> {
    let mut f = Fields::new(cx, node, path, "a resolution")?;
    let year = f.req(cx, "year", year);
    if let Some(y) = year {
        cx.in_period(y, &key(path, "year"), Target::Value);
    }
    let symbol = f.opt(cx, "symbol", string);
    let adopted = f.opt(cx, "adopted", date);
    if let Some(d) = adopted {
        cx.not_after(&PartialDate::Day(d), &key(path, "adopted"));
        if year.is_some_and(|y| y != d.year()) {
            cx.error(
                &key(path, "adopted"),
                format!("adopted on {d}, which is not in the resolution's year"),
            );
        }
    }
    let in_favour = f.opt(cx, "in_favour", count32);
    let against = f.opt(cx, "against", count32);
    let abstaining = f.opt(cx, "abstaining", count32);
    let source = f.req(cx, "source", source_key);
    let note = f.opt(cx, "note", inline);
    f.finish(cx);
    Some(Resolution {
        year: year?,
        symbol,
        adopted,
        in_favour,
        against,
        abstaining,
        source: source?,
        note,
    })
}

fn activity(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Activity> {
    let mut f = Fields::new(cx, node, path, "an activity")?;
    let date = f.req(cx, "date", partial_date);
    if let Some(d) = &date {
        cx.not_after(d, &key(path, "date"));
    }
    let kind = f.req(cx, "kind", word);
    let summary = f.req(cx, "summary", inline);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "activity", path);
    f.finish(cx);
    Some(Activity {
        date: date?,
        kind: kind?,
        summary: summary?,
        source,
    })
}

/// A mapping of source key to source (sources.yaml, or a record's `sources`).
pub(crate) fn sources(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    scope: &SourceScope,
) -> BTreeMap<String, Source> {
    let mut out = BTreeMap::new();
    let Node::Map(entries) = node else {
        cx.error(
            path,
            format!(
                "expected a mapping of source key to source, found {}",
                node.kind()
            ),
        );
        return out;
    };
    for (k, v) in entries {
        let name = k.key_text().unwrap_or_default();
        let p = key(path, &name);
        if !is_slug(&name) {
            cx.error_help(
                &p,
                Target::Key,
                format!("invalid source key `{name}`: use lowercase ASCII letters, digits and `-`"),
                None,
            );
            continue;
        }
        if let Some(source) = source(cx, v, &p, name.clone(), scope) {
            out.insert(name, source);
        }
    }
    out
}

fn source(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    key_name: String,
    scope: &SourceScope,
) -> Option<Source> {
    let mut f = Fields::new(cx, node, path, "a source")?;
    let title = f.req(cx, "title", text);
    let publisher = f.opt(cx, "publisher", text);
    let date = f.opt(cx, "date", partial_date);
    if let Some(d) = &date {
        cx.not_after(d, &key(path, "date"));
    }
    let url = f.opt(cx, "url", |cx, n, p| {
        let url = string(cx, n, p)?;
        let ok = ["https://", "http://", "mailto:"]
            .iter()
            .any(|s| url.starts_with(s))
            && !url.contains(char::is_whitespace);
        if !ok {
            cx.error(
                p,
                format!("invalid url `{url}`: expected an absolute http(s) address"),
            );
        }
        ok.then_some(url)
    });
    f.finish(cx);
    Some(Source {
        key: key_name,
        scope: scope.clone(),
        title: title?,
        publisher,
        date,
        url,
    })
}

/// A former State Party's `membership`: every date may be `{date, source, note}`.
fn membership(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Membership> {
    let mut f = Fields::new(cx, node, path, "a membership")?;
    let joined_by = f.req(cx, "joined_by", word);
    let dated = |cx: &mut Decoder, n: &Node, p: &[Step]| {
        let d = sourced(cx, n, p, "date", date)?;
        cx.not_after(&PartialDate::Day(d.value), p);
        Some(d)
    };
    let joined_on = f.req(cx, "joined_on", dated);
    let in_force_on = f.opt(cx, "in_force_on", dated);
    let notified = f.req(cx, "withdrawal_notified_on", dated);
    let effective = f.req(cx, "withdrawal_effective_on", |cx, n, p| {
        let d = sourced(cx, n, p, "date", date)?;
        if let Some(as_of) = cx.as_of
            && d.value > as_of
        {
            cx.error(
                p,
                format!(
                    "the withdrawal takes effect on {}, after the edition's as-of date {as_of}: the State is still a State Party then",
                    d.value
                ),
            );
        }
        Some(d)
    });
    let note = f.opt(cx, "note", inline);
    let source = f.opt(cx, "source", source_key);
    for (name, d) in [
        ("joined_on", joined_on.as_ref()),
        ("in_force_on", in_force_on.as_ref()),
        ("withdrawal_notified_on", notified.as_ref()),
        ("withdrawal_effective_on", effective.as_ref()),
    ] {
        if let Some(d) = d {
            cx.sourced(&d.source, source.is_some(), name, &key(path, name));
        }
    }
    if let (Some(n), Some(e)) = (&notified, &effective)
        && e.value < n.value
    {
        cx.error(
            &key(path, "withdrawal_effective_on"),
            "the withdrawal takes effect before it was notified",
        );
    }
    f.finish(cx);
    Some(Membership {
        joined_by: joined_by?,
        joined_on: joined_on?,
        in_force_on,
        withdrawal_notified_on: notified?,
        withdrawal_effective_on: effective?,
        note,
        source,
    })
}

/// states/<slug>.yaml.
pub(crate) fn state(
    cx: &mut Decoder,
    node: &Node,
    slug: &str,
    ed: Option<&Edition>,
) -> Option<State> {
    let mut f = Fields::new(cx, node, &[], "a State record")?;
    let name = f.req(cx, "name", text);
    let iso3 = f.req(cx, "iso3", iso3);
    let region = f.req(cx, "region", |cx, n, p| region(cx, n, p, ed));
    let status = f.req(cx, "status", |cx, n, p| {
        sourced(cx, n, p, "value", word::<Status>)
    });
    let signed_on = f.opt(cx, "signed_on", date);
    if let Some(d) = signed_on {
        cx.not_after(&PartialDate::Day(d), &[Step::Key("signed_on".into())]);
    }
    let signed_on_written = f.has("signed_on");
    let membership = f.opt(cx, "membership", membership);
    match (status.as_ref().map(|s| s.value), f.has("membership")) {
        (Some(Status::Withdrawn), false) => cx.error(
            &[Step::Key("status".into())],
            "status is `withdrawn`, so `membership` (how the State joined and left) is required",
        ),
        (Some(s), true) if s != Status::Withdrawn => cx.error_help(
            &[Step::Key("membership".into())],
            Target::Key,
            format!("`membership` is given but status is `{}`", s.word()),
            Some("`membership` belongs to a former State Party: set `status: withdrawn`, or remove it".into()),
        ),
        _ => {}
    }
    match (&status, signed_on_written) {
        (Some(s), false) if s.value == Status::Signed => {
            cx.error(
                &[Step::Key("status".into())],
                "status is `signed`, so `signed_on` (the date of signature) is required",
            );
        }
        (Some(s), true) if s.value == Status::NotSigned => {
            cx.error_help(
                &[Step::Key("signed_on".into())],
                Target::Key,
                "`signed_on` is given but status is `not_signed`",
                Some("set `status: signed`, or remove `signed_on`".into()),
            );
        }
        _ => {}
    }
    let last_official_information = f.opt(cx, "last_official_information", |cx, n, p| {
        let info = sourced(cx, n, p, "date", partial_date)?;
        cx.not_after(&info.value, p);
        cx.sourced(&info.source, false, "last_official_information", p);
        Some(info)
    });
    let position = f.opt(cx, "position", cited_inline);
    if position.as_ref().is_some_and(|p| p.cited.is_empty()) {
        cx.sourced(
            &None,
            false,
            "position (it cites no [^source])",
            &[Step::Key("position".into())],
        );
    }
    let unga_votes = f.opt(cx, "unga_votes", |cx, n, p| votes(cx, n, p, ed));
    let article7_reports = f.opt(cx, "article7_reports", |cx, n, p| {
        years(cx, n, p, "Article 7 report")
    });
    let meetings = f.opt(cx, "meetings", meetings);
    let production = f.opt(cx, "production", production);
    let measures = f.opt(cx, "measures", measures);
    let stockpile = f.opt(cx, "stockpile", stockpile);
    let use_reported = f.opt(cx, "use_reported", |cx, n, p| {
        years(cx, n, p, "reported use")
    });
    let outreach = f.opt(cx, "outreach", |cx, n, p| list(cx, n, p, outreach));
    let own_sources = f
        .opt(cx, "sources", |cx, n, p| {
            Some(sources(cx, n, p, &SourceScope::Record(slug.to_string())))
        })
        .unwrap_or_default();
    f.finish(cx);
    Some(State {
        slug: slug.to_string(),
        name: name?,
        iso3: iso3?,
        region: region?,
        status: status?,
        signed_on,
        membership,
        last_official_information,
        position,
        unga_votes,
        article7_reports,
        meetings,
        production,
        measures,
        stockpile,
        use_reported,
        outreach,
        sources: own_sources,
        narrative: BTreeMap::new(),
    })
}

fn iso3(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<String> {
    let code = string(cx, node, path)?;
    match iso3_shape(&code) {
        Ok(()) => Some(code),
        Err(message) => {
            cx.error(path, message.to_string());
            None
        }
    }
}

/// A code that is not three capital letters.
#[derive(Debug, thiserror::Error)]
#[error("invalid ISO code `{0}`: expected three capital letters, such as XEL")]
pub(crate) struct InvalidIso3(String);

/// Checks the shape of an ISO 3166-1 alpha-3 code: three capital letters.
pub(crate) fn iso3_shape(code: &str) -> Result<(), InvalidIso3> {
    if code.len() == 3 && code.bytes().all(|b| b.is_ascii_uppercase()) {
        Ok(())
    } else {
        Err(InvalidIso3(code.to_string()))
    }
}

fn region(cx: &mut Decoder, node: &Node, path: &[Step], ed: Option<&Edition>) -> Option<String> {
    let slug = string(cx, node, path)?;
    if let Some(edition) = ed
        && let Err(undeclared) = declared_region(edition, &slug)
    {
        let message = undeclared.to_string();
        cx.error_help(path, Target::Value, message, undeclared.help);
        return None;
    }
    Some(slug)
}

/// A region that report.yaml does not declare, with a hint (the closest, or the list).
#[derive(Debug, thiserror::Error)]
#[error("region `{slug}` is not declared in report.yaml")]
pub(crate) struct UndeclaredRegion {
    slug: String,
    /// The closest declared region, or all of them.
    pub(crate) help: Option<String>,
}

/// Checks that a region is declared in report.yaml.
pub(crate) fn declared_region(edition: &Edition, slug: &str) -> Result<(), UndeclaredRegion> {
    if edition.region(slug).is_some() {
        return Ok(());
    }
    let slugs: Vec<&str> = edition.regions.iter().map(|r| r.slug.as_str()).collect();
    let help = did_you_mean(slug, slugs.iter().copied())
        .or_else(|| Some(format!("regions of report.yaml: {}", slugs.join(", "))));
    Err(UndeclaredRegion {
        slug: slug.to_string(),
        help,
    })
}

fn votes(
    cx: &mut Decoder,
    node: &Node,
    path: &[Step],
    ed: Option<&Edition>,
) -> Option<BTreeMap<i16, Sourced<Vote>>> {
    let Node::Map(entries) = node else {
        cx.error(
            path,
            format!("expected a mapping of year to vote, found {}", node.kind()),
        );
        return None;
    };
    let mut votes = BTreeMap::new();
    for (k, v) in entries {
        let p = key(path, &k.key_text().unwrap_or_default());
        let Some(y) = year(cx, k, &p) else { continue };
        cx.in_period(y, &p, Target::Key);
        let resolution = ed.map(|e| e.resolutions.get(&y));
        if let Some(None) = resolution {
            cx.error_help(
                &p,
                Target::Key,
                format!("vote for {y}, but report.yaml lists no resolution for {y}"),
                Some(format!(
                    "add the {y} resolution to `resolutions` in report.yaml"
                )),
            );
        }
        let Some(vote) = sourced(cx, v, &p, "vote", word::<Vote>) else {
            continue;
        };
        let inherited = !matches!(resolution, Some(None));
        cx.sourced(&vote.source, inherited, format!("vote of {y}"), &p);
        votes.insert(y, vote);
    }
    Some(votes)
}

/// A list of years (Article 7 reports, reported use), bare or `{year, source, note}`.
fn years(cx: &mut Decoder, node: &Node, path: &[Step], what: &str) -> Option<Facts<Sourced<i16>>> {
    let (facts, items_path) = facts(cx, node, path, |cx, n, p| {
        let y = sourced(cx, n, p, "year", year)?;
        cx.in_period(y.value, p, Target::Value);
        Some(y)
    })?;
    check_facts(cx, &facts, path, &items_path, what, |y| &y.source);
    Some(facts)
}

/// Checks that each item of a list, or the list, has a source; and that `[]` has one.
fn check_facts<T>(
    cx: &mut Decoder,
    facts: &Facts<T>,
    path: &[Step],
    items_path: &[Step],
    what: &str,
    source_of: impl Fn(&T) -> &Option<crate::model::SourceKey>,
) {
    if facts.items.is_empty() {
        cx.sourced(
            &facts.source,
            false,
            format!("`[]` (no {what}) is a statement that needs a source"),
            path,
        );
    }
    for (i, item) in facts.items.iter().enumerate() {
        cx.sourced(
            source_of(item),
            facts.source.is_some(),
            what,
            &join(items_path, Step::Index(i)),
        );
    }
}

fn meetings(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Facts<Meeting>> {
    let (facts, items_path) = facts(cx, node, path, |cx, n, p| {
        let mut f = Fields::new(cx, n, p, "a meeting")?;
        let year = f.req(cx, "year", year);
        if let Some(y) = year {
            cx.in_period(y, &key(p, "year"), Target::Value);
        }
        let meeting = f.req(cx, "meeting", text);
        let source = f.opt(cx, "source", source_key);
        f.finish(cx);
        Some(Meeting {
            year: year?,
            meeting: meeting?,
            source,
        })
    })?;
    check_facts(cx, &facts, path, &items_path, "meeting attended", |m| {
        &m.source
    });
    Some(facts)
}

fn production(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Production> {
    let mut f = Fields::new(cx, node, path, "production")?;
    let status = f.req(cx, "status", word);
    let since = f.opt(cx, "since", dated);
    let note = f.opt(cx, "note", inline);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "production", path);
    f.finish(cx);
    Some(Production {
        status: status?,
        since,
        note,
        source,
    })
}

fn measures(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Facts<Measure>> {
    let (facts, items_path) = facts(cx, node, path, |cx, n, p| {
        let mut f = Fields::new(cx, n, p, "a measure")?;
        let measure = f.req(cx, "measure", word);
        let kind = f.req(cx, "kind", word);
        let since = f.opt(cx, "since", dated);
        let until = f.opt(cx, "until", dated);
        if let (Some(s), Some(u)) = (since, until)
            && s.first_day() > u.last_day()
        {
            cx.error(
                &key(p, "until"),
                format!("the measure ends ({u}) before it starts ({s})"),
            );
        }
        let note = f.opt(cx, "note", inline);
        let source = f.opt(cx, "source", source_key);
        f.finish(cx);
        Some(Measure {
            measure: measure?,
            kind: kind?,
            since,
            until,
            note,
            source,
        })
    })?;
    check_facts(cx, &facts, path, &items_path, "measure", |m| &m.source);
    Some(facts)
}

fn stockpile(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Stockpile> {
    let mut f = Fields::new(cx, node, path, "a stockpile")?;
    let estimate = f.opt(cx, "estimate", count);
    let as_of = f.opt(cx, "as_of", dated);
    let note = f.opt(cx, "note", inline);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "stockpile", path);
    f.finish(cx);
    Some(Stockpile {
        estimate,
        as_of,
        note,
        source,
    })
}

fn outreach(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<Outreach> {
    let mut f = Fields::new(cx, node, path, "an outreach entry")?;
    let date = f.req(cx, "date", dated);
    let kind = f.req(cx, "kind", word);
    let summary = f.req(cx, "summary", inline);
    let response = f.opt(cx, "response", word);
    let source = f.opt(cx, "source", source_key);
    cx.sourced(&source, false, "outreach entry", path);
    f.finish(cx);
    Some(Outreach {
        date: date?,
        kind: kind?,
        summary: summary?,
        response,
        source,
    })
}

/// A year or date that must not be after the as-of date.
fn dated(cx: &mut Decoder, node: &Node, path: &[Step]) -> Option<PartialDate> {
    let d = partial_date(cx, node, path)?;
    cx.not_after(&d, path);
    Some(d)
}

/// The edition's languages for messages about file names.
pub(crate) fn languages_help(langs: &[Lang]) -> String {
    format!("languages of this edition: {}", lang_list(langs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_iso_code_is_three_capital_letters() {
        assert!(iso3_shape("POL").is_ok());
        for bad in ["pol", "PO", "POLA", "P0L", ""] {
            let err = iso3_shape(bad).unwrap_err().to_string();
            assert!(err.contains(&format!("`{bad}`")), "{err}");
        }
    }
}
