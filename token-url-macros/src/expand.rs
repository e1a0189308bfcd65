//! Checks the macro input as a whole and generates the code that builds the
//! URL.
//!
//! The generated code evaluates every argument once, in the order written
//! (options, then arguments, then captured variables), computes the exact
//! length of the URL where the value types allow it, and then appends each
//! piece to one `String`. It refers only to `::token_url::__private`.

use proc_macro2::{Span, TokenStream};
use quote::{format_ident, quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Expr, Ident, LitStr};

use crate::cpanel;
use crate::input::{Argument, Input};
use crate::template::{self, Piece, Placeholder, Segment, Template};

/// What the macro returns when a value cannot be represented.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// `cpurl!`: a `TokenUrl`, panicking on such a value.
    Panic,
    /// `try_cpurl!`: a `Result<TokenUrl, token_url::Error>`.
    Try,
}

/// Expands a macro call, turning every problem into `compile_error!`.
pub(crate) fn expand(input: TokenStream, mode: Mode) -> TokenStream {
    match try_expand(input, mode) {
        Ok(expanded) => expanded,
        Err(error) => error.to_compile_error(),
    }
}

fn try_expand(input: TokenStream, mode: Mode) -> syn::Result<TokenStream> {
    let mut input: Input = syn::parse2(input)?;
    let text = input.template.value();
    let (template, mut problems) = template::parse(&text);
    problems.extend(cpanel::check(&template, &text));

    let mut errors = std::mem::take(&mut input.errors);
    for problem in problems {
        errors.push(syn::Error::new(
            input.template.span(),
            problem.render(&text),
        ));
    }
    if let (Some((name, _)), Some(origin)) = (&input.origin, template.origin) {
        errors.push(syn::Error::new(
            name.span(),
            format!(
                "`origin = …` cannot be combined with an absolute template, which has its own \
                 origin `{origin}`; remove the option, or the origin from the template"
            ),
        ));
    }
    let values = match_arguments(&template, &input.arguments, &input.template, &mut errors);

    if let Some(mut combined) = errors.pop() {
        // Report in source order: the last error was pushed last.
        for error in errors.into_iter().rev() {
            let mut next = error;
            next.combine(combined);
            combined = next;
        }
        return Err(combined);
    }

    Ok(generate(&template, &values, &input, mode))
}

/// A placeholder's value as the generated code binds it.
struct Value<'a> {
    name: &'a str,
    /// The expression bound, `&expr` or `expr`.
    binding: TokenStream,
    /// The span that type errors about this value point at.
    span: Span,
    variable: Ident,
}

/// Pairs every placeholder with its argument or the variable it captures,
/// and reports arguments that no placeholder uses.
fn match_arguments<'a>(
    template: &Template<'a>,
    arguments: &[Argument],
    literal: &LitStr,
    errors: &mut Vec<syn::Error>,
) -> Vec<Value<'a>> {
    let placeholders = template.placeholders();
    let tail = template.query_tail.as_ref().map(|tail| tail.name);
    let mut values = Vec::new();
    for argument in arguments {
        let name = argument.name.to_string();
        let Some(placeholder) = placeholders.iter().find(|found| found.name == name) else {
            errors.push(unused_argument(&argument.name, &placeholders));
            continue;
        };
        let expression = &argument.value;
        // A `<pairs..>` value is iterated, so it is taken by value, as a
        // `for` loop takes it; every other value is borrowed.
        let binding = if tail == Some(placeholder.name) {
            quote!(#expression)
        } else {
            quote!(&(#expression))
        };
        values.push(Value {
            name: placeholder.name,
            binding,
            span: expression.span(),
            variable: format_ident!("__value_{}", values.len(), span = Span::mixed_site()),
        });
    }
    for placeholder in &placeholders {
        if values.iter().any(|value| value.name == placeholder.name) {
            continue;
        }
        if !template::is_identifier(placeholder.name) {
            continue;
        }
        // The identifier takes the literal's span so that it resolves in the
        // caller's scope, as `format!` captures do.
        let captured = Ident::new(placeholder.name, literal.span());
        values.push(Value {
            name: placeholder.name,
            binding: quote!(&#captured),
            span: literal.span(),
            variable: format_ident!("__value_{}", values.len(), span = Span::mixed_site()),
        });
    }
    values
}

fn unused_argument(name: &Ident, placeholders: &[&Placeholder<'_>]) -> syn::Error {
    let text = name.to_string();
    let message = match text.as_str() {
        "token" | "origin" => format!(
            "argument `{text}` is not used by the template; if you meant the option, write it \
             before the template: `cpurl!({text} = …, \"/path\")`"
        ),
        _ => match nearest(&text, placeholders) {
            Some(suggestion) => format!(
                "argument `{text}` is not used by the template; did you mean `{suggestion}`?"
            ),
            None => format!(
                "argument `{text}` is not used by the template; remove it, or add `<{text}>` \
                 to the template"
            ),
        },
    };
    syn::Error::new(name.span(), message)
}

/// Returns the placeholder name closest to `name`, if one is close enough
/// to be a likely typo.
fn nearest<'a>(name: &str, placeholders: &[&Placeholder<'a>]) -> Option<&'a str> {
    placeholders
        .iter()
        .map(|placeholder| (edit_distance(name, placeholder.name), placeholder.name))
        .filter(|(distance, candidate)| *distance <= (candidate.len().max(name.len()) / 3).max(1))
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// Returns the Levenshtein distance between two strings.
pub(crate) fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = vec![row + 1];
        for (column, right_char) in right.iter().enumerate() {
            let substitution = previous[column] + usize::from(left_char != *right_char);
            let insertion = current[column] + 1;
            let deletion = previous[column + 1] + 1;
            current.push(substitution.min(insertion).min(deletion));
        }
        previous = current;
    }
    previous[right.len()]
}

/// Collects the statements that build the URL, merging adjacent literal
/// text into one `push_str`.
struct Code<'v> {
    values: &'v [Value<'v>],
    builder: Ident,
    statements: Vec<TokenStream>,
    /// Literal text not yet emitted.
    pending: String,
    /// Total length of the literal text.
    literal_len: usize,
    /// Length terms of the values, added to `literal_len`.
    value_lens: Vec<TokenStream>,
}

impl Code<'_> {
    fn text(&mut self, text: &str) {
        self.pending.push_str(text);
        self.literal_len += text.len();
    }

    fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let builder = &self.builder;
        let text = std::mem::take(&mut self.pending);
        self.statements.push(quote!(#builder.push_str(#text);));
    }

    fn value(&self, name: &str) -> &Value<'_> {
        self.values
            .iter()
            .find(|value| value.name == name)
            .expect("every placeholder has a value")
    }

    /// Emits a call on the builder, spanned at the value so that a type
    /// error points at the user's expression.
    fn call(&mut self, name: &str, method: &str, before: &TokenStream, after: &TokenStream) {
        self.flush();
        let value = self.value(name);
        let (variable, span) = (&value.variable, value.span);
        let builder = &self.builder;
        let method = Ident::new(method, span);
        self.statements
            .push(quote_spanned!(span=> #builder.#method(#before #variable #after);));
    }

    fn length(&mut self, name: &str, function: &str, extra: &TokenStream) {
        let value = self.value(name);
        let (variable, span) = (&value.variable, value.span);
        let function = Ident::new(function, span);
        self.value_lens
            .push(quote_spanned!(span=> ::token_url::__private::#function(#extra #variable)));
    }

    fn pieces(&mut self, pieces: &[Piece<'_>]) {
        for piece in pieces {
            match piece {
                Piece::Text(text) => self.text(text),
                Piece::Placeholder(placeholder) => {
                    self.length(placeholder.name, "len", &quote!());
                    self.call(placeholder.name, "push_value", &quote!(), &quote!());
                }
            }
        }
    }

    fn segment(&mut self, segment: &Segment<'_>) {
        self.text("/");
        let has_placeholder = segment
            .pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Placeholder(_)));
        if !has_placeholder || !can_be_dot_or_empty(&segment.pieces) {
            self.pieces(&segment.pieces);
            return;
        }
        self.flush();
        let builder = self.builder.clone();
        let start = Ident::new("__segment_start", Span::mixed_site());
        self.statements
            .push(quote!(let #start = #builder.start_segment();));
        self.pieces(&segment.pieces);
        self.flush();
        let text = segment.text;
        self.statements
            .push(quote!(#builder.end_segment(#start, #text);));
    }
}

/// Returns whether the values of a segment's placeholders could make it
/// empty, `.` or `..`: only when its literal text is nothing but dots.
fn can_be_dot_or_empty(pieces: &[Piece<'_>]) -> bool {
    let mut dots = 0;
    for piece in pieces {
        if let Piece::Text(text) = piece {
            let plain = text.replace("%2E", ".").replace("%2e", ".");
            if plain.bytes().any(|byte| byte != b'.') {
                return false;
            }
            dots += plain.len();
        }
    }
    dots <= 2
}

fn generate(
    template: &Template<'_>,
    values: &[Value<'_>],
    input: &Input,
    mode: Mode,
) -> TokenStream {
    let builder = Ident::new("__url", Span::mixed_site());
    let mut code = Code {
        values,
        builder: builder.clone(),
        statements: Vec::new(),
        pending: String::new(),
        literal_len: 0,
        value_lens: Vec::new(),
    };

    for segment in &template.segments {
        code.segment(segment);
    }
    if let Some(rest) = &template.rest {
        code.text("/");
        let placeholder = format!("<{}..>", rest.name);
        code.length(rest.name, "segments_len", &quote!());
        code.call(
            rest.name,
            "push_segments",
            &quote!(),
            &quote!(, #placeholder),
        );
    }
    if let Some(pairs) = &template.query {
        for pair in pairs {
            generate_pair(&mut code, pair);
        }
    }
    if let Some(tail) = &template.query_tail {
        code.flush();
        let value = code.value(tail.name);
        let (variable, span) = (&value.variable, value.span);
        code.statements.push(quote_spanned!(span=>
            #builder.push_pairs(::token_url::__private::pairs(#variable));
        ));
    }
    if let Some(pieces) = &template.fragment {
        code.text("#");
        code.pieces(pieces);
    }
    code.flush();

    let literal_len = code.literal_len;
    let value_lens = &code.value_lens;
    let capacity = quote!(#literal_len #(+ #value_lens)*);
    let origin_text = template.origin.unwrap_or("");

    let mut bindings = Vec::new();
    let mut variables = Vec::new();
    let token = Ident::new("__token", Span::mixed_site());
    let origin = Ident::new("__origin", Span::mixed_site());
    if let Some(expression) = &input.token {
        bindings.push(spanned_call(expression, "token"));
        variables.push(token.clone());
    }
    if let Some((_, expression)) = &input.origin {
        bindings.push(spanned_call(expression, "origin"));
        variables.push(origin.clone());
    }
    for value in values {
        bindings.push(value.binding.clone());
        variables.push(value.variable.clone());
    }

    let origin_argument = if input.origin.is_some() {
        quote!(#origin)
    } else {
        quote!(#origin_text)
    };
    let start = if input.token.is_some() {
        quote!(::token_url::__private::Builder::with_token(#token, #origin_argument, #capacity))
    } else {
        quote!(::token_url::__private::Builder::ambient(#origin_argument, #capacity))
    };
    let finish = match mode {
        Mode::Panic => quote!(#builder.finish_or_panic()),
        Mode::Try => quote!(#builder.finish()),
    };
    let statements = &code.statements;
    let mutability = if statements.is_empty() {
        quote!()
    } else {
        quote!(mut)
    };
    let body = quote! {
        let #mutability #builder = #start;
        #(#statements)*
        #finish
    };
    if bindings.is_empty() {
        return quote!({ #body });
    }
    quote! {
        match (#(#bindings,)*) {
            (#(#variables,)*) => { #body }
        }
    }
}

fn spanned_call(expression: &Expr, function: &str) -> TokenStream {
    let span = expression.span();
    let function = Ident::new(function, span);
    quote_spanned!(span=> ::token_url::__private::#function(#expression))
}

fn generate_pair(code: &mut Code<'_>, pair: &template::Pair<'_>) {
    let builder = code.builder.clone();
    match pair.value.as_deref() {
        None | Some([] | [Piece::Text(_)]) => {
            code.flush();
            let text = pair.text;
            code.literal_len += 1 + text.len();
            code.statements
                .push(quote!(#builder.push_static_pair(#text);));
        }
        Some([Piece::Placeholder(placeholder)]) => {
            let key = pair.key;
            let key_tokens = quote!(#key,);
            code.length(placeholder.name, "query_len", &key_tokens);
            code.call(placeholder.name, "push_query_value", &key_tokens, &quote!());
        }
        Some(pieces) => {
            code.flush();
            let key_equals = format!("{}=", pair.key);
            code.literal_len += 1 + key_equals.len();
            code.statements
                .push(quote!(#builder.push_pair_start(#key_equals);));
            code.pieces(pieces);
        }
    }
}
