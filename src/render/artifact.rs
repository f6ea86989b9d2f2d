//! What a renderer produces: a path inside the project, an ownership mode and
//! the content (whole, or the regions of a sectioned document).

use serde::Serialize;

/// How shipspec owns a file; decides what regenerate may touch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// The whole file is shipspec's; hand edits are conflicts.
    Managed,
    /// shipspec sets only its own keys in the user's file.
    Merged,
    /// shipspec owns only the regions between its markers.
    Sections,
    /// Written once if missing, then the user's.
    Scaffold,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Managed => "managed",
            Mode::Merged => "merged",
            Mode::Sections => "sections",
            Mode::Scaffold => "scaffold",
        }
    }

    pub fn parse(text: &str) -> Option<Mode> {
        [Mode::Managed, Mode::Merged, Mode::Sections, Mode::Scaffold]
            .into_iter()
            .find(|m| m.as_str() == text)
    }
}

#[derive(Clone, Debug)]
pub struct Artifact {
    /// Relative to the project root, `/`-separated.
    pub path: String,
    pub mode: Mode,
    pub body: Body,
    /// The questions (key paths such as `operations.backup`) whose answers
    /// the file is built from, declared where its content is assembled;
    /// `explain` reports them. A `sections` document's regions and a
    /// `merged` file's keys name their own.
    pub questions: Vec<&'static str>,
}

#[derive(Clone, Debug)]
pub enum Body {
    /// The whole file (managed and scaffold modes).
    Whole(String),
    /// The regions of a spec document (sections mode).
    Sections(SectionDoc),
    /// The keys shipspec sets in a TOML file (merged mode).
    Toml(super::toml_doc::TomlDoc),
}

#[derive(Clone, Debug)]
pub struct SectionDoc {
    /// The `# Title` a new file starts with.
    pub title: String,
    pub regions: Vec<Region>,
}

#[derive(Clone, Debug)]
pub struct Region {
    /// The marker id: `<!-- shipspec:begin ID -->`.
    pub id: String,
    /// The heading the region belongs under.
    pub heading: String,
    /// Other headings that mean the same section in existing specs.
    pub aliases: &'static [&'static str],
    /// The generated lines between the markers, ending in a newline.
    pub body: String,
    /// The questions whose answers the region shows (for `explain`).
    pub questions: Vec<&'static str>,
}
