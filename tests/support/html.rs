//! Reads the URLs of an HTML page: its attributes and the paths that its
//! scripts append to `CPANEL.security_token`.

/// Decodes the character references that the example writes.
pub(crate) fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// Returns the values of every `href`, `action` and `src` attribute, with
/// character references decoded, in page order.
pub(crate) fn url_attributes(html: &str) -> Vec<String> {
    url_attribute_pairs(html)
        .into_iter()
        .map(|(_, value)| value)
        .collect()
}

/// Returns the name and value of every `href`, `action` and `src`
/// attribute, with character references decoded, in page order.
pub(crate) fn url_attribute_pairs(html: &str) -> Vec<(String, String)> {
    tags(html)
        .into_iter()
        .flat_map(|tag| tag.attributes)
        .filter(|(attribute, _)| matches!(attribute.as_str(), "href" | "action" | "src"))
        .collect()
}

/// A tag of a page.
pub(crate) struct Tag {
    /// The name in lowercase, with a leading `/` for an end tag.
    pub(crate) name: String,
    /// Attribute names in lowercase, and values with character references
    /// decoded.
    pub(crate) attributes: Vec<(String, String)>,
}

impl Tag {
    /// Returns the value of the attribute `name`.
    pub(crate) fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(attribute, _)| attribute == name)
            .map(|(_, value)| value.as_str())
    }
}

/// Returns the tags of a page, in page order. Tags are read as HTML reads
/// them: attribute values quoted with `"` or `'`, or unquoted; the text of
/// a `<script>` element is skipped, because it contains no tags.
pub(crate) fn tags(html: &str) -> Vec<Tag> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        let end = tag_end(rest);
        let tag = &rest[..end];
        rest = &rest[(end + 1).min(rest.len())..];
        let mut parts = tag.splitn(2, |c: char| c.is_ascii_whitespace());
        let name = parts.next().unwrap_or_default().to_ascii_lowercase();
        let attributes = attributes(parts.next().unwrap_or_default())
            .into_iter()
            .map(|(attribute, value)| (attribute, unescape(&value)))
            .collect();
        if name == "script" {
            let close = rest.find("</script").unwrap_or(rest.len());
            rest = &rest[close..];
        }
        tags.push(Tag { name, attributes });
    }
    tags
}

/// Returns the index of the `>` that ends a tag, skipping quoted values.
fn tag_end(tag: &str) -> usize {
    let mut quote = None;
    for (index, character) in tag.char_indices() {
        match (quote, character) {
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), _) if character == open => quote = None,
            (None, '>') => return index,
            _ => {}
        }
    }
    tag.len()
}

/// Splits the attributes of a tag into lowercase names and raw values.
fn attributes(mut text: &str) -> Vec<(String, String)> {
    let mut found = Vec::new();
    loop {
        text = text.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if text.is_empty() {
            return found;
        }
        let name_end = text
            .find(|c: char| c.is_ascii_whitespace() || c == '=')
            .unwrap_or(text.len());
        let name = text[..name_end].to_ascii_lowercase();
        text = text[name_end..].trim_start();
        let Some(after_equals) = text.strip_prefix('=') else {
            found.push((name, String::new()));
            continue;
        };
        text = after_equals.trim_start();
        let (value, rest) = if let Some(quote @ ('"' | '\'')) = text.chars().next() {
            let close = text[1..].find(quote).map_or(text.len(), |index| index + 1);
            (&text[1..close], &text[(close + 1).min(text.len())..])
        } else {
            let end = text
                .find(|c: char| c.is_ascii_whitespace())
                .unwrap_or(text.len());
            (&text[..end], &text[end..])
        };
        found.push((name, value.to_owned()));
        text = rest;
    }
}

/// Returns the paths that page scripts append to `CPANEL.security_token`.
pub(crate) fn ajax_paths(html: &str) -> Vec<String> {
    let marker = "CPANEL.security_token + ";
    html.match_indices(marker)
        .map(|(index, _)| {
            let literal = &html[index + marker.len()..];
            let quote = literal.chars().next().expect("a string literal follows");
            assert!(
                matches!(quote, '"' | '\''),
                "not a string literal: {literal:.40}"
            );
            let end = literal[1..].find(quote).expect("the literal is closed") + 1;
            literal[1..end].to_owned()
        })
        .collect()
}
