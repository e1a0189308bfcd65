//! The macro's input: options, the template literal, and arguments.
//!
//! ```text
//! cpurl!( [ option "," ]* "template" [ "," name "=" expr ]* [ "," ] )
//! option = "token" "=" expr / "origin" "=" expr
//! ```

use proc_macro2::Span;
use quote::ToTokens;
use syn::ext::IdentExt as _;
use syn::parse::{Parse, ParseStream};
use syn::{Expr, Ident, Lit, LitStr, Token};

/// The parsed macro input. An unknown or repeated option does not stop
/// parsing. Its error is kept in `errors`, so that it is reported together
/// with the template's problems. Problems with the arguments are found when
/// they are matched to the placeholders.
pub(crate) struct Input {
    pub(crate) token: Option<Expr>,
    pub(crate) origin: Option<(Ident, Expr)>,
    /// Whether `origin = …` is written before `token = …`, so that the
    /// generated code evaluates them in the order written.
    pub(crate) origin_first: bool,
    pub(crate) template: LitStr,
    pub(crate) arguments: Vec<Argument>,
    pub(crate) errors: Vec<syn::Error>,
}

/// A `name = value` argument after the template.
pub(crate) struct Argument {
    /// `None` for a positional argument, which is an error.
    pub(crate) name: Option<Ident>,
    pub(crate) value: Expr,
}

const OPTIONS: &str = "the options before the template are `token = …` and `origin = …`";

impl Parse for Input {
    fn parse(input: ParseStream) -> syn::Result<Input> {
        let mut token = None;
        let mut origin = None;
        let mut origin_first = false;
        let mut errors = Vec::new();

        while input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
            let name: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: Expr = input.parse()?;
            let repeated = match name.to_string().as_str() {
                "token" => token.replace(value).is_some(),
                "origin" => {
                    origin_first |= token.is_none();
                    origin.replace((name.clone(), value)).is_some()
                }
                other => {
                    errors.push(syn::Error::new(
                        name.span(),
                        format!(
                            "unknown option `{other}`; {OPTIONS}, and placeholder values go \
                             after the template"
                        ),
                    ));
                    false
                }
            };
            if repeated {
                errors.push(syn::Error::new(
                    name.span(),
                    format!("option `{name}` is given twice; remove one"),
                ));
            }
            if input.is_empty() {
                return Err(syn::Error::new(
                    Span::call_site(),
                    "missing template after the options; write a string literal after them, \
                     such as `\"/execute/Email/list_pops\"`",
                ));
            }
            input.parse::<Token![,]>()?;
        }

        reject_colon(input)?;
        let template = parse_template(input)?;

        let mut arguments = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            reject_colon(input)?;
            let mut name = None;
            if input.peek(Ident) && input.peek2(Token![=]) && !input.peek2(Token![==]) {
                // `r#type = …` fills `<type>`.
                name = Some(input.parse::<Ident>()?.unraw());
                input.parse::<Token![=]>()?;
            }
            let value = input.parse()?;
            arguments.push(Argument { name, value });
        }

        Ok(Input {
            token,
            origin,
            origin_first,
            template,
            arguments,
            errors,
        })
    }
}

/// Rejects `name: value`, the struct-literal spelling of `name = value`.
fn reject_colon(input: ParseStream) -> syn::Result<()> {
    if input.peek(Ident) && input.peek2(Token![:]) && !input.peek2(Token![::]) {
        let name: Ident = input.fork().parse()?;
        return Err(syn::Error::new(
            name.span(),
            format!(
                "expected `{name} = …`, not `{name}: …`; options and arguments are written \
                 with `=`"
            ),
        ));
    }
    Ok(())
}

fn parse_template(input: ParseStream) -> syn::Result<LitStr> {
    if input.is_empty() {
        return Err(syn::Error::new(
            Span::call_site(),
            "missing template; write a string literal such as \
             `cpurl!(\"/execute/Email/list_pops\")`",
        ));
    }
    if input.peek(Lit) {
        let literal: Lit = input.parse()?;
        return match literal {
            Lit::Str(template) => {
                if !template.suffix().is_empty() {
                    return Err(syn::Error::new(
                        template.span(),
                        format!(
                            "the template has the suffix `{}`; remove it",
                            template.suffix()
                        ),
                    ));
                }
                Ok(template)
            }
            Lit::ByteStr(_) => Err(syn::Error::new(
                literal.span(),
                "the template must be a string literal, not a byte string; remove the `b` prefix",
            )),
            Lit::CStr(_) => Err(syn::Error::new(
                literal.span(),
                "the template must be a string literal, not a C string; remove the `c` prefix",
            )),
            _ => Err(syn::Error::new(
                literal.span(),
                "the template must be a string literal; write it in double quotes, such as \
                 `\"/execute/Email/list_pops\"`",
            )),
        };
    }
    let expression: Expr = input.parse()?;
    Err(syn::Error::new_spanned(
        expression.to_token_stream(),
        "the template must be a string literal, because the macro checks it at compile time; \
         write the text itself, such as `\"/execute/Email/list_pops\"`, in place of a \
         variable, constant or macro call",
    ))
}
