//! The API routes. Each returns the decoded arguments of the call in a
//! reply shaped like the real API's, so that a test can compare what the
//! server received with what the client meant to send.

use serde_json::{Value, json};

use crate::http::{Reply, Request, decode_form};
use crate::rules::Outcome;

/// Returns the arguments of an API call: the query string, then, for a
/// form body, its fields. cPanel reads both, and decodes `+` as a space
/// in each.
fn arguments(request: &Request) -> Vec<(String, String)> {
    let mut arguments = decode_form(request.query().as_bytes());
    if request.has_form_body() {
        arguments.extend(decode_form(&request.body));
    }
    arguments
}

/// Returns the arguments as a JSON array of `[key, value]` pairs, which
/// keeps their order and repeated keys.
fn arguments_json(arguments: &[(String, String)]) -> Value {
    arguments
        .iter()
        .map(|(key, value)| json!([key, value]))
        .collect()
}

/// Returns the reply to a UAPI call, `/execute/<module>/<function>`, with UAPI's
/// reply fields.
pub(crate) fn uapi(request: &Request, module: &str, function: &str) -> Outcome {
    let arguments = arguments(request);
    let reply = json!({
        "status": 1,
        "errors": null,
        "messages": null,
        "warnings": null,
        "metadata": {},
        "data": {
            "module": module,
            "function": function,
            "arguments": arguments_json(&arguments),
        },
    });
    outcome(&reply, arguments)
}

/// Returns the reply to a WHM API 1 call, `/json-api/<function>`, with WHM API 1's
/// `metadata` and `data`.
pub(crate) fn whm(request: &Request, function: &str) -> Outcome {
    let arguments = arguments(request);
    let reply = json!({
        "metadata": {
            "command": function,
            "reason": "OK",
            "result": 1,
            "version": 1,
        },
        "data": {
            "arguments": arguments_json(&arguments),
        },
    });
    outcome(&reply, arguments)
}

/// Returns the reply to a cPanel API 2 call, `/json-api/cpanel?cpanel_jsonapi_…`, with
/// API 2's `cpanelresult`.
pub(crate) fn api2(request: &Request) -> Outcome {
    let arguments = arguments(request);
    let named = |key: &str| {
        arguments
            .iter()
            .find(|(name, _)| name == key)
            .map(|(_, value)| value.clone())
    };
    let reply = json!({
        "cpanelresult": {
            "apiversion": 2,
            "module": named("cpanel_jsonapi_module"),
            "func": named("cpanel_jsonapi_func"),
            "event": {"result": 1},
            "data": [{"arguments": arguments_json(&arguments)}],
        },
    });
    outcome(&reply, arguments)
}

fn outcome(reply: &Value, arguments: Vec<(String, String)>) -> Outcome {
    Outcome {
        reply: Reply::json(200, reply),
        arguments,
        user: None,
    }
}
