//! The world map: the States of the content highlighted, each a link, on the
//! Natural Earth countries projected once by `scripts/map/project.mjs` into
//! `src/data/world-map.tsv` (origin and licence in `docs/map.md`).

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::sync::LazyLock;

use super::{
    Fill, INK, LegendItem, PatternKind, VOTES, Vote, esc, legend, num, svg_open, vote_fill,
    vote_index,
};

/// The projected geography, generated (never edited by hand).
const DATA: &str = include_str!("../data/world-map.tsv");

/// Radius of a small State's marker, in viewBox units.
const MARKER_RADIUS: f32 = 6.0;
/// Font size set on the SVG, in viewBox units (the map itself has no text).
const FONT_SIZE: f32 = 16.0;
/// Land that is not highlighted.
const LAND: &str = "#d4d4d4";
/// An area drawn apart that is no State's (Western Sahara...): lighter, with a dashed outline.
const TERRITORY: &str = "#f2f2f2";

/// The closed list of the kinds of area in the data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A State (or a dependency) with its ISO code: can be highlighted.
    State,
    /// An area drawn apart that is no State's (Western Sahara): its own colour and legend.
    Territory,
    /// An area without an ISO code (Kosovo, Somaliland, N. Cyprus): drawn as other land.
    Other,
}

/// One area of the data: its kind, its outline and its marker.
#[derive(Debug)]
struct Area {
    kind: Kind,
    marker: Option<(i32, i32)>,
    path: String,
}

/// The parsed data file.
#[derive(Debug)]
struct World {
    width: f32,
    height: f32,
    areas: BTreeMap<String, Area>,
}

/// Parses the data file; a malformed line is skipped (a test proves there is none).
fn parse(data: &str) -> World {
    let mut world = World {
        width: 1000.0,
        height: 500.0,
        areas: BTreeMap::new(),
    };
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        match cols.as_slice() {
            ["viewbox", w, h] => {
                if let (Ok(w), Ok(h)) = (w.parse(), h.parse()) {
                    (world.width, world.height) = (w, h);
                }
            }
            [key, kind, x, y, path] => {
                let kind = match *kind {
                    "state" => Kind::State,
                    "territory" => Kind::Territory,
                    "other" => Kind::Other,
                    _ => continue,
                };
                let marker = match (x.parse(), y.parse()) {
                    (Ok(x), Ok(y)) => Some((x, y)),
                    _ => None,
                };
                let area = Area {
                    kind,
                    marker,
                    path: (*path).to_string(),
                };
                world.areas.insert((*key).to_string(), area);
            }
            _ => {}
        }
    }
    world
}

static WORLD: LazyLock<World> = LazyLock::new(|| parse(DATA));

/// A State's status towards the Convention, as the map colours it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Has not signed.
    NotSigned,
    /// Signed, not ratified.
    Signed,
    /// Was a State Party and withdrew.
    FormerParty,
}

impl Status {
    /// Every status, in the order of the legend (and of the caller's labels).
    pub const ALL: [Status; 3] = [Status::NotSigned, Status::Signed, Status::FormerParty];

    fn fill(self) -> Fill {
        match self {
            Status::NotSigned => Fill::Solid("#0a4a85"),
            Status::Signed => Fill::Pattern {
                id: "signed",
                kind: PatternKind::Diagonal,
                ink: "#0a4a85",
                paper: "#c9def2",
            },
            Status::FormerParty => Fill::Pattern {
                id: "former",
                kind: PatternKind::Dots,
                ink: "#7a1b14",
                paper: "#f3c6a5",
            },
        }
    }

    fn index(self) -> usize {
        match self {
            Status::NotSigned => 0,
            Status::Signed => 1,
            Status::FormerParty => 2,
        }
    }
}

/// A State to highlight.
#[derive(Debug, Clone, Copy)]
pub struct MapState<'a> {
    /// ISO 3166-1 alpha-3 code.
    pub iso3: &'a str,
    /// Status towards the Convention.
    pub status: Status,
    /// Latest General Assembly vote, `None` for no information.
    pub vote: Option<Vote>,
    /// Relative link to the State's page.
    pub href: &'a str,
    /// The State's name (the link's `<title>`, shown on hover and read by screen readers).
    pub title: &'a str,
}

/// Which colouring the map shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// By status towards the Convention.
    Status,
    /// By latest General Assembly vote.
    Vote,
}

/// The words of the map, already translated by the caller.
#[derive(Debug, Clone, Copy)]
pub struct MapLabels<'a> {
    /// A unique prefix for the ids of this map on its page (e.g. `map-status`).
    pub id: &'a str,
    /// The accessible name of the map.
    pub name: &'a str,
    /// Legend of the statuses, in the order of [`Status::ALL`].
    pub statuses: [&'a str; 3],
    /// Legend of the votes: in favour, abstaining, against, absent, no information.
    pub votes: [&'a str; 5],
    /// Legend of the land of other States.
    pub other: &'a str,
    /// Legend of an area drawn apart that is no State's (Western Sahara).
    pub territory: &'a str,
}

/// A drawn map and the codes of the content it could not place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Map {
    /// The inline SVG.
    pub svg: String,
    /// The legend, an HTML list to put right after the SVG.
    pub legend: String,
    /// ISO codes of highlighted States with neither shape nor marker in the data (for a warning).
    pub missing: Vec<String>,
}

/// Whether a State with this ISO code can be drawn: it has a shape or a marker in the data.
pub fn is_drawn(iso3: &str) -> bool {
    WORLD.areas.get(iso3).is_some_and(|a| a.kind == Kind::State)
}

/// Draws the world with `states` highlighted, coloured by `view`.
///
/// Every highlighted State is one link (its shape and its marker, if it has one,
/// share it) with a `<title>`; a small State gets a circle marker. States are
/// drawn in the order of their codes, so the output depends on nothing else.
pub fn map(states: &[MapState<'_>], view: View, labels: &MapLabels<'_>) -> Map {
    draw(&WORLD, states, view, labels)
}

/// Draws `world` (the data file's, or a test's).
fn draw(world: &World, states: &[MapState<'_>], view: View, labels: &MapLabels<'_>) -> Map {
    let p = esc(labels.id);
    let highlighted: BTreeMap<&str, &MapState<'_>> = states.iter().map(|s| (s.iso3, s)).collect();
    let fill_of = |s: &MapState<'_>| match view {
        View::Status => s.status.fill(),
        View::Vote => vote_fill(s.vote),
    };

    // The legend, an HTML list to put below the map.
    let mut items: Vec<LegendItem<'_>> = match view {
        View::Status => Status::ALL
            .iter()
            .map(|s| LegendItem {
                fill: s.fill(),
                label: labels.statuses[s.index()],
                dashed: false,
            })
            .collect(),
        View::Vote => VOTES
            .iter()
            .map(|v| LegendItem {
                fill: vote_fill(*v),
                label: labels.votes[vote_index(*v)],
                dashed: false,
            })
            .collect(),
    };
    items.push(LegendItem {
        fill: Fill::Solid(LAND),
        label: labels.other,
        dashed: false,
    });
    items.push(LegendItem {
        fill: Fill::Solid(TERRITORY),
        label: labels.territory,
        dashed: true,
    });
    let legend = legend(&items, &p);

    let mut svg = svg_open(world.width, world.height, "chart-map", FONT_SIZE, true);
    let _ = write!(
        svg,
        r#" role="group" aria-labelledby="{p}-name"><title id="{p}-name">{}</title>"#,
        esc(labels.name)
    );

    // Patterns: each fill once, in a fixed order.
    let mut defs = BTreeSet::new();
    for item in &items {
        defs.insert(item.fill.def(&p));
    }
    svg.push_str("<defs>");
    for d in defs.iter().filter(|d| !d.is_empty()) {
        svg.push_str(d);
    }
    svg.push_str("</defs>");

    // Other land, then the territories, as two decorative paths.
    let mut other = String::new();
    let mut territories = String::new();
    for (key, area) in &world.areas {
        if area.kind == Kind::Territory {
            territories.push_str(&area.path);
        } else if area.kind == Kind::Other || !highlighted.contains_key(key.as_str()) {
            other.push_str(&area.path);
        }
    }
    let _ = write!(
        svg,
        r##"<path d="{other}" fill="{LAND}" stroke="#ffffff" stroke-width="0.5" aria-hidden="true"/><path d="{territories}" fill="{TERRITORY}" stroke="#6b6b6b" stroke-width="0.6" stroke-dasharray="2 1.5" aria-hidden="true"/>"##
    );

    // The highlighted States, each one link holding its shape and its marker;
    // States with a marker come last, so that no shape covers a marker.
    let mut missing = Vec::new();
    let mut with_marker = String::new();
    for (iso3, s) in &highlighted {
        let Some(area) = world.areas.get(*iso3).filter(|a| a.kind == Kind::State) else {
            missing.push((*iso3).to_string());
            continue;
        };
        let fill = fill_of(s).attr(&p);
        let mut link = format!(
            r#"<a href="{}"><title>{}</title>"#,
            esc(s.href),
            esc(s.title)
        );
        if !area.path.is_empty() {
            let _ = write!(
                link,
                r##"<path d="{}" fill="{fill}" stroke="#ffffff" stroke-width="0.6"/>"##,
                area.path
            );
        }
        if let Some((x, y)) = area.marker {
            let _ = write!(
                link,
                r#"<circle cx="{x}" cy="{y}" r="{}" fill="{fill}" stroke="{INK}" stroke-width="1.5"/></a>"#,
                num(MARKER_RADIUS)
            );
            with_marker.push_str(&link);
        } else {
            link.push_str("</a>");
            svg.push_str(&link);
        }
    }
    svg.push_str(&with_marker);
    svg.push_str("</svg>");
    Map {
        svg,
        legend,
        missing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LABELS: MapLabels<'static> = MapLabels {
        id: "map-status",
        name: "Map of the States not party",
        statuses: ["Not signed", "Signed", "Former State Party"],
        votes: [
            "In favour",
            "Abstaining",
            "Against",
            "Absent",
            "No information",
        ],
        other: "Other States",
        territory: "Territory drawn apart (no State's)",
    };

    /// The States of the content (content/states/*.yaml).
    const CONTENT: [&str; 33] = [
        "ARM", "AZE", "BHR", "CHN", "CUB", "PRK", "EGY", "GEO", "IND", "IRN", "ISR", "KAZ", "KGZ",
        "LAO", "LBN", "LBY", "MHL", "FSM", "MNG", "MAR", "MMR", "NPL", "PAK", "KOR", "RUS", "SAU",
        "SGP", "SYR", "TON", "ARE", "USA", "UZB", "VNM",
    ];

    fn state(iso3: &str) -> MapState<'_> {
        MapState {
            iso3,
            status: Status::NotSigned,
            vote: Some(Vote::Abstaining),
            href: "states/x.html",
            title: iso3,
        }
    }

    #[test]
    fn every_line_of_the_data_is_read() {
        let lines = DATA.lines().filter(|l| !l.starts_with('#')).count();
        assert_eq!(
            WORLD.areas.len() + 1,
            lines,
            "one viewbox line and one line an area"
        );
        assert_eq!((WORLD.width, WORLD.height), (1000.0, 440.0));
        for (key, a) in &WORLD.areas {
            assert!(
                !a.path.is_empty() || a.marker.is_some(),
                "{key}: neither shape nor marker"
            );
            assert!(
                a.path.is_empty() || (a.path.starts_with('M') && a.path.ends_with('z')),
                "{key}"
            );
            if let Some((x, y)) = a.marker {
                assert!(
                    (8..=992).contains(&x) && (8..=432).contains(&y),
                    "{key}: marker not wholly on the map"
                );
            }
        }
    }

    #[test]
    fn small_states_have_a_marker_and_western_sahara_is_no_states() {
        for iso3 in ["BHR", "SGP", "FSM", "MHL", "TON", "LBN"] {
            assert!(WORLD.areas[iso3].marker.is_some(), "{iso3}");
        }
        assert_eq!(WORLD.areas["ESH"].kind, Kind::Territory);
        assert_eq!(WORLD.areas["kosovo"].kind, Kind::Other);
        assert_eq!(WORLD.areas["MAR"].kind, Kind::State);
        assert!(WORLD.areas["MAR"].marker.is_none());
        let m = map(
            &[state("MAR"), state("ESH"), state("kosovo")],
            View::Status,
            &LABELS,
        );
        assert_eq!(m.missing, ["ESH", "kosovo"]);
        assert_eq!(m.svg.matches("<a href").count(), 1);
    }

    #[test]
    fn every_state_of_the_content_is_one_link_with_one_shape_or_marker_in_each_view() {
        let states: Vec<_> = CONTENT.iter().map(|c| state(c)).collect();
        for view in [View::Status, View::Vote] {
            let m = map(&states, view, &LABELS);
            assert!(m.missing.is_empty(), "{:?}", m.missing);
            let links: Vec<&str> = m.svg.split("<a href").skip(1).collect();
            assert_eq!(links.len(), CONTENT.len());
            for link in links {
                let link = &link[..link.find("</a>").expect("closed link")];
                assert_eq!(link.matches("<title>").count(), 1);
                assert!(link.matches("<path").count() + link.matches("<circle").count() >= 1);
                assert!(link.matches("<path").count() <= 1 && link.matches("<circle").count() <= 1);
            }
        }
    }

    /// The rings of a path of the data, as absolute points.
    fn points(path: &str) -> Vec<Vec<(i32, i32)>> {
        path.split('M')
            .filter(|r| !r.is_empty())
            .map(|r| {
                let nums: Vec<i32> = r
                    .trim_end_matches('z')
                    .replace('l', " ")
                    .replace('-', " -")
                    .split_whitespace()
                    .map(|n| n.parse().expect("integer"))
                    .collect();
                let mut at = (nums[0], nums[1]);
                let mut ring = vec![at];
                for step in nums[2..].chunks(2) {
                    at = (at.0 + step[0], at.1 + step[1]);
                    ring.push(at);
                }
                ring
            })
            .collect()
    }

    #[test]
    fn morocco_stops_at_western_sahara_and_crimea_is_not_russias() {
        let morocco = points(&WORLD.areas["MAR"].path);
        let sahara = points(&WORLD.areas["ESH"].path);
        let morocco_south = morocco.iter().flatten().map(|p| p.1).max().expect("points");
        let sahara_north = sahara.iter().flatten().map(|p| p.1).min().expect("points");
        assert!(
            morocco_south <= sahara_north + 1,
            "{morocco_south} {sahara_north}"
        );
        assert_eq!(
            sahara.len(),
            2,
            "Western Sahara: Natural Earth's part and the part cut from Morocco"
        );
        // Crimea is a ring of its own: in Ukraine's shape, in no ring of Russia's.
        let ukraine = points(&WORLD.areas["UKR"].path);
        assert_eq!(ukraine.len(), 2);
        let russia = points(&WORLD.areas["RUS"].path);
        assert!(!russia.iter().any(|r| r.contains(&ukraine[1][0])));
    }

    #[test]
    fn is_drawn_knows_states_markers_and_nothing_else() {
        assert!(is_drawn("USA") && is_drawn("TON"));
        assert!(!is_drawn("ESH") && !is_drawn("kosovo") && !is_drawn("ATA") && !is_drawn("XXA"));
    }

    #[test]
    fn an_unknown_code_is_reported_not_drawn() {
        let m = map(
            &[state("USA"), state("XXA"), state("BHR")],
            View::Vote,
            &LABELS,
        );
        assert_eq!(m.missing, ["XXA"]);
        assert_eq!(m.svg.matches("<a href").count(), 2);
    }

    #[test]
    fn the_map_keeps_within_half_the_page_budget_and_is_deterministic() {
        let mut states: Vec<_> = CONTENT.iter().map(|c| state(c)).collect();
        let a = map(&states, View::Vote, &LABELS);
        assert!(a.svg.len() < 75_000, "{} bytes", a.svg.len());
        states.reverse();
        assert_eq!(map(&states, View::Vote, &LABELS), a);
    }

    #[test]
    fn colours_follow_the_view_and_patterns_are_defined() {
        let s = [MapState {
            vote: Some(Vote::Against),
            status: Status::Signed,
            ..state("USA")
        }];
        let by_status = map(&s, View::Status, &LABELS).svg;
        let by_vote = map(&s, View::Vote, &LABELS).svg;
        assert!(by_status.contains(r##"fill="url(#map-status-signed)" stroke="#ffffff""##));
        assert!(by_status.contains(r#"<pattern id="map-status-signed""#));
        assert!(by_vote.contains(r##"fill="url(#map-status-against)" stroke="#ffffff""##));
        assert!(by_vote.contains(r#"<pattern id="map-status-against""#));
        let legend = map(&s, View::Vote, &LABELS).legend;
        assert!(legend.contains(">No information</li>") && !legend.contains(">Signed</li>"));
    }

    #[test]
    fn snapshot_of_a_small_world() {
        let world = parse(
            "# test\nviewbox\t100\t50\nAAA\tstate\t\t\tM0 0l10 0 0 10z\nBBB\tstate\t50\t20\t\nCCC\tstate\t60\t30\tM60 30l1 0 0 1z\nDDD\tstate\t\t\tM20 20l5 0 0 5z\nESH\tterritory\t\t\tM30 30l5 0 0 5z\nxk\tother\t\t\tM40 40l5 0 0 5z\nbad line\nEEE\tunknown\t\t\tM0 0l1 1z\n",
        );
        assert_eq!(world.areas.len(), 6);
        let states = [
            MapState {
                iso3: "CCC",
                status: Status::FormerParty,
                vote: None,
                href: "states/c.html",
                title: "C & co",
            },
            MapState {
                iso3: "AAA",
                status: Status::NotSigned,
                vote: Some(Vote::InFavour),
                href: "states/a.html",
                title: "A",
            },
            MapState {
                iso3: "BBB",
                status: Status::Signed,
                vote: Some(Vote::Absent),
                href: "states/b.html",
                title: "B",
            },
        ];
        let status = draw(&world, &states, View::Status, &LABELS);
        insta::assert_snapshot!("status", format!("{}\n{}", status.svg, status.legend));
        let vote = draw(&world, &states, View::Vote, &LABELS);
        insta::assert_snapshot!("vote", format!("{}\n{}", vote.svg, vote.legend));
    }
}
