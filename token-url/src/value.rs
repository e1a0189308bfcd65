//! The types a placeholder accepts, and how each is written into a URL.
//!
//! The traits are sealed: every implementation is here, and each one writes
//! its text through the percent-encoder, so no value can add a path segment,
//! a query pair or a fragment. Other `Display` types go through
//! [`Formatted`].

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::rc::Rc;
use std::sync::Arc;

use crate::encode::{encoded_len, push_encoded};

#[allow(unreachable_pub)] // Public inside a private module: the sealed-trait pattern.
pub(crate) mod sealed {
    /// Writes a scalar value, percent-encoded.
    pub trait Scalar {
        /// Returns the encoded length, or an estimate where it cannot be
        /// known without formatting the value.
        fn encoded_len(&self) -> usize;
        fn push_encoded(&self, out: &mut String);
    }

    /// Writes a whole query value: zero, one or several `key=value` pairs.
    pub trait Query {
        /// Returns the encoded length of the pairs, each with its separator.
        /// `key_equals_len` is the length of the encoded key and its `=`.
        fn pairs_len(&self, key_equals_len: usize) -> usize;
        /// Appends the pairs, each starting with `key` and its `=`.
        fn push_pairs<K: Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder);
    }

    /// Writes the key of a query pair, percent-encoded, and its `=`.
    pub trait Key {
        fn push_key_equals(&self, out: &mut String);
    }

    /// A key written in the template, already followed by its `=`.
    impl Key for str {
        #[inline]
        fn push_key_equals(&self, out: &mut String) {
            out.push_str(self);
        }
    }

    /// Writes the value of a `<rest..>` placeholder: zero or more segments.
    pub trait Segments {
        fn segments_len(&self) -> usize;
        fn push_segments(&self, builder: &mut crate::__private::Builder, placeholder: &'static str);
    }

    /// Writes one pair of a `<pairs..>` query tail.
    pub trait Pair {
        fn push_pair(&self, query: &mut crate::__private::Builder);
    }
}

/// A value that can stand in a placeholder of a path segment, a query pair
/// or the fragment.
///
/// Implemented for `str`, `String`, `Cow<str>`, `char`, the integer types,
/// `bool`, [`Formatted`], and references and smart pointers to them. The text
/// is percent-encoded: every byte outside `A-Z a-z 0-9 - . _ ~` becomes
/// `%XX`, with non-ASCII characters as their UTF-8 bytes. A `bool` is written
/// as `1` or `0`, the form cPanel's APIs read.
///
/// This trait is sealed. To use a type of your own, wrap it in
/// [`Formatted`] if it implements `Display`, or pass a string.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the value of a URL placeholder",
    label = "this value's type is not a string, `char`, integer or `bool`",
    note = "a placeholder accepts `str`, `String`, `Cow<str>`, `char`, integers and `bool`, or references to them",
    note = "wrap any other `Display` type in `token_url::Formatted(…)`; for several path segments use `<name..>`"
)]
pub trait UrlValue: sealed::Scalar {}

/// A value that can stand as the whole value of a query pair.
///
/// Every [`UrlValue`] is one; besides, `Option<T>` writes no pair when it is
/// `None`, and a slice, array or `Vec` repeats the key once per element
/// (`key=a&key=b`), which cPanel reads as a list. An empty slice writes no
/// pair at all.
///
/// This trait is sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the value of a query pair",
    label = "this value's type is not a string, `char`, integer, `bool`, `Option` or slice of them",
    note = "a query value accepts what a path placeholder does, plus `Option<T>` (omits the pair when `None`) and slices, arrays and `Vec`s (repeat the key)",
    note = "wrap any other `Display` type in `token_url::Formatted(…)`"
)]
pub trait QueryValue: sealed::Query {}

/// A value for a `<rest..>` placeholder: zero or more path segments.
///
/// A string is split on `/` (`"a/b"` is two segments and `""` is none); a
/// slice, array or `Vec` of [`UrlValue`]s gives one segment per element, with
/// any `/` inside an element encoded as `%2F`. Every segment must be neither
/// empty nor `.` nor `..`, so a string with a leading, trailing or doubled
/// `/` is rejected: strip the leading `/` of a CGI `PATH_INFO` first, as in
/// `path_info.strip_prefix('/')`. With zero segments, the `/` before the
/// placeholder stays: `/files/<path..>` with `""` is `/files/`.
///
/// This trait is sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be the value of a `<rest..>` placeholder",
    label = "this value's type is not a string or a slice of segments",
    note = "a `<rest..>` placeholder accepts a string, split on `/`, or a slice, array or `Vec` of segment values"
)]
pub trait SegmentsValue: sealed::Segments {}

/// One key/value pair of a `<pairs..>` query tail: `(key, value)` or a
/// reference to one, where the key is a [`UrlValue`] and the value a
/// [`QueryValue`].
///
/// This trait is sealed.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a pair of a `<pairs..>` query tail",
    label = "the items of this value are not `(key, value)` tuples",
    note = "a `<pairs..>` placeholder accepts anything that iterates over `(key, value)` or `&(key, value)`, such as a `Vec`, a slice or a map"
)]
pub trait QueryPair: sealed::Pair {}

/// A `Display` value for a placeholder, written with its `Display`
/// implementation and then percent-encoded.
///
/// # Panics
///
/// Building the URL panics if the `Display` implementation returns an error,
/// as [`ToString::to_string`] does.
///
/// # Examples
///
/// ```
/// use std::net::Ipv4Addr;
/// use token_url::{cpurl, with_token, Formatted, SecurityToken};
///
/// let ip = Ipv4Addr::new(192, 0, 2, 7);
/// let url = with_token(&SecurityToken::NONE, || {
///     cpurl!("/json-api/addip?ip=<ip>", ip = Formatted(ip))
/// });
/// assert_eq!(url, "/json-api/addip?ip=192.0.2.7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Formatted<T>(pub T);

/// Writes text through the percent-encoder.
struct EncodingWriter<'a>(&'a mut String);

impl fmt::Write for EncodingWriter<'_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        push_encoded(self.0, text);
        Ok(())
    }
}

impl<T: fmt::Display> sealed::Scalar for Formatted<T> {
    #[inline]
    fn encoded_len(&self) -> usize {
        // Unknown without formatting twice; the buffer grows instead.
        0
    }

    #[inline]
    fn push_encoded(&self, out: &mut String) {
        write!(EncodingWriter(out), "{}", self.0)
            .expect("a Display implementation returned an error unexpectedly");
    }
}

impl<T: fmt::Display> UrlValue for Formatted<T> {}

macro_rules! text_values {
    ($($type:ty),*) => {$(
        impl sealed::Scalar for $type {
            #[inline]
            fn encoded_len(&self) -> usize {
                encoded_len(self)
            }

            #[inline]
            fn push_encoded(&self, out: &mut String) {
                push_encoded(out, self);
            }
        }

        impl UrlValue for $type {}
    )*};
}

text_values!(str, String, Cow<'_, str>);

impl sealed::Scalar for char {
    #[inline]
    fn encoded_len(&self) -> usize {
        encoded_len(self.encode_utf8(&mut [0; 4]))
    }

    #[inline]
    fn push_encoded(&self, out: &mut String) {
        push_encoded(out, self.encode_utf8(&mut [0; 4]));
    }
}

impl UrlValue for char {}

impl sealed::Scalar for bool {
    #[inline]
    fn encoded_len(&self) -> usize {
        1
    }

    #[inline]
    fn push_encoded(&self, out: &mut String) {
        out.push(if *self { '1' } else { '0' });
    }
}

impl UrlValue for bool {}

macro_rules! integer_values {
    ($magnitude:ident: $($type:ty),*) => {$(
        impl sealed::Scalar for $type {
            #[inline]
            fn encoded_len(&self) -> usize {
                let sign = usize::from(self.is_negative());
                let digits = match $magnitude(*self).checked_ilog10() {
                    Some(log) => log as usize + 1,
                    None => 1,
                };
                sign + digits
            }

            #[inline]
            fn push_encoded(&self, out: &mut String) {
                // Digits and `-` are unreserved, so nothing needs encoding.
                if self.is_negative() {
                    out.push('-');
                }
                push_digits(out, $magnitude(*self));
            }
        }

        impl UrlValue for $type {}
    )*};
}

/// The sign test of the integer types, which unsigned types lack.
trait Sign {
    fn is_negative(&self) -> bool;
}

macro_rules! signs {
    ($($signed:ty),*; $($unsigned:ty),*) => {
        $(impl Sign for $signed {
            fn is_negative(&self) -> bool {
                *self < 0
            }
        })*
        $(impl Sign for $unsigned {
            fn is_negative(&self) -> bool {
                false
            }
        })*
    };
}

signs!(i8, i16, i32, i64, i128, isize; u8, u16, u32, u64, u128, usize);

fn signed_magnitude<T: Into<i128>>(number: T) -> u128 {
    number.into().unsigned_abs()
}

fn unsigned_magnitude<T: Into<u128>>(number: T) -> u128 {
    number.into()
}

fn isize_magnitude(number: isize) -> u128 {
    u128::from(number.unsigned_abs() as u64)
}

fn usize_magnitude(number: usize) -> u128 {
    u128::from(number as u64)
}

integer_values!(signed_magnitude: i8, i16, i32, i64, i128);
integer_values!(unsigned_magnitude: u8, u16, u32, u64, u128);
integer_values!(isize_magnitude: isize);
integer_values!(usize_magnitude: usize);

/// Appends the decimal digits of `number`.
#[inline]
fn push_digits(out: &mut String, number: u128) {
    let mut digits = [0u8; 39];
    let mut start = digits.len();
    // Division of `u128` is slow, so numbers that fit take the `u64` path.
    if let Ok(mut rest) = u64::try_from(number) {
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
    } else {
        let mut rest = number;
        loop {
            start -= 1;
            digits[start] = b'0' + (rest % 10) as u8;
            rest /= 10;
            if rest == 0 {
                break;
            }
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

macro_rules! forward_value {
    ($($pointer:ty),*) => {$(
        impl<T: UrlValue + ?Sized> sealed::Scalar for $pointer {
            #[inline]
            fn encoded_len(&self) -> usize {
                (**self).encoded_len()
            }

            #[inline]
            fn push_encoded(&self, out: &mut String) {
                (**self).push_encoded(out);
            }
        }

        impl<T: UrlValue + ?Sized> UrlValue for $pointer {}
    )*};
}

forward_value!(&T, &mut T, Box<T>, Rc<T>, Arc<T>);

macro_rules! scalar_query_values {
    ($($type:ty),*) => {$(
        impl sealed::Query for $type {
            #[inline]
            fn pairs_len(&self, key_equals_len: usize) -> usize {
                1 + key_equals_len + sealed::Scalar::encoded_len(self)
            }

            #[inline]
            fn push_pairs<K: sealed::Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder) {
                query.push_scalar_pair(key, self);
            }
        }

        impl QueryValue for $type {}
    )*};
}

scalar_query_values!(str, String, Cow<'_, str>, char, bool);
scalar_query_values!(
    i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize
);

impl<T: fmt::Display> sealed::Query for Formatted<T> {
    #[inline]
    fn pairs_len(&self, key_equals_len: usize) -> usize {
        1 + key_equals_len
    }

    #[inline]
    fn push_pairs<K: sealed::Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder) {
        query.push_scalar_pair(key, self);
    }
}

impl<T: fmt::Display> QueryValue for Formatted<T> {}

impl<T: QueryValue> sealed::Query for Option<T> {
    #[inline]
    fn pairs_len(&self, key_equals_len: usize) -> usize {
        self.as_ref()
            .map_or(0, |value| value.pairs_len(key_equals_len))
    }

    #[inline]
    fn push_pairs<K: sealed::Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder) {
        if let Some(value) = self {
            value.push_pairs(key, query);
        }
    }
}

impl<T: QueryValue> QueryValue for Option<T> {}

impl<T: QueryValue> sealed::Query for [T] {
    #[inline]
    fn pairs_len(&self, key_equals_len: usize) -> usize {
        self.iter()
            .map(|value| value.pairs_len(key_equals_len))
            .sum()
    }

    #[inline]
    fn push_pairs<K: sealed::Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder) {
        for value in self {
            value.push_pairs(key, query);
        }
    }
}

impl<T: QueryValue> QueryValue for [T] {}

macro_rules! forward_query_value {
    ($([$($parameter:tt)*] $type:ty => $target:ty),*) => {$(
        impl<$($parameter)*> sealed::Query for $type {
            #[inline]
            fn pairs_len(&self, key_equals_len: usize) -> usize {
                <$target as sealed::Query>::pairs_len(self, key_equals_len)
            }

            #[inline]
            fn push_pairs<K: sealed::Key + ?Sized>(&self, key: &K, query: &mut crate::__private::Builder) {
                <$target as sealed::Query>::push_pairs(self, key, query);
            }
        }

        impl<$($parameter)*> QueryValue for $type {}
    )*};
}

forward_query_value!(
    [T: QueryValue] Vec<T> => [T],
    [T: QueryValue, const N: usize] [T; N] => [T],
    [T: QueryValue + ?Sized] &T => T,
    [T: QueryValue + ?Sized] &mut T => T,
    [T: QueryValue + ?Sized] Box<T> => T,
    [T: QueryValue + ?Sized] Rc<T> => T,
    [T: QueryValue + ?Sized] Arc<T> => T
);

macro_rules! text_segments {
    ($($type:ty),*) => {$(
        impl sealed::Segments for $type {
            #[inline]
            fn segments_len(&self) -> usize {
                encoded_len(self)
            }

            #[inline]
            fn push_segments(&self, builder: &mut crate::__private::Builder, placeholder: &'static str) {
                if self.is_empty() {
                    return;
                }
                builder.push_rest_text(self, placeholder);
            }
        }

        impl SegmentsValue for $type {}
    )*};
}

text_segments!(str, String, Cow<'_, str>);

impl<T: UrlValue> sealed::Segments for [T] {
    #[inline]
    fn segments_len(&self) -> usize {
        self.iter().map(|segment| segment.encoded_len() + 1).sum()
    }

    #[inline]
    fn push_segments(&self, builder: &mut crate::__private::Builder, placeholder: &'static str) {
        builder.push_rest_segments(self.iter(), placeholder);
    }
}

impl<T: UrlValue> SegmentsValue for [T] {}

macro_rules! forward_segments {
    ($([$($parameter:tt)*] $type:ty => $target:ty),*) => {$(
        impl<$($parameter)*> sealed::Segments for $type {
            #[inline]
            fn segments_len(&self) -> usize {
                <$target as sealed::Segments>::segments_len(self)
            }

            #[inline]
            fn push_segments(&self, builder: &mut crate::__private::Builder, placeholder: &'static str) {
                <$target as sealed::Segments>::push_segments(self, builder, placeholder);
            }
        }

        impl<$($parameter)*> SegmentsValue for $type {}
    )*};
}

forward_segments!(
    [T: UrlValue] Vec<T> => [T],
    [T: UrlValue, const N: usize] [T; N] => [T],
    [T: SegmentsValue + ?Sized] &T => T,
    [T: SegmentsValue + ?Sized] &mut T => T,
    [T: SegmentsValue + ?Sized] Box<T> => T,
    [T: SegmentsValue + ?Sized] Rc<T> => T,
    [T: SegmentsValue + ?Sized] Arc<T> => T
);

impl<K: UrlValue, V: QueryValue> sealed::Pair for (K, V) {
    #[inline]
    fn push_pair(&self, query: &mut crate::__private::Builder) {
        query.push_dynamic_pair(&self.0, &self.1);
    }
}

impl<K: UrlValue, V: QueryValue> QueryPair for (K, V) {}

impl<T: QueryPair + ?Sized> sealed::Pair for &T {
    #[inline]
    fn push_pair(&self, query: &mut crate::__private::Builder) {
        (**self).push_pair(query);
    }
}

impl<T: QueryPair + ?Sized> QueryPair for &T {}

#[cfg(test)]
mod tests {
    use super::sealed::Scalar;
    use super::*;

    fn encode<V: UrlValue + ?Sized>(value: &V) -> String {
        let mut out = String::new();
        value.push_encoded(&mut out);
        assert_eq!(value.encoded_len(), out.len(), "length of {out:?}");
        out
    }

    #[test]
    fn integers_write_exact_digits() {
        assert_eq!(encode(&0u8), "0");
        assert_eq!(encode(&9i32), "9");
        assert_eq!(encode(&10u32), "10");
        assert_eq!(encode(&-1i8), "-1");
        assert_eq!(encode(&i8::MIN), "-128");
        assert_eq!(encode(&i64::MIN), i64::MIN.to_string());
        assert_eq!(encode(&u64::MAX), u64::MAX.to_string());
        assert_eq!(encode(&i128::MIN), i128::MIN.to_string());
        assert_eq!(encode(&u128::MAX), u128::MAX.to_string());
        assert_eq!(encode(&usize::MAX), usize::MAX.to_string());
    }

    #[test]
    fn booleans_write_one_and_zero() {
        assert_eq!(encode(&true), "1");
        assert_eq!(encode(&false), "0");
    }

    #[test]
    fn chars_and_strings_encode() {
        assert_eq!(encode(&'/'), "%2F");
        assert_eq!(encode(&'é'), "%C3%A9");
        assert_eq!(encode("a b+c"), "a%20b%2Bc");
        assert_eq!(encode(&Cow::Borrowed("x&y")), "x%26y");
        assert_eq!(encode(&Box::new(String::from("#"))), "%23");
    }

    #[test]
    fn formatted_encodes_display_output() {
        let mut out = String::new();
        Formatted(std::net::Ipv6Addr::LOCALHOST).push_encoded(&mut out);
        assert_eq!(out, "%3A%3A1");
    }
}
