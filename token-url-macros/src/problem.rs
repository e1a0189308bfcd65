//! Problems found in a template, and how they are shown to the user.

use std::ops::Range;

/// A problem in a template: where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Problem {
    /// Byte range of the offending text in the template.
    pub(crate) range: Range<usize>,
    /// The description of the problem and its fix: lowercase, no trailing
    /// period.
    pub(crate) message: String,
}

impl Problem {
    pub(crate) fn new(range: Range<usize>, message: impl Into<String>) -> Problem {
        Problem {
            range,
            message: message.into(),
        }
    }

    /// Renders the message, the column and an excerpt of the template with
    /// carets under the offending text. Stable Rust cannot point into a
    /// string literal, so the message carries the position itself.
    pub(crate) fn render(&self, template: &str) -> String {
        if template.is_empty() {
            return self.message.clone();
        }
        let column = template[..self.range.start].chars().count() + 1;
        let (excerpt, caret_start, caret_len) = excerpt(template, &self.range);
        format!(
            "{}\n  at column {column} of the template:\n    {excerpt}\n    {}{}",
            self.message,
            " ".repeat(caret_start),
            "^".repeat(caret_len.max(1)),
        )
    }
}

/// The maximum length of a template shown whole; longer ones are cut around
/// the problem.
const MAX_EXCERPT: usize = 72;

/// Returns the template as shown in a message, with control characters
/// escaped, and the display column and width of `range` in it.
fn excerpt(template: &str, range: &Range<usize>) -> (String, usize, usize) {
    let mut shown = String::new();
    let mut caret_start = None;
    let mut caret_end = None;
    let mut width = 0;
    for (offset, character) in template.char_indices() {
        if offset == range.start {
            caret_start = Some(width);
        }
        if offset == range.end {
            caret_end = Some(width);
        }
        let visible: String = if character.is_control() {
            character.escape_default().collect()
        } else {
            character.to_string()
        };
        width += visible.chars().count();
        shown.push_str(&visible);
    }
    let caret_start = caret_start.unwrap_or(width);
    let caret_end = caret_end.unwrap_or(width).max(caret_start);
    cut_excerpt(&shown, caret_start, caret_end - caret_start)
}

/// Cuts a long excerpt to a window around the carets, marking each cut with
/// `...`.
fn cut_excerpt(shown: &str, caret_start: usize, caret_len: usize) -> (String, usize, usize) {
    let characters: Vec<char> = shown.chars().collect();
    if characters.len() <= MAX_EXCERPT {
        return (shown.to_owned(), caret_start, caret_len);
    }
    let caret_len = caret_len.min(MAX_EXCERPT / 2);
    // Show a quarter of the window before the carets, or more when the
    // template ends within the window, so that the window is always full.
    let start = caret_start
        .saturating_sub(MAX_EXCERPT / 4)
        .min(characters.len() - MAX_EXCERPT);
    let end = (start + MAX_EXCERPT).min(characters.len());
    let mut window = String::new();
    let mut offset = 0;
    if start > 0 {
        window.push_str("...");
        offset = 3;
    }
    window.extend(&characters[start..end]);
    if end < characters.len() {
        window.push_str("...");
    }
    (window, caret_start - start + offset, caret_len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn render_points_at_column() {
        let problem = Problem::new(2..3, "invalid character");
        assert_eq!(
            problem.render("/a b"),
            "invalid character\n  at column 3 of the template:\n    /a b\n      ^"
        );
    }

    #[test]
    fn render_escapes_control_characters() {
        let problem = Problem::new(4..5, "bad");
        let rendered = problem.render("/a\nb c");
        assert!(rendered.ends_with("    /a\\nb c\n         ^"), "{rendered}");
    }

    #[test]
    fn render_counts_characters_not_bytes() {
        let problem = Problem::new(3..4, "bad");
        let rendered = problem.render("/é x");
        assert!(rendered.contains("column 3"), "{rendered}");
        assert!(rendered.ends_with("    /é x\n      ^"), "{rendered}");
    }

    #[test]
    fn render_fills_window_near_end() {
        let template = format!("/{} x", "a".repeat(100));
        let problem = Problem::new(101..102, "invalid character");
        let rendered = problem.render(&template);
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[2].chars().count(), 4 + 3 + MAX_EXCERPT, "{rendered}");
        let caret = lines[3].find('^').unwrap();
        assert_eq!(&lines[2][caret..=caret], " ", "{rendered}");
    }

    #[test]
    fn render_empty_template_has_no_excerpt() {
        let problem = Problem::new(0..0, "the template is empty");
        assert_eq!(problem.render(""), "the template is empty");
    }

    #[test]
    fn render_cuts_long_templates() {
        let template = format!("/{}<>{}", "a".repeat(100), "b".repeat(100));
        let problem = Problem::new(101..103, "empty placeholder");
        let rendered = problem.render(&template);
        let lines: Vec<&str> = rendered.lines().collect();
        assert!(lines[2].starts_with("    ...a"), "{rendered}");
        assert!(lines[2].ends_with("b..."), "{rendered}");
        let caret = lines[3].find('^').unwrap();
        assert_eq!(&lines[2][caret..caret + 2], "<>", "{rendered}");
    }
}
