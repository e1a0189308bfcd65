//! The script that gives page scripts the security token.

use crate::SecurityToken;

/// Returns the JavaScript that sets `CPANEL.security_token`, as cPanel's own
/// pages do, creating the `CPANEL` object when it is missing.
///
/// Page scripts then build token-bearing URLs the way cPanel's do:
/// `CPANEL.security_token + "/execute/Email/list_pops"`. The result is safe
/// inside an HTML `<script>` element: a token is `/cpsess` and digits, so it
/// can neither end the string literal nor contain `</script`.
///
/// # Examples
///
/// ```
/// use token_url::{js_bootstrap, SecurityToken};
///
/// let token = SecurityToken::parse("/cpsess0123456789")?;
/// assert_eq!(
///     js_bootstrap(&token),
///     "window.CPANEL = window.CPANEL || {};\nCPANEL.security_token = \"/cpsess0123456789\";\n",
/// );
///
/// // With tokens off the value is empty, so the concatenation still works.
/// assert!(js_bootstrap(&SecurityToken::NONE).ends_with("CPANEL.security_token = \"\";\n"));
/// # Ok::<(), token_url::Error>(())
/// ```
#[must_use]
pub fn js_bootstrap(token: &SecurityToken) -> String {
    format!(
        "window.CPANEL = window.CPANEL || {{}};\nCPANEL.security_token = \"{}\";\n",
        token.as_str()
    )
}
