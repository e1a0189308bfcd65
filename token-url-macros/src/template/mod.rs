//! The template parser: plain Rust on `&str`, with no proc-macro types, so
//! that it can be unit-tested and property-tested like any function.
//!
//! ```text
//! template    = [ origin ] path [ "?" query ] [ "#" fragment ]
//! origin      = ( "http" / "https" ) "://" host [ ":" port ]
//! path        = "/" [ segment *( "/" segment ) ]
//! segment     = 1*( pchar / placeholder )
//! placeholder = "<" identifier ">" / "<" identifier "..>"
//! query       = pair *( "&" pair )
//! pair        = key [ "=" value ] / "<" identifier "..>"
//! fragment    = *( fchar / placeholder )
//! ```
//!
//! The parser goes on after a problem, so that every problem in a template
//! is reported at once.

use std::fmt::Write as _;
use std::ops::Range;

use crate::problem::Problem;

/// A parsed template. Every `&str` borrows from the template text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Template<'a> {
    /// `scheme://host[:port]` of an absolute template.
    pub(crate) origin: Option<&'a str>,
    /// The path segments; an empty last segment is a trailing slash, and
    /// `/` alone is one empty segment.
    pub(crate) segments: Vec<Segment<'a>>,
    /// A `<rest..>` placeholder that is the last segment.
    pub(crate) rest: Option<Placeholder<'a>>,
    /// The query pairs, if the template has a query.
    pub(crate) query: Option<Vec<Pair<'a>>>,
    /// A `<pairs..>` placeholder that ends the query.
    pub(crate) query_tail: Option<Placeholder<'a>>,
    /// The fragment, if the template has one.
    pub(crate) fragment: Option<Vec<Piece<'a>>>,
    /// Placeholders reported as misplaced or as written `{name}`. They are
    /// not filled, but an argument that names one is not also reported as
    /// unused.
    pub(crate) misplaced: Vec<Placeholder<'a>>,
}

/// A path segment as the template writes it.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Segment<'a> {
    pub(crate) text: &'a str,
    pub(crate) pieces: Vec<Piece<'a>>,
}

/// Literal text or a placeholder.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Piece<'a> {
    Text(&'a str),
    Placeholder(Placeholder<'a>),
}

/// A `<name>` or `<name..>` placeholder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placeholder<'a> {
    pub(crate) name: &'a str,
    /// Byte range of the whole placeholder, `<` to `>`.
    pub(crate) range: Range<usize>,
}

/// A query pair: `key`, `key=value` with text and placeholders in the value.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Pair<'a> {
    pub(crate) key: &'a str,
    pub(crate) value: Option<Vec<Piece<'a>>>,
    /// The pair as the template writes it.
    pub(crate) text: &'a str,
}

impl<'a> Template<'a> {
    /// Returns every placeholder in template order.
    pub(crate) fn placeholders(&self) -> Vec<&Placeholder<'a>> {
        let mut found = Vec::new();
        for segment in &self.segments {
            found.extend(placeholders_in(&segment.pieces));
        }
        found.extend(&self.rest);
        for pair in self.query.iter().flatten() {
            found.extend(placeholders_in(pair.value.iter().flatten()));
        }
        found.extend(&self.query_tail);
        found.extend(placeholders_in(self.fragment.iter().flatten()));
        found
    }
}

fn placeholders_in<'t, 'a: 't>(
    pieces: impl IntoIterator<Item = &'t Piece<'a>>,
) -> impl Iterator<Item = &'t Placeholder<'a>> {
    pieces.into_iter().filter_map(|piece| match piece {
        Piece::Placeholder(placeholder) => Some(placeholder),
        Piece::Text(_) => None,
    })
}

/// The component a character is in, which decides the characters allowed
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Component {
    Path,
    QueryKey,
    QueryValue,
    Fragment,
}

impl Component {
    fn describe(self) -> &'static str {
        match self {
            Component::Path => "a path segment",
            Component::QueryKey => "a query key",
            Component::QueryValue => "a query value",
            Component::Fragment => "the fragment",
        }
    }

    /// Returns whether `byte` may appear unencoded here (RFC 3986 `pchar`,
    /// plus `/` and `?` outside the path). The delimiters that end a
    /// component (`/`, `?`, `#`, `&`, `=`) never reach this check.
    fn allows(self, byte: u8) -> bool {
        let pchar = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b':'
                    | b'@'
            );
        pchar || (self != Component::Path && matches!(byte, b'/' | b'?'))
    }
}

/// Parses a template, returning what it could parse and every problem.
pub(crate) fn parse(template: &str) -> (Template<'_>, Vec<Problem>) {
    let mut parser = Parser {
        template,
        problems: Vec::new(),
        misplaced: Vec::new(),
    };
    let mut parsed = parser.template();
    parser.check_duplicates(&parsed);
    parsed.misplaced = parser.misplaced;
    (parsed, parser.problems)
}

struct Parser<'a> {
    template: &'a str,
    problems: Vec<Problem>,
    misplaced: Vec<Placeholder<'a>>,
}

impl<'a> Parser<'a> {
    fn problem(&mut self, range: Range<usize>, message: impl Into<String>) {
        self.problems.push(Problem::new(range, message));
    }

    /// Records the placeholder in `range`, written `<name>`, `<name..>` or
    /// `{name}`, as misplaced.
    fn misplaced(&mut self, range: Range<usize>) {
        let text = &self.template[range.clone()];
        let name = text
            .trim_start_matches(['<', '{'])
            .trim_end_matches(['>', '}'])
            .trim_end_matches("..");
        self.misplaced.push(Placeholder { name, range });
    }

    fn template(&mut self) -> Template<'a> {
        let template = self.template;
        let mut parsed = Template::default();
        if template.is_empty() {
            self.problem(
                0..0,
                "the template is empty; write a path such as `/execute/Email/list_pops`",
            );
            return parsed;
        }
        let Some(path_start) = self.origin(&mut parsed) else {
            return parsed;
        };
        let fragment_start = template.find('#');
        let before_fragment = fragment_start.unwrap_or(template.len());
        let query_start = template[..before_fragment].find('?');
        let path_end = query_start.unwrap_or(before_fragment);

        self.path(path_start..path_end, &mut parsed);
        if let Some(start) = query_start {
            self.query(start + 1..before_fragment, &mut parsed);
        }
        if let Some(start) = fragment_start {
            let pieces = self.pieces(start + 1..template.len(), Component::Fragment);
            parsed.fragment = Some(pieces);
        }
        parsed
    }

    fn path(&mut self, range: Range<usize>, parsed: &mut Template<'a>) {
        let template = self.template;
        // The range starts at the `/` that begins the path, except when the
        // template does not start with `/` at all.
        let body_start = if template[range.clone()].starts_with('/') {
            range.start + 1
        } else {
            range.start
        };
        let body = &template[body_start..range.end];
        let count = body.split('/').count();
        let mut start = body_start;
        for (index, text) in body.split('/').enumerate() {
            let segment_range = start..start + text.len();
            start = segment_range.end + 1;
            let last = index + 1 == count;
            if parsed.rest.is_some() {
                let rest = parsed.rest.take().expect("checked above");
                self.problem(
                    rest.range.clone(),
                    format!(
                        "`<{}..>` must be the last segment of the path; move it to the end, or \
                         write `<{}>` for a single segment",
                        rest.name, rest.name
                    ),
                );
                self.misplaced.push(rest);
            }
            if text.is_empty() {
                if !last {
                    let slash = segment_range.start.saturating_sub(1);
                    self.problem(
                        slash..segment_range.end + 1,
                        "empty path segment: servers drop it, so the URL would name another \
                         path; remove one `/`",
                    );
                    continue;
                }
                // A trailing slash, or the root path `/`.
                parsed.segments.push(Segment {
                    text,
                    pieces: Vec::new(),
                });
                continue;
            }
            if let Some(rest) = self.rest_placeholder(segment_range.clone()) {
                parsed.rest = Some(rest);
                continue;
            }
            let pieces = self.pieces(segment_range.clone(), Component::Path);
            self.check_static_segment(segment_range, &pieces);
            parsed.segments.push(Segment { text, pieces });
        }
    }

    /// Returns the placeholder if the whole range is `<name..>`.
    fn rest_placeholder(&mut self, range: Range<usize>) -> Option<Placeholder<'a>> {
        let text = &self.template[range.clone()];
        let name = text.strip_prefix('<')?.strip_suffix("..>")?;
        if name.contains(['<', '>']) {
            return None;
        }
        self.check_name(name, range.clone());
        Some(Placeholder { name, range })
    }

    fn check_static_segment(&mut self, range: Range<usize>, pieces: &[Piece<'a>]) {
        let text = &self.template[range.clone()];
        if let [Piece::Text(_)] | [] = pieces {
            if is_dot_segment(text) {
                let resolve = if text.contains('%') {
                    let decoded = text.replace("%2E", ".").replace("%2e", ".");
                    format!("servers decode it to `{decoded}` and resolve it")
                } else {
                    "servers resolve it".to_owned()
                };
                self.problem(
                    range.clone(),
                    format!(
                        "`{text}` segment: {resolve} as a path step, so the URL would name \
                         another path; remove it"
                    ),
                );
            }
        }
        let leading_text = match pieces.first() {
            Some(Piece::Text(leading)) => *leading,
            _ => "",
        };
        if let Some(after) = leading_text.strip_prefix("cpsess") {
            let looks_like_token =
                after.is_empty() || after.starts_with(|c: char| c.is_ascii_digit());
            if looks_like_token {
                let end = range.start + 6 + after.bytes().take_while(u8::is_ascii_digit).count();
                let token_text = &self.template[range.start..end];
                self.problem(
                    range.start.saturating_sub(1)..end,
                    format!(
                        "the template already contains a security token `/{token_text}`; remove \
                         it, because the macro inserts the token itself (pass `token = &token` \
                         to choose it)"
                    ),
                );
            }
        }
    }

    fn query(&mut self, range: Range<usize>, parsed: &mut Template<'a>) {
        let template = self.template;
        let question = range.start - 1;
        if range.is_empty() {
            self.problem(
                question..question + 1,
                "empty query after `?`; remove the `?`, or add a pair such as `key=<value>`",
            );
            parsed.query = Some(Vec::new());
            return;
        }
        let mut pairs = Vec::new();
        let text = &template[range.clone()];
        let count = text.split('&').count();
        let mut start = range.start;
        for (index, pair_text) in text.split('&').enumerate() {
            let pair_range = start..start + pair_text.len();
            start = pair_range.end + 1;
            if let Some(tail) = parsed.query_tail.take() {
                self.problem(
                    tail.range.clone(),
                    format!(
                        "`<{}..>` must be the last pair of the query; move it to the end",
                        tail.name
                    ),
                );
                self.misplaced.push(tail);
            }
            if pair_text.is_empty() {
                let (problem_start, problem_end) = if index + 1 == count {
                    (pair_range.start.saturating_sub(1), pair_range.end)
                } else {
                    (pair_range.start.saturating_sub(1), pair_range.end + 1)
                };
                self.problem(
                    problem_start..problem_end,
                    "empty query pair; remove the extra `&`",
                );
                continue;
            }
            if let Some(tail) = self.rest_placeholder(pair_range.clone()) {
                parsed.query_tail = Some(tail);
                continue;
            }
            let (key, value) = match pair_text.find('=') {
                Some(equals) => (
                    pair_range.start..pair_range.start + equals,
                    Some(pair_range.start + equals + 1..pair_range.end),
                ),
                None => (pair_range.clone(), None),
            };
            self.query_key(key.clone());
            let value = value.map(|value| self.pieces(value, Component::QueryValue));
            pairs.push(Pair {
                key: &template[key],
                value,
                text: pair_text,
            });
        }
        parsed.query = Some(pairs);
    }

    fn query_key(&mut self, range: Range<usize>) {
        let key = &self.template[range.clone()];
        if key.is_empty() {
            self.problem(
                range.start..range.start + 1,
                "empty query key; write the key before `=`",
            );
            return;
        }
        if let Some(at) = key.find('<') {
            let end = key[at..]
                .find('>')
                .map_or(range.end, |close| range.start + at + close + 1);
            self.problem(
                range.start + at..end,
                "a query key cannot be a placeholder; write the key in the template \
                 (`key=<value>`), or end the query with `<pairs..>` for keys chosen at run time",
            );
            self.misplaced(range.start + at..end);
            return;
        }
        let pieces = self.pieces(range, Component::QueryKey);
        debug_assert!(pieces.iter().all(|piece| matches!(piece, Piece::Text(_))));
    }

    /// Splits text and placeholders, reporting every character that is not
    /// allowed in `component`.
    fn pieces(&mut self, range: Range<usize>, component: Component) -> Vec<Piece<'a>> {
        let template = self.template;
        let text = &template[range.clone()];
        let mut pieces = Vec::new();
        let mut text_start = range.start;
        let mut offset = 0;
        while offset < text.len() {
            let at = range.start + offset;
            let character = text[offset..].chars().next().expect("offset is in bounds");
            match character {
                '<' => {
                    let Some(close) = text[offset + 1..]
                        .find(['>', '<'])
                        .map(|close| offset + 1 + close)
                    else {
                        self.problem(
                            at..range.end,
                            "unclosed placeholder: `<` has no matching `>`; close it, or write \
                             `%3C` for a literal `<`",
                        );
                        break;
                    };
                    if text.as_bytes()[close] == b'<' {
                        self.problem(
                            at..at + 1,
                            "unclosed placeholder: `<` has no matching `>`; close it, or write \
                             `%3C` for a literal `<`",
                        );
                        offset = close;
                        continue;
                    }
                    if text_start < at {
                        pieces.push(Piece::Text(&template[text_start..at]));
                    }
                    let placeholder_range = at..range.start + close + 1;
                    let inner = &text[offset + 1..close];
                    if let Some(name) = inner.strip_suffix("..") {
                        self.rest_inside(name, placeholder_range, component);
                    } else {
                        self.check_name(inner, placeholder_range.clone());
                        pieces.push(Piece::Placeholder(Placeholder {
                            name: inner,
                            range: placeholder_range,
                        }));
                    }
                    offset = close + 1;
                    text_start = range.start + offset;
                    continue;
                }
                '>' => self.problem(
                    at..at + 1,
                    "`>` without a matching `<`; write `%3E` for a literal `>`",
                ),
                '{' => {
                    let braced = text[offset + 1..]
                        .find('}')
                        .map(|close| &text[offset + 1..offset + 1 + close])
                        .filter(|inner| is_identifier(inner.trim_end_matches("..")));
                    match braced {
                        Some(name) => self.problem(
                            at..at + name.len() + 2,
                            format!(
                                "`{{{name}}}` is not a placeholder here; write `<{name}>`, \
                                 because `cpurl!` marks placeholders with angle brackets, not \
                                 with braces as `format!` does"
                            ),
                        ),
                        None => self.invalid_character(at, character, component),
                    }
                    if let Some(name) = braced {
                        self.misplaced(at..at + name.len() + 2);
                        offset += name.len() + 2;
                        continue;
                    }
                }
                '%' => self.percent_escape(at, &text[offset..]),
                '+' if matches!(component, Component::QueryKey | Component::QueryValue) => {
                    self.problem(
                        at..at + 1,
                        format!(
                            "`+` in {}: cPanel decodes a `+` in the query as a space; write \
                             `%2B` for a plus sign, or `%20` for a space",
                            component.describe()
                        ),
                    );
                }
                _ if character.is_ascii() && component.allows(character as u8) => {}
                _ => self.invalid_character(at, character, component),
            }
            offset += character.len_utf8();
        }
        if text_start < range.end {
            pieces.push(Piece::Text(&template[text_start..range.end]));
        }
        pieces
    }

    /// Reports a `<name..>` placeholder that is part of a segment, a query
    /// value or the fragment, where only a whole segment or pair may be one.
    fn rest_inside(&mut self, name: &str, range: Range<usize>, component: Component) {
        let message = match component {
            Component::Path => format!(
                "`<{name}..>` must be a whole path segment, and the last one; write `<{name}>` \
                 for a value inside a segment"
            ),
            Component::QueryValue => format!(
                "`<{name}..>` cannot stand in a query value; write `<{name}>` (a slice value \
                 repeats the key), or end the query with `<pairs..>`"
            ),
            Component::QueryKey | Component::Fragment => format!(
                "`<{name}..>` cannot stand in {}; write `<{name}>`",
                component.describe()
            ),
        };
        self.problem(range.clone(), message);
        self.misplaced(range);
    }

    fn percent_escape(&mut self, at: usize, text: &str) {
        let digits = text.get(1..3).unwrap_or(&text[1..]);
        if digits.len() == 2 && digits.bytes().all(|byte| byte.is_ascii_hexdigit()) {
            return;
        }
        let shown: String = text.chars().take(3).collect();
        self.problem(
            at..at + shown.len(),
            format!(
                "malformed percent escape `{shown}`: `%` must be followed by two hexadecimal \
                 digits; write `%25` for a literal `%`"
            ),
        );
    }

    fn invalid_character(&mut self, at: usize, character: char, component: Component) {
        let mut encoded = String::new();
        for byte in character.to_string().bytes() {
            write!(encoded, "%{byte:02X}").expect("writing to a String cannot fail");
        }
        let shown = describe_character(character);
        self.problem(
            at..at + character.len_utf8(),
            format!(
                "invalid character {shown} in {}; write it percent-encoded as `{encoded}`",
                component.describe()
            ),
        );
    }

    fn check_name(&mut self, name: &str, range: Range<usize>) {
        if name.is_empty() {
            self.problem(
                range,
                "empty placeholder `<>`; write a name such as `<id>`, or `%3C%3E` for literal \
                 angle brackets",
            );
        } else if name.trim() != name && is_identifier(name.trim()) {
            let trimmed = name.trim();
            self.problem(
                range,
                format!("placeholder `<{name}>` has spaces around its name; write `<{trimmed}>`"),
            );
        } else if !is_identifier(name) {
            let suggestion = identifier_like(name);
            self.problem(
                range,
                format!(
                    "`<{name}>` is not a placeholder: `{name}` is not a Rust identifier; name \
                     it like a variable, such as `<{suggestion}>`, or write `%3C` and `%3E` \
                     for literal angle brackets"
                ),
            );
        } else if UNRAW_KEYWORDS.contains(&name) {
            self.problem(
                range,
                format!(
                    "placeholder name `{name}` is a Rust keyword that cannot name a variable, \
                     even as `r#{name}`; choose another name, such as `<{name}_>`"
                ),
            );
        }
    }

    fn check_duplicates(&mut self, parsed: &Template<'a>) {
        let placeholders = parsed.placeholders();
        for (index, placeholder) in placeholders.iter().enumerate() {
            let earlier = placeholders[..index]
                .iter()
                .any(|other| other.name == placeholder.name);
            if earlier {
                self.problem(
                    placeholder.range.clone(),
                    format!(
                        "placeholder `{}` appears twice; each placeholder is filled once, so \
                         give the second one another name",
                        placeholder.name
                    ),
                );
            }
        }
    }
}

/// Returns a character as messages show it: in backticks, with spaces and
/// control characters named.
fn describe_character(character: char) -> String {
    match character {
        ' ' => "` ` (space)".to_owned(),
        '`' => "`` ` `` (backtick)".to_owned(),
        _ if character.is_control() => {
            format!("`{}` (a control character)", character.escape_default())
        }
        _ => format!("`{character}`"),
    }
}

/// Returns `name` made into an identifier to suggest, by replacing every
/// character that an identifier cannot contain with `_`.
fn identifier_like(name: &str) -> String {
    let mut suggestion: String = name
        .chars()
        .map(|character| {
            if character.is_ascii_alphanumeric() {
                character
            } else {
                '_'
            }
        })
        .collect();
    if !is_identifier(&suggestion) || KEYWORDS.contains(&suggestion.as_str()) {
        suggestion.insert_str(0, "name_");
    }
    suggestion
}

/// Returns whether a segment is `.` or `..`, written plainly or
/// percent-encoded, which servers resolve instead of using as a name.
fn is_dot_segment(segment: &str) -> bool {
    let decoded = segment.replace("%2E", ".").replace("%2e", ".");
    decoded == "." || decoded == ".."
}

/// Returns whether `name` is an ASCII Rust identifier other than `_`.
pub(crate) fn is_identifier(name: &str) -> bool {
    let mut characters = name.chars();
    let Some(first) = characters.next() else {
        return false;
    };
    (first.is_ascii_alphabetic() || first == '_')
        && characters.all(|character| character.is_ascii_alphanumeric() || character == '_')
        && name != "_"
}

/// The keywords that cannot be raw identifiers, so no variable has their
/// name.
const UNRAW_KEYWORDS: &[&str] = &["crate", "self", "Self", "super"];

/// Returns whether a placeholder named `name` can capture a variable: an
/// identifier that is not one of the keywords that no variable can have.
/// The parser reports every other name.
pub(crate) fn can_capture(name: &str) -> bool {
    is_identifier(name) && !UNRAW_KEYWORDS.contains(&name)
}

/// Returns whether `name` is a strict or reserved keyword of some edition,
/// so that the variable a placeholder captures must be written `r#name`.
/// `gen` is one in Rust 2024 only, and `r#gen` names the same variable in
/// every edition.
pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// The strict and reserved keywords of Rust 2024.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
];

mod origin;
#[cfg(test)]
mod tests;
