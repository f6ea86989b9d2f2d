//! A cloud's region catalog (codes, the places they are in, the names
//! people write for them, which lie in the European Union), and the checks
//! every platform with one runs on the answered regions.

use crate::diagnostic::Code;
use crate::resolve::context::Ctx;
use crate::resolve::{Plan, Source, suggest_region};

pub(crate) struct Catalog {
    /// The cloud as a message names it ("a Google Cloud region").
    pub(crate) cloud: &'static str,
    /// Codes and the place each is in.
    pub(crate) regions: &'static [(&'static str, &'static str)],
    pub(crate) eu: &'static [&'static str],
    /// Names people write for a place, each certain enough to pick one region.
    pub(crate) names: &'static [(&'static str, &'static str)],
    /// How the hint for an unknown region starts.
    pub(crate) example: &'static str,
}

fn normalize(text: &str) -> String {
    text.to_lowercase()
        .replace(['-', '_', ',', '.', '(', ')'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Catalog {
    /// The region code `text` means: a code (any case) or a place name.
    pub(crate) fn lookup(&self, text: &str) -> Option<&'static str> {
        let code = text.trim().to_ascii_lowercase();
        if let Some((c, _)) = self.regions.iter().find(|(c, _)| *c == code) {
            return Some(c);
        }
        let key = normalize(text);
        self.names.iter().find(|(name, _)| *name == key).map(|(_, c)| *c)
    }

    /// Where a region is, for the spec.
    pub(crate) fn place(&self, code: &str) -> &'static str {
        self.regions
            .iter()
            .find(|(c, _)| *c == code)
            .map_or("", |(_, place)| place)
    }

    pub(crate) fn in_eu(&self, code: &str) -> bool {
        self.eu.contains(&code)
    }

    /// Every name and code, each with the code it means.
    pub(crate) fn names(&self) -> Vec<(String, &'static str)> {
        let names = self.names.iter().map(|(n, c)| ((*n).to_owned(), *c));
        let codes = self.regions.iter().map(|(c, _)| ((*c).to_owned(), *c));
        names.chain(codes).collect()
    }

    pub(crate) fn label(&self, code: &str) -> String {
        match self.place(code) {
            "" => format!("`{code}`"),
            place => format!("`{code}` ({place})"),
        }
    }

    /// Every answered region as its code; an unknown one is an error naming
    /// the nearest code.
    pub(crate) fn resolve(&self, ctx: &mut Ctx<'_>, plan: &mut Plan) {
        let regions = &mut plan.infrastructure.regions;
        if !regions.primary.is_empty() {
            regions.primary = self.region(ctx, "infrastructure.regions.primary", &regions.primary);
        }
        for (i, code) in regions.secondary.iter_mut().enumerate() {
            *code = self.region(ctx, &format!("infrastructure.regions.secondary[{i}]"), code);
        }
    }

    fn region(&self, ctx: &mut Ctx<'_>, path: &str, text: &str) -> String {
        if let Some(code) = self.lookup(text) {
            if code != text {
                ctx.provenance.insert(path.to_owned(), Source::Interpreted);
            }
            return code.to_owned();
        }
        let codes: Vec<&str> = self.regions.iter().map(|(c, _)| *c).collect();
        let hint = match suggest_region(text, &codes) {
            Some(best) => format!("did you mean `{best}` ({})?", self.place(best)),
            None => self.example.to_owned(),
        };
        ctx.error(
            Code::UnknownRegion,
            path,
            format!("`{text}` is not {}", self.cloud),
            hint,
        );
        String::new()
    }

    #[cfg(test)]
    pub(crate) fn check(&self) {
        for (name, code) in self.names {
            assert!(self.regions.iter().any(|(c, _)| c == code), "{name} → {code}");
        }
        for code in self.eu {
            assert!(self.regions.iter().any(|(c, _)| c == code), "{code}");
        }
    }
}
