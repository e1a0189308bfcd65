//! The cPanel-aware checks: URL families of cPanel & WHM whose shape is
//! known, so that a template outside it is certainly wrong.
//!
//! | rule | rejects | fix |
//! |---|---|---|
//! | UAPI shape | `/execute` without exactly `<Module>/<function>`, or with a trailing `/` | `/execute/Email/list_pops` |
//! | API shape | `/json-api` or `/xml-api` without exactly one function, or with a trailing `/` | `/json-api/listaccts` |
//! | API 2 keys | a `cpanel_jsonapi_…` query key of `/json-api/cpanel` that API 2 does not read | the nearest known key |
//! | UAPI port | `/execute/…` on the WHM ports 2086 and 2087 | `/json-api/uapi_cpanel`, API 2, or a cPanel port |
//! | WHM API 1 port | `/json-api/<f>` and `/xml-api/<f>`, `f` not `cpanel`, on the cPanel and Webmail ports | a WHM port |
//!
//! Only literal text is judged: a placeholder may stand for anything, so
//! `/json-api/<call>` on port 2083 passes, and `<rest..>` may supply any
//! number of missing segments, though not follow a complete path. Plain `http` on a TLS port passes, because cPanel's
//! own documentation calls the local API as `http://127.0.0.1:2087`.

use std::ops::Range;

use crate::expand::edit_distance;
use crate::problem::Problem;
use crate::template::{Piece, Segment, Template};

/// The query keys that cPanel API 2 reads with the `cpanel_jsonapi_`
/// prefix.
const API2_KEYS: [&str; 4] = [
    "cpanel_jsonapi_apiversion",
    "cpanel_jsonapi_module",
    "cpanel_jsonapi_func",
    "cpanel_jsonapi_user",
];

/// A URL family that cpsrvd serves at a fixed number of segments.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Family {
    /// UAPI: `/execute/<Module>/<function>`.
    Uapi,
    /// WHM API 1 and cPanel API 2: `/json-api/<function>`, or
    /// `/xml-api/<function>`, named by its first segment.
    Api(&'static str),
}

impl Family {
    fn of(first: &Segment<'_>) -> Option<Family> {
        match first.pieces.as_slice() {
            [Piece::Text("execute")] => Some(Family::Uapi),
            [Piece::Text("json-api")] => Some(Family::Api("json-api")),
            [Piece::Text("xml-api")] => Some(Family::Api("xml-api")),
            _ => None,
        }
    }

    /// Returns the number of segments after the first one.
    fn segments(self) -> usize {
        match self {
            Family::Uapi => 2,
            Family::Api(_) => 1,
        }
    }

    /// Returns the rule as the messages state it.
    fn rule(self) -> String {
        match self {
            Family::Uapi => {
                "UAPI is served at exactly `/execute/<Module>/<function>`, with no trailing `/`"
                    .to_owned()
            }
            Family::Api(prefix) => format!(
                "WHM API 1 and cPanel API 2 are served at exactly `/{prefix}/<function>`, with \
                 no trailing `/`"
            ),
        }
    }

    fn example(self) -> String {
        match self {
            Family::Uapi => "`/execute/Email/list_pops`".to_owned(),
            Family::Api(prefix) => format!("`/{prefix}/listaccts`"),
        }
    }
}

/// Checks a parsed template against the URL families of cPanel & WHM, and
/// returns a problem for each rule it certainly breaks.
pub(crate) fn check(template: &Template<'_>, text: &str) -> Vec<Problem> {
    let mut problems = Vec::new();
    let Some(first) = template.segments.first() else {
        return problems;
    };
    let Some(family) = Family::of(first) else {
        return problems;
    };
    check_shape(family, template, text, &mut problems);
    if family == Family::Api("json-api") && function_name(template) == Some("cpanel") {
        check_api2_keys(template, text, &mut problems);
    }
    if let Some((port, range)) = static_port(template, text) {
        check_port(family, template, port, range, &mut problems);
    }
    problems
}

/// Reports a path of `family` with too few or too many segments, or a
/// trailing slash.
fn check_shape(family: Family, template: &Template<'_>, text: &str, problems: &mut Vec<Problem>) {
    let after_first = &template.segments[1..];
    let trailing_slash = after_first.last().filter(|segment| segment.text.is_empty());
    let named: Vec<&Segment<'_>> = after_first
        .iter()
        .filter(|segment| !segment.text.is_empty())
        .collect();
    let expected = family.segments();
    let path_end = path_end(template, text);
    let path = &text[path_start(template)..path_end];
    let rule = family.rule();

    if named.len() > expected {
        // Report the segments past the expected ones, from their `/`.
        let start = offset(text, named[expected].text) - 1;
        let end = match (&template.rest, named.last()) {
            (Some(_), Some(last)) => offset(text, last.text) + last.text.len(),
            _ => path_end,
        };
        problems.push(Problem::new(
            start..end,
            format!(
                "`{path}` has {} segments after `/{}`: {rule}; remove `{}`, and pass \
                 arguments in the query",
                named.len(),
                first_text(template),
                &text[start..end]
            ),
        ));
        return;
    }
    if let Some(rest) = &template.rest {
        // `<rest..>` may supply missing segments, but after a complete path
        // it adds segments, or a trailing `/` when it is empty.
        if named.len() == expected {
            problems.push(Problem::new(
                rest.range.start - 1..rest.range.end,
                format!(
                    "`/<{}..>` follows a complete path, so it can only add segments, or a \
                     trailing `/` when empty: {rule}; remove `/<{}..>`, and pass arguments in \
                     the query",
                    rest.name, rest.name
                ),
            ));
        }
        return;
    }
    if named.len() < expected {
        let missing = match (family, named.len()) {
            (Family::Uapi, 0) => "the module and the function",
            _ => "the function",
        };
        let range = trailing_slash.map_or(path_end..path_end, |segment| {
            let at = offset(text, segment.text) - 1;
            at..at + 1
        });
        problems.push(Problem::new(
            range,
            format!(
                "`{path}` is missing {missing}: {rule}; add {missing}, as in {}",
                family.example()
            ),
        ));
        return;
    }
    if let Some(segment) = trailing_slash {
        let at = offset(text, segment.text) - 1;
        problems.push(Problem::new(
            at..at + 1,
            format!("`{path}` ends with `/`: {rule}; remove the trailing `/`"),
        ));
    }
}

/// Reports `cpanel_jsonapi_…` query keys that cPanel API 2 does not read.
fn check_api2_keys(template: &Template<'_>, text: &str, problems: &mut Vec<Problem>) {
    for pair in template.query.iter().flatten() {
        if !pair.key.starts_with("cpanel_jsonapi_") || API2_KEYS.contains(&pair.key) {
            continue;
        }
        let suggestion = match nearest_api2_key(pair.key) {
            Some(nearest) => format!("; did you mean `{nearest}`?"),
            None => "; add the rest of the key".to_owned(),
        };
        let start = offset(text, pair.key);
        problems.push(Problem::new(
            start..start + pair.key.len(),
            format!(
                "unknown cPanel API 2 key `{}`: API 2 reads only `cpanel_jsonapi_apiversion`, \
                 `cpanel_jsonapi_module`, `cpanel_jsonapi_func` and `cpanel_jsonapi_user`\
                 {suggestion}",
                pair.key
            ),
        ));
    }
}

/// Returns the known API 2 key that `key` most likely means: one whose
/// name starts with or contains what follows `cpanel_jsonapi_` in `key`
/// (`api` and `ver` mean `apiversion`), else the one at the least edit
/// distance. Returns `None` when nothing follows the prefix.
fn nearest_api2_key(key: &str) -> Option<&'static str> {
    let typed = key.strip_prefix("cpanel_jsonapi_").unwrap_or(key);
    if typed.is_empty() {
        return None;
    }
    let name = |known: &&'static str| known.strip_prefix("cpanel_jsonapi_").unwrap_or(known);
    let lowercase = typed.to_ascii_lowercase();
    API2_KEYS
        .iter()
        .find(|known| name(known).starts_with(&lowercase))
        .or_else(|| {
            API2_KEYS
                .iter()
                .find(|known| lowercase.len() >= 3 && name(known).contains(&lowercase))
        })
        .or_else(|| {
            API2_KEYS
                .iter()
                .min_by_key(|known| edit_distance(key, known))
        })
        .copied()
}

/// Reports a family served on other ports than the template's static one.
fn check_port(
    family: Family,
    template: &Template<'_>,
    port: u16,
    range: Range<usize>,
    problems: &mut Vec<Problem>,
) {
    match family {
        Family::Uapi => {
            let Some(cpanel_port) = whm_to_cpanel_port(port) else {
                return;
            };
            problems.push(Problem::new(
                range,
                format!(
                    "UAPI on the WHM port {port}: cpsrvd serves `/execute/…` only on the cPanel \
                     and Webmail ports; from WHM call `/json-api/uapi_cpanel` (WHM API 1) or \
                     `/json-api/cpanel` (cPanel API 2), or use the cPanel port {cpanel_port}"
                ),
            ));
        }
        Family::Api(prefix) => {
            let Some(function) = function_name(template).filter(|name| *name != "cpanel") else {
                return;
            };
            let Some((service, whm_port)) = non_whm_service(port) else {
                return;
            };
            problems.push(Problem::new(
                range,
                format!(
                    "WHM API 1 function `/{prefix}/{function}` on the {service} port {port}: \
                     WHM API 1 is served only on the WHM ports 2086 and 2087; use the WHM port \
                     {whm_port}, or call cPanel API 2 through `/{prefix}/cpanel`"
                ),
            ));
        }
    }
}

/// Returns the cPanel port with the same TLS setting as a WHM port.
fn whm_to_cpanel_port(port: u16) -> Option<u16> {
    match port {
        2086 => Some(2082),
        2087 => Some(2083),
        _ => None,
    }
}

/// Returns the service of a cPanel or Webmail port, and the WHM port with
/// the same TLS setting.
fn non_whm_service(port: u16) -> Option<(&'static str, u16)> {
    match port {
        2082 => Some(("cPanel", 2086)),
        2083 => Some(("cPanel", 2087)),
        2095 => Some(("Webmail", 2086)),
        2096 => Some(("Webmail", 2087)),
        _ => None,
    }
}

/// Returns the literal text of the second segment, the API function.
fn function_name<'a>(template: &Template<'a>) -> Option<&'a str> {
    match template.segments.get(1)?.pieces.as_slice() {
        [Piece::Text(name)] => Some(name),
        _ => None,
    }
}

fn first_text<'a>(template: &Template<'a>) -> &'a str {
    template.segments.first().map_or("", |segment| segment.text)
}

/// Returns the port of a static origin and the byte range of its digits.
fn static_port(template: &Template<'_>, text: &str) -> Option<(u16, Range<usize>)> {
    let origin = template.origin?;
    let host_start = origin.find("://")? + 3;
    let authority = &origin[host_start..];
    let after_host = match authority.find(']') {
        Some(bracket) => &authority[bracket + 1..],
        None => authority,
    };
    let digits = &after_host[after_host.find(':')? + 1..];
    let port = digits.parse().ok()?;
    let start = offset(text, digits);
    Some((port, start..start + digits.len()))
}

/// Returns where the path starts in the template: after the origin.
fn path_start(template: &Template<'_>) -> usize {
    template.origin.map_or(0, str::len)
}

/// Returns where the path ends in the template: at the query or fragment.
fn path_end(template: &Template<'_>, text: &str) -> usize {
    let start = path_start(template);
    text[start..]
        .find(['?', '#'])
        .map_or(text.len(), |end| start + end)
}

/// Returns the byte offset of `part`, a slice of `text`, within `text`.
/// The parsed template borrows every `&str` from the template text.
fn offset(text: &str, part: &str) -> usize {
    let offset = (part.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
    assert!(offset <= text.len(), "`part` is not a slice of `text`");
    offset
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template;

    /// Returns each problem's message and the text it points at.
    fn problems(text: &str) -> Vec<(String, String)> {
        let (parsed, _) = template::parse(text);
        check(&parsed, text)
            .into_iter()
            .map(|problem| (problem.message, text[problem.range].to_owned()))
            .collect()
    }

    #[test]
    fn valid_templates_pass() {
        for text in [
            "/",
            "/execute/Email/list_pops",
            "/execute/Email/list_pops?skip=2#top",
            "/execute/<module>/<function>",
            "/execute/<module>_x/y",
            "/execute/<rest..>",
            "/execute/Email/<rest..>",
            "/json-api/listaccts?api.version=1",
            "/json-api/<call>",
            "/json-api/<rest..>",
            "/xml-api/listaccts",
            "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=Email",
            "/json-api/cpanel?cpanel_jsonapi_func=listpops&cpanel_jsonapi_user=<user>",
            "/json-api/cpanel?cpanel_jsonapi=1&cpanel_xmlapi_version=2",
            "/xml-api/cpanel?cpanel_jsonapi_version=2",
            "/json-api/listaccts?cpanel_jsonapi_version=2",
            "/frontend/jupiter/",
            "/executes/Email",
            "/Execute/Email",
            "/3rdparty/execute",
            "/<x>/Email",
            "https://h:2083/execute/Email/list_pops",
            "https://h:2096/execute/Email/list_pops",
            "http://127.0.0.1:2087/json-api/listaccts",
            "http://h:2083/execute/Email/list_pops",
            "https://h:2087/json-api/cpanel?cpanel_jsonapi_apiversion=2",
            "https://h:2083/json-api/cpanel?cpanel_jsonapi_apiversion=2",
            "https://h:2083/json-api/<call>",
            "https://h/execute/Email/list_pops",
            "https://h:443/json-api/listaccts",
            "https://[::1]:2087/json-api/listaccts",
            "https://[::1]:2083/execute/Email/list_pops",
        ] {
            assert_eq!(problems(text), Vec::new(), "template {text:?}");
        }
    }

    #[test]
    fn shape_problems_point_at_text() {
        for (text, message, pointed) in [
            (
                "/execute",
                "`/execute` is missing the module and the function",
                "",
            ),
            (
                "/execute/",
                "`/execute/` is missing the module and the function",
                "/",
            ),
            (
                "/execute/Email",
                "`/execute/Email` is missing the function",
                "",
            ),
            (
                "/execute/Email/?x",
                "`/execute/Email/` is missing the function",
                "/",
            ),
            ("/execute/<m>", "is missing the function", ""),
            ("/execute/Email/list_pops/", "ends with `/`", "/"),
            ("/execute/A/b/c", "has 3 segments after `/execute`", "/c"),
            (
                "/execute/A/b/c/d?x",
                "has 4 segments after `/execute`",
                "/c/d",
            ),
            ("/execute/A/b/c/<rest..>", "has 3 segments after", "/c"),
            (
                "/execute/Email/list_pops/<rest..>",
                "`/<rest..>` follows a complete path",
                "/<rest..>",
            ),
            (
                "/json-api/listaccts/<p..>?api.version=1",
                "`/<p..>` follows a complete path",
                "/<p..>",
            ),
            ("/json-api", "`/json-api` is missing the function", ""),
            ("/json-api/", "`/json-api/` is missing the function", "/"),
            ("/json-api/listaccts/", "ends with `/`", "/"),
            (
                "/json-api/cpanel/x",
                "has 2 segments after `/json-api`",
                "/x",
            ),
            ("/xml-api/a/b", "`/xml-api/<function>`", "/b"),
            (
                "https://h:2087/json-api",
                "`/json-api` is missing the function",
                "",
            ),
        ] {
            let found = problems(text);
            assert_eq!(found.len(), 1, "template {text:?}: {found:?}");
            assert!(found[0].0.contains(message), "template {text:?}: {found:?}");
            assert_eq!(found[0].1, pointed, "template {text:?}");
        }
    }

    #[test]
    fn api2_key_suggests_nearest() {
        for (key, nearest) in [
            ("cpanel_jsonapi_version", "cpanel_jsonapi_apiversion"),
            ("cpanel_jsonapi_api_version", "cpanel_jsonapi_apiversion"),
            ("cpanel_jsonapi_modul", "cpanel_jsonapi_module"),
            ("cpanel_jsonapi_function", "cpanel_jsonapi_func"),
            ("cpanel_jsonapi_username", "cpanel_jsonapi_user"),
            ("cpanel_jsonapi_api", "cpanel_jsonapi_apiversion"),
            ("cpanel_jsonapi_ver", "cpanel_jsonapi_apiversion"),
            ("cpanel_jsonapi_mod", "cpanel_jsonapi_module"),
            ("cpanel_jsonapi_Module", "cpanel_jsonapi_module"),
            ("cpanel_jsonapi_usr", "cpanel_jsonapi_user"),
            ("cpanel_jsonapi_fn", "cpanel_jsonapi_func"),
        ] {
            let text = format!("/json-api/cpanel?cpanel_jsonapi_module=Email&{key}=2");
            let found = problems(&text);
            assert_eq!(found.len(), 1, "key {key}: {found:?}");
            assert!(
                found[0].0.contains(&format!("did you mean `{nearest}`?")),
                "key {key}: {found:?}"
            );
            assert_eq!(found[0].1, key);
        }
    }

    #[test]
    fn api2_key_reports_each() {
        let found = problems("/json-api/cpanel?cpanel_jsonapi_version=2&cpanel_jsonapi_fun=x");
        let pointed: Vec<&str> = found.iter().map(|(_, text)| text.as_str()).collect();
        assert_eq!(pointed, ["cpanel_jsonapi_version", "cpanel_jsonapi_fun"]);
    }

    #[test]
    fn port_problems_point_at_port() {
        for (text, message) in [
            (
                "https://h:2087/execute/Email/list_pops",
                "use the cPanel port 2083",
            ),
            (
                "http://h:2086/execute/Email/list_pops",
                "use the cPanel port 2082",
            ),
            (
                "https://[::1]:2087/execute/<m>/<f>",
                "UAPI on the WHM port 2087",
            ),
            (
                "https://h:2083/json-api/listaccts",
                "on the cPanel port 2083",
            ),
            ("http://h:2082/xml-api/listaccts", "use the WHM port 2086"),
            (
                "https://h:2096/json-api/version",
                "on the Webmail port 2096",
            ),
            ("http://h:2095/json-api/version", "use the WHM port 2086"),
        ] {
            let found = problems(text);
            assert_eq!(found.len(), 1, "template {text:?}: {found:?}");
            assert!(found[0].0.contains(message), "template {text:?}: {found:?}");
            assert_eq!(found[0].1.len(), 4, "template {text:?}");
            assert!(found[0].1.starts_with("20"), "template {text:?}");
        }
    }

    #[test]
    fn problems_combine() {
        let found = problems("https://h:2083/json-api/listaccts/");
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].0.contains("ends with `/`"), "{found:?}");
        assert!(found[1].0.contains("WHM API 1"), "{found:?}");
    }
}
