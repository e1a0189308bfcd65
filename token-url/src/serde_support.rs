//! serde support, behind the `serde` feature.
//!
//! [`SecurityToken`] deserializes with the validation of
//! [`SecurityToken::parse`] and does not serialize, so that a token cannot
//! reach a log through a serialized struct by accident. [`TokenUrl`]
//! serializes as its string. [`Origin`] does both, as its string.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};

use crate::{Origin, SecurityToken, TokenUrl};

/// Deserializes a string with `parse`, reporting its error as a custom
/// serde error.
struct ParseVisitor<T> {
    expecting: &'static str,
    parse: fn(&str) -> Result<T, crate::Error>,
}

impl<T> Visitor<'_> for ParseVisitor<T> {
    type Value = T;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.expecting)
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<T, E> {
        (self.parse)(value).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for SecurityToken {
    /// Deserializes a string such as `"/cpsess0123456789"`, `"cpsess0123456789"`
    /// or `""`, as [`SecurityToken::parse`] accepts them.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<SecurityToken, D::Error> {
        deserializer.deserialize_str(ParseVisitor {
            expecting: "a security token: `/cpsess` followed by 1 to 20 digits, or an empty string",
            parse: SecurityToken::parse,
        })
    }
}

impl Serialize for TokenUrl {
    /// Serializes the whole URL, token included, as a string.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Origin {
    /// Deserializes a string such as `"https://example.com:2087"`, as
    /// [`Origin::parse`] accepts them.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Origin, D::Error> {
        deserializer.deserialize_str(ParseVisitor {
            expecting: "an origin such as `https://example.com:2087`",
            parse: Origin::parse,
        })
    }
}
