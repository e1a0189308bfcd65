//! Helpers that the integration tests share.

// Each test crate compiles this module and uses only part of it.
#![allow(dead_code)]

pub(crate) mod examples;
pub(crate) mod html;
pub(crate) mod stand_in;

pub(crate) use examples::example;
