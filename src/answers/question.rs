//! A question's answer: either the person's words alone (a string) or a
//! mapping with `answer` plus the structured fields that drive artifacts.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;
use std::ops::Deref;

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};

/// Implemented by every question's structured form.
pub trait Answered: Default {
    fn answer(&self) -> Option<&str>;
    fn set_answer(&mut self, answer: String);
}

/// `hosting: "Fly.io"` and `hosting: {answer: "Fly.io", platform: fly}` both
/// deserialize into `Q<Hosting>`; the string form fills only `answer`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(transparent)]
pub struct Q<T>(pub T);

impl<T> Deref for Q<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<'de, T: Deserialize<'de> + Answered> Deserialize<'de> for Q<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de> + Answered> Visitor<'de> for V<T> {
            type Value = Q<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the answer as a string, or a mapping with `answer` and structured fields")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Q<T>, E> {
                let mut t = T::default();
                t.set_answer(v.to_owned());
                Ok(Q(t))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Q<T>, A::Error> {
                // Deserializing through the same MapAccess keeps serde_norway's
                // path and location tracking for errors in nested fields.
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Q)
            }
        }
        d.deserialize_any(V(PhantomData))
    }
}

impl<T: JsonSchema> JsonSchema for Q<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Question_{}", T::schema_name()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let structured = generator.subschema_for::<T>();
        json_schema!({
            "anyOf": [
                {"type": "string", "description": "The answer in your own words."},
                structured
            ]
        })
    }
}

/// Implements [`Answered`] for question structs that have an `answer` field.
macro_rules! answered {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::answers::question::Answered for $t {
            fn answer(&self) -> Option<&str> {
                self.answer.as_deref()
            }
            fn set_answer(&mut self, answer: String) {
                self.answer = Some(answer);
            }
        }
    )+};
}
pub(crate) use answered;

/// An `answer` is words: a number or `true` written there is a mistake
/// (SS005), not an answer to read as "12".
pub fn prose<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct Words;
    impl<'de> Visitor<'de> for Words {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("the answer in words (a string)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(Words)
        }
    }
    d.deserialize_option(Words)
}
