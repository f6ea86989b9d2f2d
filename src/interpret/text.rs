//! The words of one answer, prepared for reading: folded to lowercase ASCII
//! punctuation, numbers written in words turned into digits, cut into
//! sentences and segments, each segment marked with what makes its words
//! unsure (a hedge, an option list, a negation, an option not chosen) and
//! which environment it speaks of.
//!
//! Every byte of the folded text remembers the characters of the answer it
//! came from, so a value read anywhere can quote the person's own words.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// The environment a segment's numbers belong to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Env {
    /// Nothing said: production is what the questions ask about.
    Unsaid,
    Production,
    /// Staging, development, preview, local machines.
    Other,
    /// Both named in one segment: numbers in it are not certain.
    Mixed,
}

/// A piece of a sentence between commas and conjunctions.
#[derive(Clone, Debug)]
pub struct Segment {
    pub range: Range<usize>,
    /// The sentence it belongs to.
    pub sentence: Range<usize>,
    /// "maybe", "TBD", a question mark: nothing in it is read.
    pub hedged: bool,
    /// An unfilled option list or blank (`a | b`, `___`, `<region>`).
    pub placeholder: bool,
    pub env: Env,
    /// Ranges after a negation ("no", "without", "don't") up to the next pivot.
    pub negated: Vec<Range<usize>>,
    /// Ranges naming options weighed and not chosen, or left behind.
    pub excluded: Vec<Range<usize>>,
}

/// One answer's words, folded for matching.
#[derive(Debug)]
pub struct Text {
    original: String,
    /// Lowercase, ASCII punctuation, number words as digits.
    pub folded: String,
    /// For each byte of `folded`, the byte range of `original` it stands for.
    map: Vec<Range<usize>>,
    pub segments: Vec<Segment>,
}

impl Text {
    pub fn new(original: &str) -> Text {
        let (folded, map) = fold(original);
        let (folded, map) = numbers_as_digits(&folded, &map);
        // "3 instances today but we want 2": two states, neither certain.
        let two_states = TWO_STATES.is_match(&folded) || ABSTAIN.is_match(&folded);
        let mut text = Text {
            original: original.to_owned(),
            folded,
            map,
            segments: Vec::new(),
        };
        text.segments = segments(&text.folded);
        if two_states {
            for segment in &mut text.segments {
                segment.hedged = true;
            }
        }
        text
    }

    /// The byte range of the answer that folded bytes `range` came from.
    pub fn source(&self, range: &Range<usize>) -> Range<usize> {
        if self.map.is_empty() || range.start >= self.map.len() {
            return self.original.len()..self.original.len();
        }
        let end = range.end.clamp(range.start + 1, self.map.len());
        self.map[range.start].start..self.map[end - 1].end
    }

    /// The person's own words behind folded bytes `range`.
    pub fn words(&self, range: &Range<usize>) -> &str {
        let r = self.source(range);
        &self.original[r]
    }

    /// The folded bytes that stand for answer bytes `range`, if any.
    pub fn folded_range(&self, range: &Range<usize>) -> Option<Range<usize>> {
        let start = self.map.iter().position(|m| m.end > range.start)?;
        let end = self.map.iter().rposition(|m| m.start < range.end)? + 1;
        (start < end).then_some(start..end)
    }

    pub fn original(&self) -> &str {
        &self.original
    }

    /// The segment holding folded byte `at`.
    pub fn segment_at(&self, at: usize) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.range.start <= at && at < s.range.end.max(s.range.start + 1))
    }

    /// The segment after byte `end` in the sentence of `segment`, past the
    /// separator between them (", ", " and ", …).
    fn next_segment(&self, end: usize, segment: &Segment) -> Option<&Segment> {
        self.segments
            .iter()
            .find(|s| s.sentence == segment.sentence && s.range.start >= end.max(segment.range.end))
            .filter(|s| s.range.start > end)
    }

    /// Whether a value found at `range` may be read at all: not hedged, not
    /// an option list, not negated, not an option left aside.
    pub fn certain(&self, range: &Range<usize>) -> bool {
        match self.segment_at(range.start) {
            Some(s) => {
                !s.hedged && !s.placeholder && !inside(&s.negated, range) && !inside(&s.excluded, range)
            }
            None => false,
        }
    }

    /// Whether `range` lies in an option left aside ("evaluated Datadog").
    pub fn excluded(&self, range: &Range<usize>) -> bool {
        self.segment_at(range.start)
            .is_some_and(|s| inside(&s.excluded, range))
    }

    /// Whether `range` lies in the scope of a negation.
    pub fn negated(&self, range: &Range<usize>) -> bool {
        self.segment_at(range.start)
            .is_some_and(|s| inside(&s.negated, range))
    }

    /// Words after `range`, up to the end of its statement (a "but" does not
    /// end it), that switch it off or leave it unused: "PagerDuty exists but
    /// is disabled", "a paid add-on we didn't buy", "CPU is just graphed".
    pub fn switched_off(&self, range: &Range<usize>) -> bool {
        let Some(segment) = self.segment_at(range.start) else {
            return false;
        };
        let mut end = segment.range.end.max(range.end);
        // "New Relic (company-wide license, not used by us)": the parenthesis after it.
        if self.folded[end..].starts_with(" (") || self.folded[end..].starts_with('(') {
            let window = &self.folded[end..segment.sentence.end.max(end)];
            end = window
                .find(')')
                .map_or(segment.sentence.end.max(end), |c| end + c + 1);
        }
        // "X exists but is disabled": the clause after "but" is about X.
        let after = &self.folded[segment.sentence.end.max(end).min(self.folded.len())..];
        let closes_sentence = self.folded[end.min(segment.sentence.end)..segment.sentence.end]
            .trim_matches([',', ' ', ')'])
            .is_empty();
        if closes_sentence && BUT.is_match(after) {
            if let Some(next) = self.segment_at(segment.sentence.end + BUT.find(after).map_or(0, |m| m.end()))
            {
                end = next.range.end;
            }
        }
        // "slowapi and Flask-Limiter are not used": the list's tail says it.
        if let Some(next) = self.next_segment(end, segment) {
            if LIST_TAIL_OFF.is_match(&self.folded[next.range.clone()]) {
                return true;
            }
        }
        // "…, so we skipped it": a consequence that follows in the sentence.
        while let Some(next) = self.next_segment(end, segment) {
            if !CONSEQUENCE.is_match(&self.folded[next.range.clone()]) {
                break;
            }
            end = next.range.end;
        }
        SWITCHED_OFF.is_match(&self.folded[range.end..end])
    }

    /// The environment the words at `range` speak of.
    pub fn env(&self, range: &Range<usize>) -> Env {
        self.segment_at(range.start).map_or(Env::Unsaid, |s| s.env)
    }

    /// The words at `range` speak of development machines (not staging).
    pub fn development(&self, range: &Range<usize>) -> bool {
        DEVELOPMENT.is_match(self.segment_text(range.start))
    }

    /// Certain and about production (or no environment named).
    pub fn certain_for_production(&self, range: &Range<usize>) -> bool {
        self.certain(range) && matches!(self.env(range), Env::Unsaid | Env::Production)
    }

    /// The folded text of the segment holding `at`.
    pub fn segment_text(&self, at: usize) -> &str {
        self.segment_at(at).map_or("", |s| &self.folded[s.range.clone()])
    }

    /// The folded text of the sentence holding `at`.
    pub fn sentence_text(&self, at: usize) -> &str {
        self.segment_at(at)
            .map_or("", |s| &self.folded[s.sentence.clone()])
    }
}

fn inside(ranges: &[Range<usize>], range: &Range<usize>) -> bool {
    ranges
        .iter()
        .any(|r| r.start <= range.start && range.start < r.end)
}

/// Lowercase; typographic dashes, quotes and spaces as ASCII; thousands
/// separators dropped (`1,500`), so patterns see one spelling.
fn fold(original: &str) -> (String, Vec<Range<usize>>) {
    let mut folded = String::with_capacity(original.len());
    let mut map = Vec::with_capacity(original.len());
    let chars: Vec<(usize, char)> = original.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
        let end = at + c.len_utf8();
        let prev = i.checked_sub(1).map(|j| chars[j].1);
        let next: String = chars[i + 1..].iter().take(4).map(|(_, c)| *c).collect();
        if c == ','
            && prev.is_some_and(|p| p.is_ascii_digit())
            && next.len() >= 3
            && next.chars().take(3).all(|d| d.is_ascii_digit())
            && !next.chars().nth(3).is_some_and(|d| d.is_ascii_digit())
        {
            continue;
        }
        let replacement: &str = match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => "-",
            '\u{2018}' | '\u{2019}' | '\u{2032}' => "'",
            '\u{201c}' | '\u{201d}' => "\"",
            '\u{00a0}' | '\u{2009}' | '\u{202f}' | '\t' => " ",
            '\u{2264}' => "<=",
            '\u{2265}' => ">=",
            '\u{2192}' => "->",
            '\u{2026}' => "...",
            '\u{00e3}' | '\u{00e1}' | '\u{00e0}' | '\u{00e2}' => "a",
            '\u{00e9}' | '\u{00e8}' => "e",
            '\u{00f3}' | '\u{00f4}' => "o",
            _ => "",
        };
        if !replacement.is_empty() {
            for b in replacement.bytes() {
                folded.push(b as char);
                map.push(at..end);
            }
            continue;
        }
        for lower in c.to_lowercase() {
            let mut buf = [0u8; 4];
            for _ in lower.encode_utf8(&mut buf).bytes() {
                map.push(at..end);
            }
            folded.push(lower);
        }
    }
    (folded, map)
}

const UNITS: &[(&str, u64)] = &[
    ("zero", 0),
    ("one", 1),
    ("two", 2),
    ("three", 3),
    ("four", 4),
    ("five", 5),
    ("six", 6),
    ("seven", 7),
    ("eight", 8),
    ("nine", 9),
    ("ten", 10),
    ("eleven", 11),
    ("twelve", 12),
    ("thirteen", 13),
    ("fourteen", 14),
    ("fifteen", 15),
    ("sixteen", 16),
    ("seventeen", 17),
    ("eighteen", 18),
    ("nineteen", 19),
];

const TENS: &[(&str, u64)] = &[
    ("twenty", 20),
    ("thirty", 30),
    ("forty", 40),
    ("fifty", 50),
    ("sixty", 60),
    ("seventy", 70),
    ("eighty", 80),
    ("ninety", 90),
];

static NUMBER_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    let units: Vec<&str> = UNITS.iter().map(|(w, _)| *w).collect();
    let tens: Vec<&str> = TENS.iter().map(|(w, _)| *w).collect();
    let (units, tens) = (units.join("|"), tens.join("|"));
    crate::interpret::pattern::new(&format!(
        r"\b(?:(?:(?P<hu>{units}|a)\s+hundred(?:\s+(?:and\s+)?(?P<rest>(?:{tens})(?:[- ](?:{units}))?|{units}))?)|(?P<t>{tens})(?:[- ](?P<tu>{units}))?|(?P<u>{units})|(?P<a>an?)\s+(?P<unit>day|hour|week|minute|month|second|year|thousand|dozen)\b|(?P<half>half)\s+(?:an?\s+)?(?P<hunit>hour|minute|second|day|gig|gb)\b)\b"
    ))
    .expect("number words pattern")
});

fn word_value(word: &str) -> Option<u64> {
    UNITS
        .iter()
        .chain(TENS)
        .find(|(w, _)| *w == word)
        .map(|(_, v)| *v)
}

fn rest_value(rest: &str) -> Option<u64> {
    let mut total = 0;
    for part in rest.split(['-', ' ']).filter(|p| !p.is_empty()) {
        total += word_value(part)?;
    }
    Some(total)
}

/// "two" → "2", "thirty-five" → "35", "a day" → "1 day", "half an hour" →
/// "30 minute", "a hundred" → "100". Vague words ("a couple", "a few") stay.
fn numbers_as_digits(folded: &str, map: &[Range<usize>]) -> (String, Vec<Range<usize>>) {
    let mut out = String::with_capacity(folded.len());
    let mut out_map = Vec::with_capacity(map.len());
    let mut last = 0;
    for caps in NUMBER_WORDS.captures_iter(folded) {
        let whole = caps.get(0).expect("group 0");
        let replacement: Option<String> = if let Some(hu) = caps.name("hu") {
            let hundreds = if hu.as_str() == "a" {
                1
            } else {
                word_value(hu.as_str()).unwrap_or(0)
            };
            let rest = caps.name("rest").map_or(Some(0), |r| rest_value(r.as_str()));
            rest.map(|rest| (hundreds * 100 + rest).to_string())
        } else if let Some(t) = caps.name("t") {
            let unit = caps.name("tu").map_or(0, |u| word_value(u.as_str()).unwrap_or(0));
            Some((word_value(t.as_str()).unwrap_or(0) + unit).to_string())
        } else if let Some(u) = caps.name("u") {
            word_value(u.as_str()).map(|v| v.to_string())
        } else if let Some(unit) = caps.name("unit") {
            match unit.as_str() {
                "thousand" => Some("1000".to_owned()),
                "dozen" => Some("12".to_owned()),
                other => Some(format!("1 {other}")),
            }
        } else {
            caps.name("hunit").map(|unit| {
                match unit.as_str() {
                    "hour" => "30 minute",
                    "minute" => "30 second",
                    "second" => "500 ms",
                    "day" => "12 hour",
                    _ => "512 mb",
                }
                .to_owned()
            })
        };
        let Some(replacement) = replacement else { continue };
        // "once a week", "per day", "twice a month" stay words: they name a frequency.
        if caps.name("unit").is_some() {
            let before = folded[..whole.start()].trim_end();
            if ["once", "twice", "per", "every", "each", "times"]
                .iter()
                .any(|w| before.ends_with(w))
            {
                continue;
            }
        }
        out.push_str(&folded[last..whole.start()]);
        out_map.extend_from_slice(&map[last..whole.start()]);
        let source = map[whole.start()].start..map[whole.end() - 1].end;
        for b in replacement.bytes() {
            out.push(b as char);
            out_map.push(source.clone());
        }
        last = whole.end();
    }
    out.push_str(&folded[last..]);
    out_map.extend_from_slice(&map[last..]);
    (out, out_map)
}

/// Sentence ends: `.`, `!`, `?` before a space or the end, `;`, new lines.
static SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"[.!?]+(?:\s|$)|;|\n|\s+but\s+|\s+however\b|\s+although\s+")
        .expect("sentence pattern")
});

/// Segment breaks inside a sentence: commas, dashes between words,
/// parentheses, "and"/"or"/"plus" between clauses.
static SEGMENT_BREAK: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r",|\s-+\s|\(|\)|\s+(?:and|or|plus|then|while|whereas|with)\s+")
        .expect("segment pattern")
});

/// Words that make a whole segment unsure.
static HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"(?x)\b(?:maybe|probably|perhaps|possibly|presumably|might|may\s+(?:be|add|follow|go|use|move|switch|want|need|come|end)|could|tbd|tbc|tba|to\s+be\s+(?:decided|determined|confirmed|agreed|defined|discussed)|not\s+(?:yet\s+)?(?:sure|decided|settled|final|agreed|confirmed)|unsure|undecided|haven't\s+decided|have\s+not\s+decided|not\s+decided|still\s+deciding|we'll\s+see|we\s+will\s+see|thinking\s+(?:about|of)|considering|leaning|ideally|hopefully|eventually|someday|some\s+day|one\s+day|in\s+the\s+future|down\s+the\s+(?:road|line)|later\s+on|at\s+some\s+point|planning\s+to|plan\s+to|hope\s+to|would\s+like|would\s+be\s+nice|(?:i'd|we'd|i\s+would|we\s+would)\s+love|planned\s+for|(?:is|are)\s+planned|once\s+(?:we|the|our|it|they|(?:\w+\s+){1,3}(?:ships?|signs?\s+up|launch\w*|lands?|is\s+ready|goes\s+live|grows?|arrives?))|wish|open\s+question|unknown|depends|guess|roughly|around\s+\$?\d+|about\s+\$?\d+|somewhere|roadmap|not\s+scheduled|before\s+(?:launch|go-?live|release)|we'll\s+(?:bump|raise|increase|move|switch|add|go|revisit)|bump\w*|approx\w*|~|i'm\s+thinking|thinking|\?|\betc\b\s*\?|if\s+(?:we|budget|traffic|load|usage|needed|necessary|latency|demand|things|it's|it\s+is)|once\s+we|starting\s+(?:next|in|from)|next\s+(?:quarter|month|year|sprint|release)|from\s+(?:january|february|march|april|may|june|july|august|september|october|november|december|next)|until\s+then|until\s+launch|when\s+the\s+\w+(?:\s+\w+)?\s+opens|nice[- ]to[- ]have|wish\s*-?list|on\s+the\s+list\s+for|(?:for|in|by)\s+q[1-4]|we'll\s+(?:offer|support|provide|have|introduce|enable|adopt)|will\s+offer|would\s+be|(?:i'd|we'd|i\s+would|we\s+would)\s+rather|may\s+take|might\s+take|could\s+take|say|when\s+we\s+(?:get|have|grow|need|go|move|expand|add)|q[1-4]|if\s+(?:\w+\s+){1,2}(?:becomes?|gets?|grows?)|(?:i'd|we'd)\s+(?:set|like|prefer|want|go|use|pick|choose|add)|otherwise\s*$|we\s+should|should\s+(?:add|start|test|use|move|switch|happen|adopt|introduce|look\s+into)|migrating\s+to|moving\s+to|will\s+migrate|when\s+(?:investigating|debugging|troubleshooting)|after\s+(?:launch|go-?live)|(?:in|for|until)\s+v2|phase\s+[23]|later)\b|\?",
    )
    .expect("hedge pattern")
});

/// Hedges that make a whole sentence unsure wherever they stand in it.
static STRONG_HEDGE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:not\s+(?:yet\s+)?(?:sure|decided|settled|agreed|confirmed)|undecided|tbd|tbc|to\s+be\s+(?:decided|agreed|confirmed|determined|discussed)|still\s+deciding|haven't\s+decided|open\s+question|we'll\s+see|aren't\s+decided|isn't\s+decided|or\s+so|before\s+(?:launch|go-?live|release)|at\s+launch|we'll\s+(?:bump|raise|increase|grow|move|switch)|will\s+(?:bump|raise|increase|grow)|bump\w*\s+(?:it|that|this)\s+(?:up\s+)?to|(?:today|currently|right\s+now|at\s+the\s+moment)\b.*\b(?:want|wants|plan\s+is|going\s+forward|should\s+be|instead)|i\s+think|i\s+believe|i\s+suppose|iirc|afaik|if\s+i\s+recall\w*|whatever's|whichever|anywhere\s+(?:in|is|will|works|would)|went\s+from)\b|\bif\b.*\b(?:else|otherwise)\b|\d+\s*[a-z]*\s*,?\s+or\s+(?:maybe\s+|perhaps\s+|even\s+)?\$?\d|,\s*or\s+(?:maybe\s+|perhaps\s+|even\s+)?\$?\d|\d+\s*[a-z]*\s*,\s*(?:maybe|perhaps|possibly|probably)\s+\$?\d|~\s*\$?\d")
        .expect("strong hedge pattern")
});

/// A segment that is nothing but a hedge ("…, probably."): the sentence is unsure.
static HEDGE_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:i\s+think|i\s+guess|probably|maybe|perhaps|possibly|hopefully|ideally|not\s+sure|i\s+believe|we\s+think|tbd|i\s+hope)\s*[.!?]*\s*$")
        .expect("hedge-only pattern")
});

/// Option lists and blanks left from a template.
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\||_{2,}|<[a-z _-]+>|\byes\s*/\s*no\b|\bno\s*/\s*yes\b|\[[a-z0-9 _-]+/[a-z0-9 _/-]+\]|\.\.\.|\bx{3,}\b|\bn/a\b|\bxx\b").expect("placeholder pattern")
});

static NEGATION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:no|not|without|never|none|nor|neither|skip(?:ping)?|disabled?|nothing|zero|don't|dont|doesn't|won't|isn't|aren't|aren't|haven't|hasn't|didn't|can't|cannot|do\s+not|does\s+not|will\s+not|is\s+not|are\s+not|has\s+not|have\s+not|lack(?:s|ing)?|out\s+of\s+scope)\b").expect("negation pattern")
});

static EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:e\.g\.?|eg|for\s+example|such\s+as|i\.e\.?|looked\s+at|thought\s+about|(?:we|i)\s+had|dropped|removed|turned\s+off|cancel+ed|ripped\s+out|got\s+rid\s+of|no\s+need\s+for|stopped\s+using|retired|suggested|recommended|proposed|floated|pitched|recommends|suggests|our\s+competitors?|(?:our|the)\s+(?:mobile\s+app|frontend|front-end|java\s+service|marketing\s+site|zendesk|\w+\s+team)|\(\s*(?:was|formerly|previously|ex)|competitors?\s+(?:use|uses|have|has|offer)|previous\s+employer|(?:staff|agents|employees)\s+log\s+in|(?:moved|migrated|switched|came)\s+(?:\w+\s+){1,3}?from|(?:upgraded|migrated|moved|switched)\s+from|pushed\s+for|argued\s+for|wants|said|decided\s+against|decided\s+not\s+to\s+\w+|(?:i|we)\s+used\s+to(?:\s+\w+)?|(?:i|we)\s+used|back\s+when|at\s+my\s+(?:last|previous|old)\s+\w+|started\s+(?:out\s+)?(?:in|on)|originally|considered|evaluated|compared|trialed|trialled|tried|rejected|ruled\s+out|instead\s+of|rather\s+than|in\s+place\s+of|used\s+to(?:\s+\w+)?|previously|formerly|before\s+that|was\s+on|were\s+on|were\s+using|was\s+using|moving\s+(?:off|away\s+from|from)|moved\s+(?:off|away\s+from|from)|migrat\w+\s+(?:off|away\s+from|from)|switch\w*\s+(?:off|away\s+from|from)|coming\s+from|leaving|replac\w+|cheaper\s+than|unlike|vs\.?|versus|than|like|similar\s+to|other\s+than|except|alternative\w*|legacy|old)\b",
    )
    .expect("exclusion pattern")
});

/// Where a negation or an exclusion stops: the chosen option follows.
static PIVOT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:to|now|went\s+with|go(?:ing)?\s+with|chose|chosen|picked|pick|settled\s+on|decided\s+on|use|using|so|for|in\s+favou?r\s+of|but|only|just)\b").expect("pivot pattern")
});

/// "no more than 5", "never fewer than 2": bounds, not negations.
static COMPARATIVE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:more|less|fewer|longer|later|slower|higher|lower|greater|over|above|below|under|exceed\w*)\b").expect("comparative pattern")
});

static TWO_STATES: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:today|currently|right\s+now|at\s+the\s+moment)\b.*\b(?:(?:we|i)\s+want|but\s+want|plan\s+is|going\s+forward|should\s+be|instead)\b").expect("two states pattern")
});

/// Words about something other than this app: another team's or company's
/// tools, a legacy system, the office, a hotfix path. The segment is left aside.
static ELSEWHERE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:legacy|we're\s+deleting|being\s+(?:deleted|retired|removed|decommissioned)|(?:platform|data|ops|mobile|other|another|analytics)\s+team(?:'s)?|previous\s+(?:employer|company|job)|competitors?|vendor's|(?:is|are)\s+(?:only|just)\s+(?:for|used\s+for)|only\s+for\s+the|status\s+page|has\s+its\s+own|have\s+their\s+own|hotfix\w*|in\s+an\s+emergency|analytics\s+(?:db|database)|data\s+warehouse|offices?\s+(?:is|are|in|opens?)|hq|headquarter\w*|(?:a|an|our)\s+\w+\s+company|cdn|support\s+team(?:'s)?|audit\s+office|marketing\s+site|(?:infra|sre|web|payments|security|frontend|backend|mobile)\s+team(?:'s)?|ml\s+model|separate\s+(?:worker|system|service|app)|read\s+replicas?|stripe|webhooks?|zendesk|frontend|front-end|mobile\s+app(?:'s)?|java\s+service|vercel|company-?wide|whole\s+company(?:'s)?|across\s+all|bill\s+alone|per\s+(?:developer|seat|user)|buckets?|internal\s+\w+\s+endpoint|\w+'s\s+problem|admin\s+(?:panel|page)|\w+'s\s+own|only\s+used\s+by|credentials\s+for|app\s+token|integration|weekly\s+(?:email|report)|(?:fly|heroku|render|the\s+platform)\s+keeps|free\s+(?:allowance|tier)|allowance|defaults?\s+to|by\s+default|guide|template\s+ships|they\s+(?:run|use|have|keep)|client\s+only|all\s+(?:tools|apps|services|projects)|only\s+runs\s+tests|runs\s+tests\s+only|logs\s+are\s+shipped)\b")
        .expect("elsewhere pattern")
});

/// "…, not us": the piece before is about someone else.
static NOT_US: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:but\s+)?not\s+(?:for\s+|in\s+|used\s+by\s+)?(?:us|ours|this\s+(?:one|1|app|api|service|project|codebase|repo))\s*[.!]*\s*$|^\s*(?:excluded|not\s+included|not\s+counted)\s*[.!]*\s*$|^\s*(?:we\s+)?(?:migrated|moved|switched|upgraded)\s+to\b")
        .expect("not us pattern")
});

/// "Datadog — just kidding, Sentry": what came before is taken back.
static RETRACTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:(?:just\s+)?kidding|jk|j/k|scratch\s+that|i\s+mean|correction)\b")
        .expect("retraction pattern")
});

/// "'Just use Datadog', said our CTO": the words before are someone's opinion.
static REPORTED: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"^\s*(?:said|says|asked|argued|suggested|insisted|joked|claimed|according\s+to)\b",
    )
    .expect("reported speech pattern")
});

/// Words that make a whole answer unsure: a correction ("sorry, two",
/// "actually make that 4"), sarcasm ("oh sure, 50 instances"), slang
/// refusals, an approval still pending, "anything but AWS", an option list
/// to pick from. Reading around them is how wrong values get in.
/// Words that make a whole answer unsure, grouped by why.
const ABSTAIN_WORDS: &[&str] = &[
    // A correction in flight: what came before it may be the wrong value.
    r"sorry|correction|actually\s+(?:no|make)|no\s+wait|wait,|make\s+that|i\s+mean",
    // Sarcasm and jokes: the words say the opposite of what they mean.
    r"lol|lmao|haha|oh\s+sure|yeah\s+right",
    // Not decided yet: a plan, an approval to come, a draft.
    r"realistically|pending|going\s+to|subject\s+to|sign-off|signoff|not\s+final|copied\s+from",
    // Everything except one thing: no value is named.
    r"any(?:thing|where|one)\s+but",
    // A form left unfilled: options offered, none chosen.
    r"pick\s+one|choose\s+one|one\s+of\s+the\s+following|delete\s+as\s+appropriate|as\s+appropriate",
];

static ABSTAIN: LazyLock<Regex> = LazyLock::new(|| {
    // "Well," and a trailing or leading "actually" also correct what came before.
    let words = ABSTAIN_WORDS.join("|");
    crate::interpret::pattern::new(&format!(
        r"\b(?:{words})\b|\bwell,|,\s*actually\b|\bactually\s*(?:,|[.!;]|$)|\bactually\s+we\b"
    ))
    .expect("abstain pattern")
});

static BARE_NO: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:no|none|nope|nah|not\s+needed|n/a|false|off|hard\s+(?:pass|no)|not\s+a\s+chance|no\s+way|in\s+(?:our|your)\s+dreams|not\s+worth\s+it|ha)\s*[.!]*\s*$")
        .expect("bare no pattern")
});

/// Words after an option that leave it aside ("Aurora was on the list too").
static POST_EXCLUSION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:was|were)\s+(?:also\s+|once\s+|first\s+)?(?:on\s+the\s+list|considered|an?\s+options?|options|rejected|ruled\s+out|too\s+\w+|dropped|abandoned|suggested|proposed|recommended|mentioned|floated|pitched|discussed|the\s+(?:original\s+|first\s+|initial\s+)?(?:plan|idea|default))\b|\bdidn't\s+make\s+the\s+cut\b|\b(?:before|previously|earlier|in\s+the\s+past)\s*$|\b(?:nah|nope|lol\s+no|hard\s+(?:pass|no))\s*[.!]*\s*$|^\s*(?:was|formerly|previously|ex)\s+\w|\boverkill\b|\brecommends?\b|\bsuggests?\b|\bhad\s+(?:worse|higher|bad|poor)\b|\b(?:is|was|were)\s+(?:worse|slower|too\s+far)\b|\bonce\s*$|\btoo\s+(?:expensive|noisy|pricey|slow|complex|much|many|aggressive|often|frequent|frequently|short|long|low|high|small|big|costly)\b|\bnot\s+needed\b|\bunnecessary\b|\b(?:was|were|is|are|got)\s+(?:removed|dropped|cancel+ed|turned\s+off|ripped\s+out|a\s+disaster|deprecated|retired|replaced|superseded)\b|\bno\s+longer\b|\bnot\s+anymore\b|:\s*(?:no|none|nope|nah|false|off|n/?a|not\s+needed|not\s+for\s+now|not\s+now|not\s+yet|hard\s+(?:pass|no)|not\s+a\s+chance)\b|\b(?:is|are)\s+not\s+(?:part\s+of|in\s+scope|planned|included)\b").expect("post exclusion pattern")
});

static STAGING: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:staging|stage|demo|dev|development|preview|previews|beta|alpha|pilot|prototype|poc|pre-launch|review\s+apps?|test(?:ing)?\s+env\w*|qa|sandbox|local(?:ly)?|laptops?|non-prod\w*|nonprod\w*|pr\s+env\w*)\b").expect("staging pattern")
});

static DEVELOPMENT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(
        r"\b(?:dev|development|local(?:ly)?|laptops?|developers?|devs|on\s+our\s+machines|locally)\b",
    )
    .expect("development pattern")
});

static BUT: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s+(?:but|however|although)\s+").expect("but pattern")
});

static LIST_TAIL_OFF: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*[a-z0-9_.-]+(?:\s+[a-z0-9_.-]+)?\s+(?:are|is|were)\s+(?:not|never)\s+(?:used|needed|in\s+use|required|wired|set)\b")
        .expect("list tail pattern")
});

static CONSEQUENCE: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:so|which|hence|and\s+so)\b").expect("consequence pattern")
});

static SWITCHED_OFF: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:is|are|was|were|got|been|stays?|remains?)\s+(?:\w+\s+){0,2}?(?:disabled|off|turned\s+off|switched\s+off|unused|not\s+used|deprecated|removed|expired|skipped|ignored)\b|\b(?:didn't|did\s+not|never|don't|do\s+not)\s+(?:buy|bought|enable|enabled|turn\s+(?:it\s+|them\s+)?on|use|used|set\s+(?:it\s+)?up|configure|pay\s+for|look\s+at)\b|\bskipped\s+(?:it|them|that)\b|\bexpired\b|\b(?:is|are)\s+(?:just|only)\s+(?:graphed|logged|recorded|collected|displayed|charted)\b|\bnobody\s+(?:looks|uses|checks|reads)\b|\boff\s+by\s+default\b|'s\s+(?:\w+\s+)?off\b|\b(?:currently|now)\s+off\b|\bbehind\s+a\s+(?:feature\s+)?flag\b|\bdisabled\b|\b(?:don't|do\s+not)\s+consider\b|\bonly\s+for\s+(?:the|our)\s+(?:\w+\s+)?(?:app|apps|team|service|clients?)\b|\b(?:aren't|isn't|not)\s+(?:needed|necessary|required|relevant|worth\s+it)\b|\birrelevant\b|\b(?:is|are)\s+out\b|\bavoid\w*\b|\bliabilit\w+\b|\b(?:doesn't|does\s+not|don't)\s+include\b|\bnot\s+included\b|\bwe\s+skipped\b|\b(?:is|was)\s+a\s+(?:pipe\s+)?dream\b|\bcan't\s+afford\b|\bcannot\s+afford\b|\bput\s+us\s+off\b|\btoo\s+(?:pricey|expensive)\b|\bpointless\b|\buseless\b|\bonly\s+(?:watch|look\s+at|graph|chart)\w*\b|\bnot\s+(?:wired|hooked)\s+up\b|\bnothing\s+(?:reads|uses|calls|scrapes)\b|\bnot\s+scraped\b|\bnot\s+used\s+by\s+us\b|\bteam\s+owns\b|\bowned\s+by\b|\bwe\s+wrote\b|\bwrote\s+ourselves\b|\bhome-?made\b|\bin-house\b|\bhand-?written\b|\bnot\s+(?:for\s+)?this\s+(?:one|1|app|api|service)\b")
        .expect("switched-off pattern")
});

/// A label alone in parentheses: "(staging)", "(prod only)", "(in dev)".
static POSTFIX_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"^\s*(?:(?:in|for|on|only)\s+)?(?:staging|stage|dev|development|preview|previews|beta|qa|sandbox|local|test|testing|non-prod|prod|production|live|prd)(?:\s+(?:only|env\w*))?\s*$")
        .expect("postfix label pattern")
});

static PRODUCTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::interpret::pattern::new(r"\b(?:prod|production|live|prd)\b").expect("production pattern")
});

fn segments(folded: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut start = 0;
    let mut sentences = Vec::new();
    for m in SENTENCE_END.find_iter(folded) {
        // "e.g.", "i.e.", "etc.", "vs." end no sentence.
        let before = &folded[..m.start()];
        if m.as_str().starts_with('.')
            && ["e.g", "i.e", "etc", "vs", " eg", " ie"]
                .iter()
                .any(|a| before.ends_with(a))
        {
            continue;
        }
        sentences.push((start..m.start(), m.as_str().contains('?')));
        start = m.end();
    }
    sentences.push((start..folded.len(), false));
    for (sentence, question) in sentences {
        let text = &folded[sentence.clone()];
        let mut cut = 0;
        let mut pieces = Vec::new();
        for m in SEGMENT_BREAK.find_iter(text) {
            // "between 2 and 5", "2 or 3": a range, not two clauses.
            let before = text[..m.start()]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit());
            let after = text[m.end()..]
                .trim_start()
                .starts_with(|c: char| c.is_ascii_digit() || c == '$');
            if before && after && m.as_str().trim() != "," {
                continue;
            }
            pieces.push(cut..m.start());
            cut = m.end();
        }
        pieces.push(cut..text.len());
        // A hedge at sentence level ("We might use X and Y") reaches every
        // segment that follows it in the same sentence; some reach it all.
        let mut hedge_carries = false;
        let whole_hedged =
            STRONG_HEDGE.is_match(text) || pieces.iter().any(|p| HEDGE_ONLY.is_match(&text[p.clone()]));
        // "Feature flags — no.": a bare "no" answers the segment before it;
        // "…, said our CTO" makes it someone's opinion.
        let answered_no: Vec<usize> = pieces
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                let piece = &text[(*p).clone()];
                BARE_NO.is_match(piece) || REPORTED.is_match(piece) || NOT_US.is_match(piece)
            })
            .map(|(i, _)| i)
            .collect();
        let negated: Vec<Range<usize>> = scopes(&NEGATION, text, sentence.start)
            .into_iter()
            .filter(|r| !COMPARATIVE.is_match(&folded[r.clone()]))
            .collect();
        let mut inherited = Env::Unsaid;
        let mut sentence_segments = 0;
        let excluded = scopes(&EXCLUSION, text, sentence.start);
        for (index, piece) in pieces.into_iter().enumerate() {
            let abs = sentence.start + piece.start..sentence.start + piece.end;
            let body = &folded[abs.clone()];
            let hedge_here = HEDGE.is_match(body);
            let hedged = question || whole_hedged || hedge_here || hedge_carries;
            if hedge_here && body.trim_start().starts_with(|c: char| c.is_alphabetic()) {
                hedge_carries = hedge_starts_sentence(body);
            }
            let staging = STAGING.is_match(body);
            let production = PRODUCTION.is_match(body);
            let env = match (production, staging) {
                (true, true) => Env::Mixed,
                (true, false) => Env::Production,
                (false, true) => Env::Other,
                // "Staging: 1 instance, 256MB": the label reaches the whole sentence.
                (false, false) => inherited,
            };
            inherited = env;
            // "1 instance (staging), 3 (prod)": a label in parentheses names
            // the words before it, and nothing after.
            if text[..piece.start].ends_with('(') && POSTFIX_LABEL.is_match(body) {
                let first = out.len() - sentence_segments;
                if let Some(previous) = out[first..]
                    .iter_mut()
                    .rev()
                    .find(|s| !folded[s.range.clone()].trim().is_empty())
                {
                    previous.env = env;
                }
                inherited = Env::Unsaid;
            }
            let mut excluded = clip(&excluded, &abs);
            if POST_EXCLUSION.is_match(body) || ELSEWHERE.is_match(body) || answered_no.contains(&(index + 1))
            {
                excluded.push(abs.clone());
            }
            // "…, just kidding, Sentry": every piece before is taken back;
            // "… . Jk, 2 instances": the sentence before too.
            if RETRACTION.is_match(body) {
                let first = out.len() - sentence_segments;
                let opens_sentence = out[first..]
                    .iter()
                    .all(|s| folded[s.range.clone()].trim().is_empty());
                let from = if opens_sentence {
                    let previous = out[..first].last().map(|s| s.sentence.clone());
                    out[..first]
                        .iter()
                        .position(|s| Some(&s.sentence) == previous.as_ref())
                        .unwrap_or(first)
                } else {
                    first
                };
                for earlier in &mut out[from..] {
                    let range = earlier.range.clone();
                    earlier.excluded.push(range);
                }
            }
            sentence_segments += 1;
            out.push(Segment {
                range: abs.clone(),
                sentence: sentence.clone(),
                hedged,
                placeholder: PLACEHOLDER.is_match(body) || slash_options(body),
                env,
                negated: clip(&negated, &abs),
                excluded,
            });
        }
        // "We use LaunchDarkly. Not in this API.": the sentence before is about elsewhere.
        if sentence_segments > 0
            && first_sentence_segment_is_not_us(&out[out.len() - sentence_segments..], folded)
        {
            let this_first = out.len() - sentence_segments;
            let previous_sentence = out[..this_first].last().map(|s| s.sentence.clone());
            if let Some(previous_sentence) = previous_sentence {
                for earlier in out[..this_first]
                    .iter_mut()
                    .filter(|s| s.sentence == previous_sentence)
                {
                    let range = earlier.range.clone();
                    earlier.excluded.push(range);
                }
            }
        }
        // One environment named in a sentence ("Heroku while we're in beta")
        // is the environment of its unlabelled segments too.
        let first = out.len() - sentence_segments;
        let labels: Vec<Env> = out[first..]
            .iter()
            .map(|s| s.env)
            .filter(|e| *e != Env::Unsaid)
            .collect();
        if let Some(label) = labels.first().copied().filter(|l| labels.iter().all(|e| e == l)) {
            for segment in &mut out[first..] {
                if segment.env == Env::Unsaid {
                    segment.env = label;
                }
            }
        }
    }
    out
}

/// "email/Slack/PagerDuty", "json/text", "7/30/90 days": options to pick
/// from. Paths ("/api/v1/health") and severities ("P0/P1/P2") are not.
fn slash_options(body: &str) -> bool {
    static OPTIONS: LazyLock<Regex> = LazyLock::new(|| {
        crate::interpret::pattern::new(r"[a-z][a-z0-9.-]*\s*/\s*[a-z][a-z0-9.-]*(?:\s*/\s*[a-z][a-z0-9.-]*)+|\b\d+\s*/\s*\d+\s*/\s*\d+\b|\b(?:json|text|logfmt|plain)\s*/\s*(?:json|text|logfmt|plain)\b|\b(?:debug|info|warn\w*|error)\s*/\s*(?:debug|info|warn\w*|error)\b")
            .expect("slash options pattern")
    });
    OPTIONS.find_iter(body).any(|m| {
        let text = m.as_str();
        let path = body[..m.start()].ends_with('/');
        let severities = text.split('/').all(|p| {
            let p = p.trim();
            p.len() == 2 && p.starts_with('p') && p.ends_with(|c: char| c.is_ascii_digit())
        });
        !path && !severities && text != "ci/cd" && text != "and/or"
    })
}

/// A sentence that is nothing but "not in this API" / "not us".
fn first_sentence_segment_is_not_us(segments: &[Segment], folded: &str) -> bool {
    let pieces: Vec<&str> = segments
        .iter()
        .map(|s| &folded[s.range.clone()])
        .filter(|t| !t.trim().is_empty())
        .collect();
    pieces.len() == 1 && NOT_US.is_match(pieces[0])
}

/// "We might use X and Y": a hedge that governs the whole sentence.
fn hedge_starts_sentence(body: &str) -> bool {
    static LEADING: LazyLock<Regex> = LazyLock::new(|| {
        crate::interpret::pattern::new(r"^\s*(?:if|unless|when|whenever|should)\b|^\s*(?:[\w']+\s+){0,2}(?:might|may|maybe|probably|perhaps|possibly|could|thinking|considering|planning|plan|hope|would)\b")
            .expect("leading hedge pattern")
    });
    LEADING.is_match(body)
}

fn clip(ranges: &[Range<usize>], to: &Range<usize>) -> Vec<Range<usize>> {
    ranges
        .iter()
        .filter(|r| r.start < to.end && to.start < r.end)
        .map(|r| r.start.max(to.start)..r.end.min(to.end))
        .collect()
}

/// From each marker to the next pivot word, comma or the sentence's end:
/// "evaluated Datadog and New Relic" leaves both aside.
fn scopes(marker: &Regex, body: &str, offset: usize) -> Vec<Range<usize>> {
    marker
        .find_iter(body)
        .map(|m| {
            let rest = &body[m.end()..];
            // "used to send alerts to #alerts": "to" belongs to the old setup.
            let rest_for_pivot = if m.as_str().contains("used to")
                || m.as_str().contains("had")
                || m.as_str() == "back when"
            {
                ""
            } else {
                rest
            };
            // "e.g. fra, ams, lhr": every item of the examples is left aside.
            let examples = ["e.g", "eg", "for example", "such as", "i.e"]
                .iter()
                .any(|e| m.as_str().starts_with(e));
            if examples {
                let end = [")", ";", ", and", " - "]
                    .iter()
                    .filter_map(|stop| rest.find(stop))
                    .min()
                    .unwrap_or(rest.len());
                return offset + m.end()..offset + m.end() + end;
            }
            // A pivot right after the marker ("don't use X") ends nothing.
            let pivot = PIVOT
                .find_iter(rest_for_pivot)
                .find(|p| !rest_for_pivot[..p.start()].trim().is_empty())
                .map(|p| p.start());
            let comma = rest.find([',', ';', ':']);
            let end = match (pivot, comma) {
                (Some(p), Some(c)) => m.end() + p.min(c),
                (Some(p), None) | (None, Some(p)) => m.end() + p,
                (None, None) => body.len(),
            };
            offset + m.end()..offset + end
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_words_become_digits_and_keep_their_source() {
        let t = Text::new("Two instances, up to twenty-five, keep it for a day");
        assert_eq!(t.folded, "2 instances, up to 25, keep it for 1 day");
        let at = t.folded.find("25").unwrap();
        assert_eq!(t.words(&(at..at + 2)), "twenty-five");
    }

    #[test]
    fn thousands_separators_and_dashes_fold() {
        let t = Text::new("$1,500 \u{2013} 2,000");
        assert_eq!(t.folded, "$1500 - 2000");
    }

    #[test]
    fn hedges_negations_and_exclusions_are_marked() {
        let t = Text::new("Fly.io for now, maybe AWS later");
        let aws = t.folded.find("aws").unwrap();
        assert!(!t.certain(&(aws..aws + 3)));
        let fly = t.folded.find("fly").unwrap();
        assert!(t.certain(&(fly..fly + 3)));

        let t = Text::new("OAuth and API keys, no MFA in v1");
        let mfa = t.folded.find("mfa").unwrap();
        assert!(t.negated(&(mfa..mfa + 3)));

        let t = Text::new("Looked at Datadog, went with Sentry");
        let dd = t.folded.find("datadog").unwrap();
        assert!(!t.certain(&(dd..dd + 7)));
        let s = t.folded.find("sentry").unwrap();
        assert!(t.certain(&(s..s + 6)));
    }

    #[test]
    fn environments_are_told_apart() {
        let t = Text::new("Staging runs 1 instance; production runs 3");
        let one = t.folded.find('1').unwrap();
        assert_eq!(t.env(&(one..one + 1)), Env::Other);
        let three = t.folded.find('3').unwrap();
        assert_eq!(t.env(&(three..three + 1)), Env::Production);
    }
}
